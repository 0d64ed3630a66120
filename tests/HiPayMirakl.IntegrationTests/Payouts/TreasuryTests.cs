using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Payouts;

/// <summary>
/// The transfer run against the technical wallet's balance: read once per run, the legs it cannot cover left unsent
/// (oldest cycle first is paid first), the shortfall alerted before any transfer, the rest paid once funded.
/// </summary>
public sealed class TreasuryTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TransferRun_BalanceShortForSomeLegs_SendsOnlyTheCoveredOnes_OneBalanceRead_ThenPaysTheRestOnceFunded(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedVendorAsync(harness, 2002);
        await PayoutWorld.SeedVendorAsync(harness, 2003);
        await PayoutWorld.SeedInvoiceAsync(harness, 9401, 2001, 30.00m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9402, 2002, 20.00m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9403, 2003, 5.00m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 4_000);
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
        }

        List<Leg> legs;
        await using (var db = harness.CreateDbContext())
        {
            legs = await db.Legs.AsNoTracking().OrderBy(l => l.Id).ToListAsync();
        }

        await harness.WalletControl.DeleteAsync("/_sim/journal");
        PayoutStepSummary summary;
        await using (var scope = harness.CreateScope())
        {
            summary = await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
        }

        // 40.00 covers the oldest leg (30.00); the next (20.00) does not fit, and the youngest (5.00) does not overtake it.
        var journal = await CyclePreviewTests.WalletJournalAsync(harness);
        Assert.Equal(1, journal.Count(e => e is ("GET", "/api/user-account/balance")));
        var posts = await TransferPostsAsync(harness);
        Assert.Equal([legs[0].TransferMerchantUniqueId], posts);
        Assert.Equal((1, 2), (summary.Requested, summary.Skipped));
        await using (var db = harness.CreateDbContext())
        {
            foreach (var waiting in legs.Skip(1))
            {
                var leg = await db.Legs.AsNoTracking().SingleAsync(l => l.Id == waiting.Id);
                Assert.Equal((LegStatus.Created, 0), (leg.Status, leg.AttemptCount));
                Assert.Contains(await db.LegLog.AsNoTracking().Where(e => e.LegId == waiting.Id).ToListAsync(),
                    e => e.Message!.StartsWith("Not sent in this run", StringComparison.Ordinal) && e.BalanceMinor == 4_000);
            }
        }

        // The alert is raised before the run's first transfer, and says what is short and by how much.
        await harness.Services.GetRequiredService<QueuedAlertSink>().StoreQueuedAsync(CancellationToken.None);
        await using (var db = harness.CreateDbContext())
        {
            var alert = await db.AlertLog.AsNoTracking().SingleAsync(a => a.Kind == PayoutExecutor.LowBalanceAlertKind);
            Assert.Equal("EUR", alert.Key);
            Assert.Contains("40.00 EUR available, 55.00 EUR needed by 3 legs", alert.Subject, StringComparison.Ordinal);
            Assert.Contains("Short by 15.00 EUR. 2 legs", alert.Detail, StringComparison.Ordinal);
            var firstTransfer = await db.LegLog.AsNoTracking().Where(e => e.ToStatus == LegStatus.TransferUnknown).MinAsync(e => e.CreatedAt);
            Assert.True(alert.RaisedAt <= firstTransfer, $"alert at {alert.RaisedAt:O}, first transfer at {firstTransfer:O}");
        }

        await PayoutWorld.FundTechnicalAsync(harness, 2_500);
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
        }

        await using var check = harness.CreateDbContext();
        Assert.All(await check.Legs.AsNoTracking().ToListAsync(), l => Assert.Contains(l.Status, new[] { LegStatus.TransferRequested, LegStatus.TransferSuccess }));
        Assert.Equal(legs.Select(l => l.TransferMerchantUniqueId).Order(StringComparer.Ordinal), (await TransferPostsAsync(harness)).Order(StringComparer.Ordinal));
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));
    }

    /// <summary>The merchant_unique_ids of the transfers POSTed to HiPay (the wire, not our rows).</summary>
    private static async Task<List<string>> TransferPostsAsync(ConnectorHarness harness) =>
        [.. (await WalletPosts.TallyAsync(harness)).Where(t => t.Posts > 0 && t.MerchantUniqueId.StartsWith("TRANSFER_", StringComparison.Ordinal)).Select(t => t.MerchantUniqueId)];
}
