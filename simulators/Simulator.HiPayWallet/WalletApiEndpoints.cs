using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulator.Common;

namespace Simulator.HiPayWallet;

/// <summary>The HiPay Wallet REST surface (accounts, documents, bank info, transfers, withdrawals, transactions), mounted under /api (the optional .json suffix is stripped earlier).</summary>
internal static class WalletApiEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/user-account/is-available", (HttpContext c, WalletState s) => Run(c, s, (_, f) => s.IsAvailable(f("user_email"), f("entity"))))
            .WithSimRouteKey("is-available");
        api.MapPost("/user-account", (HttpContext c, WalletState s) => Run(c, s, (_, f) => s.CreateAccount(new CreateAccountInput(
                f("email"), f("firstname"), f("lastname"), f("currency"), f("locale"), f("login"), f("controle_type"), f("credential[wslogin]"),
                f("credential[wspassword]"), f("civility"), f("entity_code"), f("company_name"), f("vat_number"), f("alias"), f("callback_url"),
                f("callback_salt"), f("account_type"), f("pro_type"), f("merchant_group_code"), Address(c)))))
            .WithSimRouteKey("user-account-create");
        api.MapGet("/user-account", (HttpContext c, WalletState s) => Run(c, s, (caller, _) => s.GetAccount(caller.AccountId)))
            .WithSimRouteKey("user-account-get");
        api.MapPatch("/user-account", (HttpContext c, WalletState s) => Run(c, s, (caller, f) => s.UpdateAccount(caller.AccountId,
                new UpdateAccountInput(f("email"), f("alias"), f("vat_number"), f("callback_url"), f("callback_salt"), Address(c)))))
            .WithSimRouteKey("user-account-update");
        api.MapPost("/identification", (HttpContext c, WalletState s) => Run(c, s, (caller, f) => s.UploadDocument(caller.AccountId,
                new UploadDocumentInput(f("type"), File(c, "file"), File(c, "back"), f("validity_date")))))
            .WithSimRouteKey("identification-upload");
        api.MapGet("/identification", (HttpContext c, WalletState s) => Run(c, s, (caller, _) => s.ListDocuments(caller.AccountId)))
            .WithSimRouteKey("identification-list");
        api.MapPost("/user-account/bank-info", (HttpContext c, WalletState s) => Run(c, s, (caller, f) => s.RegisterBankInfo(caller.AccountId,
                new BankInfoInput(f("bank_country"), f("bank_name"), f("bank_address"), f("bank_zip_code"), f("bank_city"), f("iban"), f("swift"),
                    f("aba_num"), f("bsb_num"), f("bank_num"), f("acct_num"), f("transit_num"), File(c, "file")))))
            .WithSimRouteKey("bank-info-register");
        api.MapGet("/user-account/bank-info", (HttpContext c, WalletState s) => Run(c, s, (caller, _) => s.GetBankInfo(caller.AccountId, c.Request.Query["locale"].ToString())))
            .WithSimRouteKey("bank-info-get");
        api.MapGet("/user-account/bank-info/{locale}", (HttpContext c, WalletState s, string locale) => Run(c, s, (caller, _) => s.GetBankInfo(caller.AccountId, locale)))
            .WithSimRouteKey("bank-info-get");
        api.MapGet("/user-account/balance", (HttpContext c, WalletState s) => Run(c, s, (caller, _) => s.GetBalance(caller.AccountId)))
            .WithSimRouteKey("balance");
        api.MapPost("/transfer", (HttpContext c, WalletState s) => Run(c, s, (caller, f) => s.Transfer(caller.AccountId, new TransferInput(
                f("recipient_account_id"), f("recipient_account_login"), f("amount"), f("public_label"), f("private_label"), f("merchant_unique_id")))))
            .WithSimRouteKey("transfer");
        api.MapPost("/withdrawal", (HttpContext c, WalletState s) => Run(c, s, (caller, f) => s.Withdraw(caller.AccountId, caller.ViaSubAccount,
                new WithdrawalInput(f("amount"), f("label"), f("merchant_unique_id")))))
            .WithSimRouteKey("withdrawal");
        api.MapGet("/merchant-group/{code}", (HttpContext c, WalletState s, string code) => Run(c, s, (_, _) => s.MerchantGroup(code,
                c.Request.Query["nb_result_per_page"].ToString(), c.Request.Query["page"].ToString())))
            .WithSimRouteKey("merchant-group");
        api.MapGet("/tools/bank-info-fields/{country}/{locale}", (HttpContext c, WalletState s, string country, string locale) =>
                Run(c, s, (_, _) => WalletState.BankInfoFields(country, locale)))
            .WithSimRouteKey("bank-info-fields");
        api.MapGet("/transaction", (HttpContext c, WalletState s) => Run(c, s, (caller, _) => s.ListTransactions(caller.AccountId,
                c.Request.Query["start-date"].ToString(), c.Request.Query["end-date"].ToString(),
                c.Request.Query["nb-result-per-page"].ToString(), c.Request.Query["page"].ToString())))
            .WithSimRouteKey("transaction-list");
        api.MapGet("/transaction/{id}", (HttpContext c, WalletState s, string id) => Run(c, s, (_, _) => s.GetTransaction(id)))
            .WithSimRouteKey("transaction-get");
    }

    /// <summary>Strips the optional ".json" format suffix (HOAS documents /user-account.{_format}); ".xml" is not rendered.</summary>
    public static async Task RewriteFormatSuffixAsync(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path.Value;
        if (path is not null && path.StartsWith("/api/", StringComparison.Ordinal))
        {
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                context.Request.Path = new PathString(path[..^".json".Length]);
            }
            else if (path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status406NotAcceptable;
                await context.Response.WriteAsJsonAsync(new WalletErrorResponse(406, "Only the JSON format is rendered by this server."), Json);
                return;
            }
        }

        await next();
    }

    private static async Task<IResult> Run(HttpContext context, WalletState state, Func<WalletCaller, Func<string, string?>, WalletOutcome> handler)
    {
        var outcome = WalletAuth.Authenticate(context.Request, state) is { } caller
            ? handler(caller, await ReadFormAsync(context))
            : WalletOutcome.Unauthorized();
        return Results.Json(outcome.Body, Json, statusCode: outcome.HttpStatus);
    }

    private static async Task<Func<string, string?>> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return _ => null;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        return name => form.TryGetValue(name, out var value) ? value.ToString() : null;
    }

    private static Dictionary<string, string> Address(HttpContext context)
    {
        var address = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!context.Request.HasFormContentType)
        {
            return address;
        }

        foreach (var (key, value) in context.Request.Form)
        {
            if (key.StartsWith("address[", StringComparison.Ordinal) && key.EndsWith(']'))
            {
                address[key["address[".Length..^1]] = value.ToString();
            }
        }

        return address;
    }

    private static UploadedFile? File(HttpContext context, string name) =>
        context.Request.HasFormContentType && context.Request.Form.Files.GetFile(name) is { } file ? new UploadedFile(file.FileName, file.Length) : null;
}
