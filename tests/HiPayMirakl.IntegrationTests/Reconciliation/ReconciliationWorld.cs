using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Reconciliation;

/// <summary>Paid cycles to reconcile, and the run's stored rows and alerts read back.</summary>
internal static class ReconciliationWorld
{
    /// <summary>
    /// HiPay's books are dated by the wallet simulator's clock: it is put at the cycle, so the transaction list the
    /// reconciliation reads from the window's start on holds the cycle's transfers and withdrawals.
    /// </summary>
    public static Task StartAtCycleAsync(ConnectorHarness harness) =>
        harness.WalletControl.PostSimAsync("/_sim/clock/set", new { now = PayoutWorld.CycleInstant.AddMinutes(1) });

    /// <summary>Shop 2001 owed 30.00 EUR by invoice 9601, shop 2002 owed 20.00 EUR by invoice 9602, both paid and withdrawn.</summary>
    public static async Task PaidCycleAsync(ConnectorHarness harness)
    {
        await StartAtCycleAsync(harness);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedVendorAsync(harness, 2002);
        await PayoutWorld.SeedInvoiceAsync(harness, 9601, 2001, 30.00m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9602, 2002, 20.00m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 100_000);
        // The first round transfers (captured meanwhile), the second withdraws (paid out meanwhile).
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        await using var db = harness.CreateDbContext();
        Assert.All(await db.Legs.ToListAsync(), l => Assert.Equal(LegStatus.WithdrawSuccess, l.Status));
    }

    /// <summary>The same cycle transferred but not withdrawn: the legs wait in the sellers' wallets (TransferSuccess).</summary>
    public static async Task TransferredCycleAsync(ConnectorHarness harness)
    {
        await StartAtCycleAsync(harness);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedVendorAsync(harness, 2002);
        await PayoutWorld.SeedInvoiceAsync(harness, 9601, 2001, 30.00m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9602, 2002, 20.00m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 100_000);
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
        }

        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        await harness.DrainInboxAsync();
        await using var db = harness.CreateDbContext();
        Assert.All(await db.Legs.ToListAsync(), l => Assert.Equal(LegStatus.TransferSuccess, l.Status));
    }

    public static async Task<ReconciliationResult> ReconcileAsync(ConnectorHarness harness)
    {
        await using var scope = harness.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Reconciler>().RunAsync(PayoutWorld.Window, ReconciliationTrigger.Cli, null, CancellationToken.None);
    }

    public static async Task<List<ReconciliationFinding>> StoredFindingsAsync(ConnectorHarness harness, long runId)
    {
        await using var db = harness.CreateDbContext();
        return await db.ReconciliationFindings.Where(f => f.RunId == runId).OrderBy(f => f.Id).ToListAsync();
    }

    public static async Task<List<AlertLogEntry>> DriftAlertsAsync(ConnectorHarness harness)
    {
        await harness.Services.GetRequiredService<QueuedAlertSink>().StoreQueuedAsync(CancellationToken.None);
        await using var db = harness.CreateDbContext();
        return await db.AlertLog.Where(a => a.Kind == Reconciler.DriftAlertKind).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>The one stored finding of <paramref name="kind"/>, with its alert.</summary>
    public static async Task<ReconciliationFinding> SingleFindingAsync(ConnectorHarness harness, ReconciliationResult result, string kind)
    {
        var stored = await StoredFindingsAsync(harness, result.Run.Id);
        var finding = Assert.Single(stored, f => f.Kind == kind);
        var alerts = await DriftAlertsAsync(harness);
        Assert.Contains(alerts, a => a.Key == finding.Reference + "/" + kind && a.Severity == AlertSeverity.Error);
        await using var db = harness.CreateDbContext();
        var run = await db.ReconciliationRuns.SingleAsync(r => r.Id == result.Run.Id);
        Assert.NotNull(run.FinishedAt);
        Assert.Equal(stored.Count, run.FindingCount);
        Assert.Equal(stored.Count(f => f.Kind == kind), run.CountsByKind()[kind]);
        return finding;
    }
}
