using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Payouts;

/// <summary>Finance's overrides (paid outside, skip, re-issue) against the wallet simulator in strict books mode.</summary>
public sealed class LegOverrideTests
{
    private const long Shop = 2001;

    private static async Task<ConnectorHarness> StartAsync(DatabaseProvider provider, int maxAttempts = 20)
    {
        var harness = await ConnectorHarness.StartAsync(provider);
        harness.Settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        harness.Settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        harness.Settings.Cycle.MaxAttempts = maxAttempts;
        return harness;
    }

    private static async Task<Leg> SeedGeneratedLegAsync(ConnectorHarness harness, long invoiceId, decimal seller)
    {
        await PayoutWorld.SeedVendorAsync(harness, Shop);
        await PayoutWorld.SeedInvoiceAsync(harness, invoiceId, Shop, seller, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 1_000_000);
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
        }

        return await LegAsync(harness);
    }

    private static async Task<Leg> LegAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Legs.AsNoTracking().SingleAsync();
    }

    private static async Task<string> OverrideAsync(ConnectorHarness harness, long legId, LegOverrideAction action, string reason, string actor = "fiona")
    {
        await using var scope = harness.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LegOverrides>().ApplyAsync(legId, action, reason, actor, CancellationToken.None);
    }

    private static async Task RoundsUntilAsync(ConnectorHarness harness, LegStatus status, int max)
    {
        for (var round = 0; round < max && (await LegAsync(harness)).Status != status; round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }
    }

    private static async Task<List<(string Method, string Path, string? Reference)>> JournalAsync(ConnectorHarness harness)
    {
        var journal = await harness.WalletControl.GetSimAsync("/_sim/journal");
        return journal.EnumerateArray().Select(e => (
            e.GetProperty("method").GetString() ?? "",
            e.GetProperty("path").GetString() ?? "",
            e.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null)).ToList();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MarkPaidOutside_LegNeverSent_EndsPaidOutsideRecordedAndNothingIsEverSent(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var created = await SeedGeneratedLegAsync(harness, 9901, 25.00m);

        var result = await OverrideAsync(harness, created.Id, LegOverrideAction.MarkPaidOutside, "paid by bank transfer, ticket FIN-12");
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        var leg = await LegAsync(harness);
        Assert.Equal(LegStatus.PaidOutside, leg.Status);
        Assert.Contains("PaidOutside", result, StringComparison.Ordinal);
        await using var db = harness.CreateDbContext();
        var row = await db.LegOverrides.AsNoTracking().SingleAsync();
        Assert.Equal((leg.Id, LegOverrideAction.MarkPaidOutside, "fiona", "paid by bank transfer, ticket FIN-12"), (row.LegId, row.Action, row.Actor, row.Reason));
        var before = LegSnapshot.FromJson(row.BeforeJson)!;
        var after = LegSnapshot.FromJson(row.AfterJson)!;
        Assert.Equal((LegStatus.Created, 2500L, "EUR", 0), (before.Status, before.AmountMinor, before.Currency, before.TransferGeneration));
        Assert.Equal((LegStatus.PaidOutside, 2500L), (after.Status, after.AmountMinor));
        var log = await db.LegLog.AsNoTracking().Where(e => e.LegId == leg.Id).OrderBy(e => e.Id).ToListAsync();
        var line = Assert.Single(log, e => e.ToStatus == LegStatus.PaidOutside);
        Assert.Equal((LegStatus.Created, "fiona"), (line.FromStatus, line.Actor));
        Assert.StartsWith("Override mark-paid-outside by fiona: paid by bank transfer, ticket FIN-12", line.Message, StringComparison.Ordinal);
        Assert.Equal(row.CreatedAt, line.CreatedAt);
        // The books were read before, and nothing was ever posted for the leg.
        var journal = await JournalAsync(harness);
        Assert.Contains(journal, e => e.Method == "GET" && e.Path == "/api/transaction/" + leg.TransferKey(0));
        Assert.DoesNotContain(journal, e => e.Method == "POST" && e.Path is "/api/transfer" or "/api/withdrawal");
        Assert.DoesNotContain(await PayoutWorld.TransactionsAsync(harness), t => t.MerchantUniqueId?.Contains(leg.MerchantUniqueId, StringComparison.Ordinal) == true);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Skip_AfterARefusedCapture_ReadsEveryGenerationAndEndsSkipped(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await SeedGeneratedLegAsync(harness, 9902, 18.00m);
        await harness.WalletControl.PostSimAsync("/_sim/wallet/switches", new { captureNok = true });
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        var failed = await LegAsync(harness);
        Assert.Equal((LegStatus.TransferFailed, 1), (failed.Status, failed.TransferGeneration));

        await OverrideAsync(harness, failed.Id, LegOverrideAction.Skip, "invoice disputed");
        await harness.WalletControl.PostSimAsync("/_sim/wallet/switches", new { captureNok = false });
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        var leg = await LegAsync(harness);
        Assert.Equal(LegStatus.Skipped, leg.Status);
        var journal = await JournalAsync(harness);
        Assert.Contains(journal, e => e.Method == "GET" && e.Path == "/api/transaction/" + leg.TransferKey(0));
        Assert.Contains(journal, e => e.Method == "GET" && e.Path == "/api/transaction/" + leg.TransferKey(1));
        Assert.Single(journal, e => e.Method == "POST" && e.Path == "/api/transfer");
        Assert.DoesNotContain(await PayoutWorld.TransactionsAsync(harness), t => t.Status == "CAPTURED" && t.MerchantUniqueId?.Contains(leg.MerchantUniqueId, StringComparison.Ordinal) == true);
        await using var db = harness.CreateDbContext();
        var row = await db.LegOverrides.AsNoTracking().SingleAsync();
        Assert.Equal((LegStatus.TransferFailed, LegStatus.Skipped), (LegSnapshot.FromJson(row.BeforeJson)!.Status, LegSnapshot.FromJson(row.AfterJson)!.Status));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MarkPaidOutside_HeldLegWhoseTransferWasCaptured_RefusedAndNothingChanges(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await SeedGeneratedLegAsync(harness, 9903, 30.00m);
        await RoundsUntilAsync(harness, LegStatus.TransferSuccess, 2);
        // A held leg whose records lag behind HiPay's books (as an imported leg can): the transfer was captured.
        await using (var db = harness.CreateDbContext())
        {
            await db.Legs.ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, LegStatus.TransferHeld).SetProperty(l => l.TransferId, (string?)null));
        }

        var leg = await LegAsync(harness);
        var ex = await Assert.ThrowsAsync<LegActionException>(() => OverrideAsync(harness, leg.Id, LegOverrideAction.MarkPaidOutside, "paid by cheque"));

        Assert.Contains("CAPTURED", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(LegStatus.TransferHeld, (await LegAsync(harness)).Status);
        await using var check = harness.CreateDbContext();
        Assert.Equal(0, await check.LegOverrides.CountAsync());
        var note = await check.LegLog.AsNoTracking().Where(e => e.LegId == leg.Id).OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal((LegStatus.TransferHeld, LegStatus.TransferHeld, "fiona"), (note.FromStatus!.Value, note.ToStatus, note.Actor));
        Assert.StartsWith("Override mark-paid-outside refused (paid by cheque)", note.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Skip_LookupAnswers5xx_RefusedFailClosedAndNothingChanges(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var created = await SeedGeneratedLegAsync(harness, 9904, 12.00m);
        await harness.WalletControl.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 503, method = "GET", pathRegex = "^/api/transaction/" });

        var ex = await Assert.ThrowsAsync<LegActionException>(() => OverrideAsync(harness, created.Id, LegOverrideAction.Skip, "disputed"));

        Assert.Contains("could not be read", ex.Message, StringComparison.Ordinal);
        var leg = await LegAsync(harness);
        Assert.Equal((LegStatus.Created, created.Version, created.TransferGeneration), (leg.Status, leg.Version, leg.TransferGeneration));
        await using var db = harness.CreateDbContext();
        Assert.Equal(0, await db.LegOverrides.CountAsync());
        Assert.DoesNotContain(await db.LegLog.AsNoTracking().Where(e => e.LegId == leg.Id).ToListAsync(), e => e.FromStatus != e.ToStatus && e.Actor is not null);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reissue_WithdrawalHeldAfterTheBankRefusedIt_MintsANewKeyAndTheSellerIsPaidOnce(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider, maxAttempts: 1);
        await SeedGeneratedLegAsync(harness, 9905, 40.00m);
        await RoundsUntilAsync(harness, LegStatus.TransferSuccess, 2);
        await harness.WalletControl.PostSimAsync("/_sim/wallet/switches", new { withdrawalNok = true });
        await RoundsUntilAsync(harness, LegStatus.WithdrawHeld, 3);
        var held = await LegAsync(harness);
        Assert.Equal((LegStatus.WithdrawHeld, 0), (held.Status, held.WithdrawGeneration));
        await harness.WalletControl.PostSimAsync("/_sim/wallet/switches", new { withdrawalNok = false });
        await harness.WalletControl.DeleteAsync(new Uri("/_sim/journal", UriKind.Relative));

        var result = await OverrideAsync(harness, held.Id, LegOverrideAction.Reissue, "seller gave a new IBAN");
        var reissued = await LegAsync(harness);
        Assert.Equal((LegStatus.TransferSuccess, 1, 0), (reissued.Status, reissued.WithdrawGeneration, reissued.AttemptCount));
        Assert.Contains(reissued.WithdrawalKey(1), result, StringComparison.Ordinal);
        await RoundsUntilAsync(harness, LegStatus.WithdrawSuccess, 3);

        var leg = await LegAsync(harness);
        Assert.Equal(LegStatus.WithdrawSuccess, leg.Status);
        var posts = (await JournalAsync(harness)).Where(e => e.Method == "POST" && e.Path == "/api/withdrawal").ToList();
        Assert.Equal(leg.WithdrawalKey(1), Assert.Single(posts).Reference);
        var withdrawals = (await PayoutWorld.TransactionsAsync(harness)).Where(t => t.Kind == "Withdrawal" && t.MerchantUniqueId?.Contains(leg.MerchantUniqueId, StringComparison.Ordinal) == true).ToList();
        var paid = Assert.Single(withdrawals, t => t.Status == "CAPTURED");
        Assert.Equal((leg.WithdrawalKey(1), 4000L), (paid.MerchantUniqueId, paid.Amount));
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));
        await using var db = harness.CreateDbContext();
        var row = await db.LegOverrides.AsNoTracking().SingleAsync();
        Assert.Equal((LegStatus.WithdrawHeld, 0), (LegSnapshot.FromJson(row.BeforeJson)!.Status, LegSnapshot.FromJson(row.BeforeJson)!.WithdrawGeneration));
        Assert.Equal((LegStatus.TransferSuccess, 1), (LegSnapshot.FromJson(row.AfterJson)!.Status, LegSnapshot.FromJson(row.AfterJson)!.WithdrawGeneration));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reissue_WithdrawalStillPendingAtHiPay_Refused(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await SeedGeneratedLegAsync(harness, 9906, 15.00m);
        await RoundsUntilAsync(harness, LegStatus.TransferSuccess, 2);
        // The withdrawal was accepted (pending at HiPay, payout not yet made), but our records say it failed.
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().WithdrawAsync(CancellationToken.None);
        }

        await using (var db = harness.CreateDbContext())
        {
            await db.Legs.ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, LegStatus.WithdrawHeld));
        }

        var leg = await LegAsync(harness);
        var ex = await Assert.ThrowsAsync<LegActionException>(() => OverrideAsync(harness, leg.Id, LegOverrideAction.Reissue, "new IBAN"));

        Assert.Contains("may still move money", ex.Message, StringComparison.Ordinal);
        Assert.Equal((LegStatus.WithdrawHeld, 0), ((await LegAsync(harness)).Status, (await LegAsync(harness)).WithdrawGeneration));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OverrideApi_OperatorSkipsViewerIsForbiddenAndRefusalIsAProblem(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var created = await SeedGeneratedLegAsync(harness, 9907, 10.00m);
        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);
        var operatorClient = await harness.ClientAsync(ConnectorRoles.Operator);

        using var forbidden = await viewer.PostAsJsonAsync($"/api/legs/{created.Id}/override", new { action = "skip", reason = "viewer tries" });
        using var unknownAction = await operatorClient.PostAsJsonAsync($"/api/legs/{created.Id}/override", new { action = "pay-twice", reason = "no" });
        Assert.Equal(LegStatus.Created, (await LegAsync(harness)).Status);
        using var skipped = await operatorClient.PostAsJsonAsync($"/api/legs/{created.Id}/override", new { action = "skip", reason = "duplicate invoice" });
        using var again = await operatorClient.PostAsJsonAsync($"/api/legs/{created.Id}/override", new { action = "mark-paid-outside", reason = "again" });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownAction.StatusCode);
        Assert.True(skipped.StatusCode == HttpStatusCode.OK, await skipped.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Skipped", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = harness.CreateDbContext();
        var row = await db.LegOverrides.AsNoTracking().SingleAsync();
        Assert.Equal((LegOverrideAction.Skip, "apikey:tests-operator"), (row.Action, row.Actor));
        Assert.Equal(LegStatus.Skipped, (await LegAsync(harness)).Status);
    }

    [Fact]
    public async Task Reconciliation_PaidOutsideLeg_IsNotReportedMissingAtHiPay()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var created = await SeedGeneratedLegAsync(harness, 9908, 20.00m);
        await OverrideAsync(harness, created.Id, LegOverrideAction.MarkPaidOutside, "paid by cheque");

        await using var scope = harness.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<HiPayMirakl.Core.Features.Reconciliation.Reconciler>()
            .RunAsync(PayoutWorld.Window, "cli", null, CancellationToken.None);

        Assert.DoesNotContain(result.Findings, f => f.InvoiceId == "9908");
    }
}
