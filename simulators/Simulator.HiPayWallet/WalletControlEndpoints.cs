using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulator.Common;

namespace Simulator.HiPayWallet;

/// <summary>Wallet-specific control routes next to the kit's: books, funding, seeding, forcing, notifications, switches.</summary>
internal static class WalletControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var g = app.MapGroup(SimulatorControl.Prefix + "/wallet");
        g.MapGet("/books", (WalletState s) => Results.Json(s.Books(), SimulatorControl.JsonOptions));
        g.MapPost("/credit", async (HttpRequest r, WalletState s) =>
            await ReadAsync<CreditRequest>(r) is { } body ? Write(s.Credit(body)) : BadRequest("A credit body {\"amount\":\"12.34\"} is required."));
        g.MapPost("/accounts", async (HttpRequest r, WalletState s) =>
        {
            var accounts = await ReadSeedAsync(r);
            return accounts is null ? BadRequest("Body: an account, an array of accounts or {\"accounts\":[…]}.") : Write(s.SeedAccounts(accounts));
        });
        g.MapPost("/accounts/{id:long}", async (long id, HttpRequest r, WalletState s) =>
            await ReadAsync<ForceAccountRequest>(r) is { } body ? Write(s.ForceAccount(id, body)) : BadRequest("A body is required."));
        g.MapPost("/notify", async (HttpRequest r, WalletState s) =>
            await ReadAsync<NotifyRequest>(r) is { } body ? Write(s.Notify(body)) : BadRequest("A notification body is required."));
        g.MapGet("/books-mode", (WalletState s) => Results.Json(new { strictBooks = s.StrictBooks }, SimulatorControl.JsonOptions));
        g.MapPost("/books-mode", async (HttpRequest r, WalletState s) =>
            await ReadAsync<BooksModeRequest>(r) is { StrictBooks: { } strict }
                ? Results.Json(new { strictBooks = s.SetStrictBooks(strict) }, SimulatorControl.JsonOptions)
                : BadRequest("Body {\"strictBooks\": true|false} is required."));
        g.MapGet("/posts", (HttpRequest r, WalletState s, RequestJournal journal) => Results.Json(s.Tally(
            journal.CountByReference(e => HttpMethods.IsPost(e.Method) && WalletJournal.IsPath(e.Path, WalletJournal.TransferPath)),
            journal.CountByReference(e => HttpMethods.IsPost(e.Method) && WalletJournal.IsPath(e.Path, WalletJournal.WithdrawalPath)),
            r.Query["merchantUniqueId"].FirstOrDefault()), SimulatorControl.JsonOptions));
        g.MapGet("/switches", (WalletState s) => Results.Json(s.Switches, SimulatorControl.JsonOptions));
        g.MapPost("/switches", async (HttpRequest r, WalletState s) =>
            await ReadAsync<SwitchesRequest>(r) is { } body ? Results.Json(s.UpdateSwitches(body), SimulatorControl.JsonOptions) : BadRequest("A switches body is required."));
    }

    private static IResult Write(WalletOutcome outcome) => Results.Json(outcome.Body, SimulatorControl.JsonOptions, statusCode: outcome.HttpStatus);

    private static IResult BadRequest(string message) =>
        Results.Json(new { status = 400, message }, SimulatorControl.JsonOptions, statusCode: StatusCodes.Status400BadRequest);

    private static async Task<T?> ReadAsync<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, SimulatorControl.JsonOptions, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static async Task<IReadOnlyList<SeedAccountRequest>?> ReadSeedAsync(HttpRequest request)
    {
        JsonElement root;
        try
        {
            root = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, SimulatorControl.JsonOptions, request.HttpContext.RequestAborted);
            if (root.ValueKind == JsonValueKind.Array)
            {
                return root.Deserialize<List<SeedAccountRequest>>(SimulatorControl.JsonOptions);
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("accounts", out var list))
            {
                return list.Deserialize<List<SeedAccountRequest>>(SimulatorControl.JsonOptions);
            }

            return root.ValueKind == JsonValueKind.Object && root.Deserialize<SeedAccountRequest>(SimulatorControl.JsonOptions) is { } one ? [one] : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
