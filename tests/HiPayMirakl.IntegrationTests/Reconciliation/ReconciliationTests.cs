using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Reconciliation;

/// <summary>
/// The three-way reconciliation against a real cycle paid through the simulators: a clean cycle stores a run with no
/// finding; each kind of drift, engineered at HiPay or in our database, is stored as its finding and alerted.
/// </summary>
public sealed class ReconciliationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reconcile_CleanPaidCycle_StoresRunWithNoFinding(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await ReconciliationWorld.PaidCycleAsync(harness);

        var result = await ReconciliationWorld.ReconcileAsync(harness);

        Assert.Empty(result.Findings);
        await using var db = harness.CreateDbContext();
        var run = await db.ReconciliationRuns.SingleAsync();
        Assert.Equal(ReconciliationTrigger.Cli, run.Trigger);
        Assert.NotNull(run.FinishedAt);
        Assert.Equal(0, run.FindingCount);
        Assert.Equal(PayoutWorld.Window.CycleInstant, run.CycleInstant);
        Assert.Empty(await db.ReconciliationFindings.ToListAsync());
        Assert.Empty(await ReconciliationWorld.DriftAlertsAsync(harness));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reconcile_TransferBookedAtHiPayWithoutLeg_UnrecordedAtHiPay(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await ReconciliationWorld.PaidCycleAsync(harness);
        // Someone pays shop 2001 from the technical account under a key no leg of ours carries.
        var outcome = await harness.Services.GetRequiredService<HiPayWalletClient>().TransferAsync(new HiPayTransferRequest(
            PayoutWorld.AccountOf(2001), "shop-2001@example.com", 777, "EUR", "TRANSFER_SALES_4242_7_602001", "manual", "manual"));
        Assert.IsType<TransferOutcome.Accepted>(outcome);

        var result = await ReconciliationWorld.ReconcileAsync(harness);

        var finding = await ReconciliationWorld.SingleFindingAsync(harness, result, FindingKinds.UnrecordedAtHiPay);
        Assert.Equal("TRANSFER_SALES_4242_7_602001", finding.Reference);
        Assert.Equal(777, finding.AmountMinor);
        Assert.Equal("EUR", finding.Currency);
        Assert.Single(result.Findings);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reconcile_LegRowDeleted_MissingLegAndItsMoneyUnrecordedAtHiPay(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await ReconciliationWorld.PaidCycleAsync(harness);
        string key;
        await using (var db = harness.CreateDbContext())
        {
            var leg = await db.Legs.SingleAsync(l => l.InvoiceId == "9602");
            key = leg.MerchantUniqueId;
            db.Legs.Remove(leg);
            await db.SaveChangesAsync();
        }

        var result = await ReconciliationWorld.ReconcileAsync(harness);

        var missing = await ReconciliationWorld.SingleFindingAsync(harness, result, FindingKinds.MissingLeg);
        Assert.Equal("9602", missing.InvoiceId);
        Assert.Equal(2000, missing.AmountMinor);
        // The technical account's list shows the transfer; the seller's wallet is listed only when a leg of the window
        // pays it, and the deleted leg was its only one.
        var unrecorded = result.Findings.Where(f => f.Kind == FindingKinds.UnrecordedAtHiPay).Select(f => f.Reference).ToList();
        Assert.Equal(["TRANSFER_" + key], unrecorded);
        Assert.Equal(2, result.Findings.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reconcile_LegAmountChanged_AmountMismatchWithInvoiceAndWithHiPay(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await ReconciliationWorld.PaidCycleAsync(harness);
        await using (var db = harness.CreateDbContext())
        {
            var leg = await db.Legs.SingleAsync(l => l.InvoiceId == "9601");
            leg.AmountMinor = 3100;
            leg.OriginAmountMinor = 3100;
            await db.SaveChangesAsync();
        }

        var result = await ReconciliationWorld.ReconcileAsync(harness);

        var mismatch = await ReconciliationWorld.SingleFindingAsync(harness, result, FindingKinds.AmountMismatch);
        Assert.Equal("9601/SellerPayout", mismatch.Reference);
        Assert.Contains("invoice 30.00 EUR, leg 31.00 EUR", mismatch.Detail, StringComparison.Ordinal);
        // HiPay's transfer is 30.00, not the 31.00 the leg now says; the withdrawal matches the amount recorded as withdrawn.
        var atHiPay = Assert.Single(result.Findings, f => f.Kind == FindingKinds.AmountMismatchAtHiPay);
        Assert.StartsWith("TRANSFER_", atHiPay.Reference, StringComparison.Ordinal);
        Assert.Contains("HiPay 30.00 EUR", atHiPay.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reconcile_WithdrawalMissingAtHiPay_MissingAtHiPayForTheWithdrawalKey(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await ReconciliationWorld.PaidCycleAsync(harness);
        string key;
        await using (var db = harness.CreateDbContext())
        {
            // The leg now records a withdrawal generation HiPay never received.
            var leg = await db.Legs.SingleAsync(l => l.InvoiceId == "9601");
            leg.WithdrawGeneration = 1;
            key = leg.WithdrawalMerchantUniqueId;
            await db.SaveChangesAsync();
        }

        var result = await ReconciliationWorld.ReconcileAsync(harness);

        var finding = await ReconciliationWorld.SingleFindingAsync(harness, result, FindingKinds.MissingAtHiPay);
        Assert.Equal(key, finding.Reference);
        Assert.EndsWith("_G1", key, StringComparison.Ordinal);
        Assert.Contains("withdrawal", finding.Detail, StringComparison.Ordinal);
        Assert.Single(result.Findings);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reconcile_LegTransferredLongerThanIdleDays_MoneyLeftInWallet(DatabaseProvider provider)
    {
        var clock = new ShiftedClock();
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false, services: s => s.AddSingleton<TimeProvider>(clock),
            configure: s => s.Reconciliation.WalletIdleDays = 3);
        await ReconciliationWorld.TransferredCycleAsync(harness);

        var fresh = await ReconciliationWorld.ReconcileAsync(harness);
        clock.Jump(TimeSpan.FromDays(4));
        var late = await ReconciliationWorld.ReconcileAsync(harness);

        Assert.Empty(fresh.Findings);
        Assert.Equal(2, late.Findings.Count(f => f.Kind == FindingKinds.MoneyLeftInWallet));
        var finding = Assert.Single(await ReconciliationWorld.StoredFindingsAsync(harness, late.Run.Id), f => f.InvoiceId == "9601");
        Assert.Equal(FindingKinds.MoneyLeftInWallet, finding.Kind);
        Assert.Equal(3000, finding.AmountMinor);
        Assert.Contains("4 days ago, still TransferSuccess", finding.Detail, StringComparison.Ordinal);
        Assert.Equal(2, late.Findings.Count);
        Assert.Equal(2, (await ReconciliationWorld.DriftAlertsAsync(harness)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reconcile_WalletHoldsMoreThanItsOpenLegs_UnexplainedWalletBalance(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await ReconciliationWorld.TransferredCycleAsync(harness);
        await harness.WalletControl.PostSimAsync("/_sim/wallet/credit", new { accountId = PayoutWorld.AccountOf(2002), amountMinor = 450 });
        var balanceReadsBefore = await BalanceReadsAsync(harness);

        var result = await ReconciliationWorld.ReconcileAsync(harness);

        var finding = await ReconciliationWorld.SingleFindingAsync(harness, result, FindingKinds.UnexplainedWalletBalance);
        Assert.Equal($"wallet/{PayoutWorld.AccountOf(2002)}/EUR", finding.Reference);
        Assert.Equal(450, finding.AmountMinor);
        Assert.Contains("holds 24.50 EUR", finding.Detail, StringComparison.Ordinal);
        Assert.Single(result.Findings);
        // One balance read per wallet holding open legs, whatever the number of legs.
        Assert.Equal(balanceReadsBefore + 2, await BalanceReadsAsync(harness));
    }

    private static async Task<int> BalanceReadsAsync(ConnectorHarness harness) =>
        (await harness.WalletControl.GetSimAsync("/_sim/journal")).EnumerateArray()
            .Count(e => e.GetProperty("method").GetString() == "GET" && e.GetProperty("path").GetString() == "/api/user-account/balance");
}
