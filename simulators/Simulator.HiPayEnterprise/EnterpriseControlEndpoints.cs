using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Common;

namespace Simulator.HiPayEnterprise;

/// <summary>Control routes of this fake under /_sim/enterprise (no auth: test tooling, never HiPay's).</summary>
internal static class EnterpriseControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var state = app.ServiceProvider.GetRequiredService<EnterpriseState>();
        var notifier = app.ServiceProvider.GetRequiredService<EnterpriseNotifier>();
        var clock = app.ServiceProvider.GetRequiredService<VirtualClock>();
        var g = app.MapGroup(SimulatorControl.Prefix + "/enterprise");

        g.MapGet("/transactions", () => Json(state.Transactions()));
        g.MapGet("/books", () => Json(state.Books()));
        g.MapGet("/agreements", () => Json(state.Agreements()));

        g.MapPost("/seed", async (HttpRequest request) =>
        {
            var seed = await ReadAsync<SeedRequest>(request);
            if (seed?.Agreements is null)
            {
                return Error("Body {\"agreements\":[{\"iban\":…,\"firstName\":…,\"lastName\":…}]} is required.");
            }

            var ids = new List<long>();
            foreach (var a in seed.Agreements)
            {
                if (!SimSepa.IsValidIban(a.Iban) || string.IsNullOrWhiteSpace(a.FirstName) || string.IsNullOrWhiteSpace(a.LastName))
                {
                    return Error("Each agreement needs a valid IBAN, firstName and lastName.");
                }

                var status = a.Status ?? "available";
                if (!EnterpriseState.IsKnownAgreementStatus(status))
                {
                    return Error("status must be pending, available, terminated, suspended or error.");
                }

                ids.Add(state.SeedAgreement(a.Iban!, a.FirstName!, a.LastName!, status, a.LastActivity, a.MultiUse ?? true));
            }

            return Json(new { ids });
        });

        g.MapPost("/agreements/{id:long}/status", async (long id, HttpRequest request) =>
        {
            var body = await ReadAsync<StatusRequest>(request);
            if (body?.Status is not { } status || !EnterpriseState.IsKnownAgreementStatus(status))
            {
                return Error("Body {\"status\":\"pending|available|terminated|suspended|error\"} is required.");
            }

            return state.SetAgreementStatus(id, status) ? Results.NoContent() : Results.NotFound();
        });

        g.MapPost("/transactions/{reference}/return", (string reference) =>
            state.ReturnTransaction(reference) ? Results.NoContent() : Results.Conflict(new { error = "Only a captured (118) transaction can be returned." }));

        g.MapPost("/transactions/{reference}/resend", (string reference) =>
            state.Resend(reference) ? Results.NoContent() : Results.NotFound());

        g.MapGet("/switches", () => Json(state.Switches));
        g.MapPost("/switches", async (HttpRequest request) =>
        {
            var body = await ReadAsync<EnterpriseSwitches>(request);
            if (body is null)
            {
                return Error("Body {\"declineAll\":bool,\"returnAll\":bool,\"maintenance\":bool} is required.");
            }

            state.Switches = body;
            return Json(body);
        });

        g.MapGet("/security-settings", () => Json(new { hashAlgorithm = notifier.Algorithm, notificationFormat = notifier.Format }));
        g.MapPost("/security-settings", async (HttpRequest request) =>
        {
            var body = await ReadAsync<SecurityRequest>(request);
            if (body is null
                || (body.HashAlgorithm is not null and not ("SHA1" or "SHA256" or "SHA512"))
                || (body.NotificationFormat is not null and not ("form" or "xml")))
            {
                return Error("Body {\"passphrase\":…,\"hashAlgorithm\":\"SHA1|SHA256|SHA512\",\"notificationFormat\":\"form|xml\"} expected.");
            }

            notifier.Passphrase = body.Passphrase ?? notifier.Passphrase;
            notifier.Algorithm = body.HashAlgorithm ?? notifier.Algorithm;
            notifier.Format = body.NotificationFormat ?? notifier.Format;
            return Json(new { hashAlgorithm = notifier.Algorithm, notificationFormat = notifier.Format });
        });

        // Moves the clock to the same time of day n bank days (Mon–Fri) later, running what falls due.
        g.MapPost("/clock/advance-bank-days", async (HttpRequest request, CancellationToken ct) =>
        {
            var body = await ReadAsync<BankDaysRequest>(request);
            if (body is null || body.BankDays < 0)
            {
                return Error("Body {\"bankDays\": n} with n >= 0 is required.");
            }

            var now = clock.GetUtcNow();
            var run = await clock.AdvanceAsync(SimSepa.AddBankDays(now, body.BankDays) - now, ct);
            return Json(new { now = clock.GetUtcNow(), jobsRun = run });
        });
    }

    private static IResult Json(object value) => Results.Json(value, SimulatorControl.JsonOptions);

    private static IResult Error(string message) => Results.BadRequest(new { error = message });

    private static async Task<T?> ReadAsync<T>(HttpRequest request)
    {
        try
        {
            return await request.ReadFromJsonAsync<T>(SimulatorControl.JsonOptions);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    internal sealed record SeedAgreement(string? Iban, string? FirstName, string? LastName, string? Status, DateTimeOffset? LastActivity, bool? MultiUse);

    internal sealed record SeedRequest(IReadOnlyList<SeedAgreement>? Agreements);

    internal sealed record StatusRequest(string? Status);

    internal sealed record SecurityRequest(string? Passphrase, string? HashAlgorithm, string? NotificationFormat);

    internal sealed record BankDaysRequest(int BankDays);
}
