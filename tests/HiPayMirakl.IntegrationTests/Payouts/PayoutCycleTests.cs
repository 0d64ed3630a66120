using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Payouts;

public sealed class PayoutCycleTests
{
    private static async Task<ConnectorHarness> StartAsync(DatabaseProvider provider, Action<IServiceCollection>? services = null)
    {
        var harness = await ConnectorHarness.StartAsync(provider, services: services);
        // Failed legs are due again at once, so a test's next round retries them (backoff itself is unit-tested).
        harness.Settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        harness.Settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        harness.Settings.Cycle.MaxAttempts = 20;
        return harness;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cycle_WithFaultsDuplicatesAndReorderedNotifications_PaysEveryLegExactlyOnce(DatabaseProvider provider)
    {
        var clock = new ShiftedClock();
        await using var harness = await StartAsync(provider, s => s.AddSingleton<TimeProvider>(clock));
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedVendorAsync(harness, 2002);
        await PayoutWorld.SeedVendorAsync(harness, 2003);
        await PayoutWorld.SeedInvoiceAsync(harness, 9001, 2001, 113.25m, 12.50m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9002, 2002, 40.00m, 4.10m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9003, 2003, -15.30m, 3.00m, PayoutWorld.CycleInstant.AddHours(-3));
        await PayoutWorld.SeedInvoiceAsync(harness, 9004, 2003, 80.01m, 8.00m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9005, 2001, 0.01m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 1_000_000);

        var wallet = harness.WalletControl;
        await wallet.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 503, method = "POST", pathRegex = "^/api/transfer$", nth = 1, count = 1 });
        await wallet.PostSimAsync("/_sim/faults", new { kind = "DropAfterApply", method = "POST", pathRegex = "^/api/transfer$", nth = 3, count = 1 });
        await wallet.PostSimAsync("/_sim/faults", new { kind = "RateLimited", method = "POST", pathRegex = "^/api/transfer$", nth = 5, count = 1, retryAfterSeconds = 1 });
        await wallet.PostSimAsync("/_sim/faults", new { kind = "DropAfterApply", method = "POST", pathRegex = "^/api/withdrawal$", nth = 1, count = 1 });
        await wallet.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 502, method = "POST", pathRegex = "^/api/withdrawal$", nth = 2, count = 1 });
        await wallet.PostSimAsync("/_sim/outbox/modes", new { duplicate = true, reorder = true });

        for (var round = 0; round < 6 && !await AllSettledAsync(harness); round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
            // Rounds are hours apart: a transfer HiPay answered 503 to (never applied, "not found" by lookup) is
            // sent again only once its grace period is over.
            clock.Jump(TimeSpan.FromHours(1));
        }

        await using var db = harness.CreateDbContext();
        var legs = await db.Legs.AsNoTracking().OrderBy(l => l.Id).ToListAsync();
        var paid = legs.Where(l => l.Status != LegStatus.Adjusted).ToList();
        Assert.All(paid, l => Assert.Equal(LegStatus.WithdrawSuccess, l.Status));
        Assert.Equal(9, legs.Count); // 5 seller legs + 4 commission legs (9005 owes the operator nothing)

        var debt = legs.Single(l => l.InvoiceId == "9003" && l.Kind == LegKind.SellerPayout);
        var netted = legs.Single(l => l.InvoiceId == "9004" && l.Kind == LegKind.SellerPayout);
        Assert.Equal((LegStatus.Adjusted, netted.Id, -1530L), (debt.Status, debt.AdjustedIntoLegId, debt.AmountMinor));
        Assert.Equal((8001L - 1530L, 8001L), (netted.AmountMinor, netted.OriginAmountMinor));
        Assert.Equal(LegStatus.WithdrawSuccess, legs.Single(l => l.InvoiceId == "9003" && l.Kind == LegKind.OperatorCommission).Status);

        var books = await PayoutWorld.TransactionsAsync(harness);
        var transfers = books.Where(t => t.Kind == "Transfer").ToList();
        var withdrawals = books.Where(t => t.Kind == "Withdrawal").ToList();
        Assert.Equal(paid.Count, transfers.Count);
        Assert.Equal(paid.Count, withdrawals.Count);
        foreach (var leg in paid)
        {
            var transfer = Assert.Single(transfers, t => t.MerchantUniqueId == leg.TransferMerchantUniqueId);
            Assert.Equal((leg.AmountMinor, "CAPTURED", leg.BeneficiaryAccountId), (transfer.Amount, transfer.Status, transfer.ToAccountId));
            Assert.Single(withdrawals, t => t.MerchantUniqueId == leg.WithdrawalMerchantUniqueId);
        }

        // To the cent: what left the technical wallet is what the invoices say, debts netted.
        Assert.Equal(11325 + 4000 + 8001 - 1530 + 1 + 1250 + 410 + 300 + 800, transfers.Sum(t => t.Amount));
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));
        var inbox = await db.Inbox.AsNoTracking().ToListAsync();
        Assert.Contains(inbox, m => m.Kind == "capture" && m.Outcome == InboxOutcome.Applied);
        Assert.Contains(inbox, m => m.Kind == "withdraw_validation" && m.Outcome == InboxOutcome.Applied);
        Assert.DoesNotContain(inbox, m => m.Outcome == InboxOutcome.Failed);

        // Every injected fault did happen: the outcome above was reached through them, not around them.
        var faults = await wallet.GetSimAsync("/_sim/faults");
        Assert.All(faults.EnumerateArray(), f => Assert.Equal(1, f.GetProperty("fired").GetInt32()));

        // The books are strict (no de-duplication by merchant_unique_id), so only the connector kept each leg to one
        // payment: the two dropped connections were looked up, not re-sent. The 503 and the 502 were answered before
        // HiPay processed them and the 429 asked for a retry, so those three POSTs were legitimately sent again.
        await WalletPosts.AssertExactlyOnceAsync(harness, paid, postsNotAccepted: 3);
    }

    [Fact]
    public async Task Transfer_CrashBetweenProviderCallAndCommit_RestartResolvesWithoutResending()
    {
        var crash = new CrashAfterCall { Enabled = true };
        await using var harness = await StartAsync(DatabaseProvider.Sqlite, s => s.AddSingleton<IPayoutCallObserver>(crash));
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedVendorAsync(harness, 2002);
        await PayoutWorld.SeedInvoiceAsync(harness, 9101, 2001, 50.00m, 5.00m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9102, 2002, 20.20m, 2.02m);
        await PayoutWorld.FundTechnicalAsync(harness, 100_000);

        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
        }

        await using (var db = harness.CreateDbContext())
        {
            Assert.All(await db.Legs.AsNoTracking().ToListAsync(), l => Assert.Equal(LegStatus.TransferUnknown, l.Status));
        }

        Assert.Equal(4, (await PayoutWorld.TransactionsAsync(harness)).Count(t => t.Kind == "Transfer"));
        Assert.All(await WalletPosts.TallyAsync(harness), t => Assert.Equal((1, 1), (t.Posts, t.Booked)));

        // HiPay captures and notifies while our legs are still unknown: the notifications wait instead of failing.
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        await PayoutWorld.DrainPayoutInboxAsync(harness);
        await using (var db = harness.CreateDbContext())
        {
            var captures = await db.Inbox.AsNoTracking().Where(m => m.Kind == "capture").ToListAsync();
            Assert.Equal(4, captures.Count);
            Assert.All(captures, m => Assert.Equal(InboxOutcome.Pending, m.Outcome));
        }

        crash.Enabled = false;
        for (var round = 0; round < 4 && !await AllSettledAsync(harness); round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }

        await using var check = harness.CreateDbContext();
        var legs = await check.Legs.AsNoTracking().ToListAsync();
        Assert.Equal(4, legs.Count);
        Assert.All(legs, l => Assert.Equal(LegStatus.WithdrawSuccess, l.Status));
        var transfers = (await PayoutWorld.TransactionsAsync(harness)).Where(t => t.Kind == "Transfer").ToList();
        Assert.Equal(4, transfers.Count);
        Assert.All(legs, l => Assert.Single(transfers, t => t.MerchantUniqueId == l.TransferMerchantUniqueId));
        Assert.Equal(5000 + 500 + 2020 + 202, transfers.Sum(t => t.Amount));
        Assert.True(crash.Crashes >= 4);
        Assert.DoesNotContain(await check.Inbox.AsNoTracking().ToListAsync(), m => m.Kind == "capture" && m.Outcome is InboxOutcome.Pending or InboxOutcome.Failed);
        // One POST per merchant_unique_id on the wire: the restart looked the crashed transfers up, it never re-sent them.
        await WalletPosts.AssertExactlyOnceAsync(harness, legs);
    }

    [Fact]
    public async Task Generate_OverlappingWindowsAndLateWallet_EachInvoiceGeneratedOnce()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedVendorAsync(harness, 2002, withDbRow: false);
        await PayoutWorld.SeedInvoiceAsync(harness, 9201, 2001, 10.00m, 1.00m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9202, 2002, 20.00m, 2.00m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9203, 2001, -5.00m, 0.75m);

        await using var scope = harness.CreateScope();
        var generator = scope.ServiceProvider.GetRequiredService<CashoutGenerator>();
        var first = await generator.GenerateAsync(PayoutWorld.Window, CancellationToken.None);
        Assert.Equal((3, 2, 1), (first.Invoices, first.Generated, first.SkippedNoWallet));

        await PayoutWorld.AddVendorRowAsync(harness, 2002);
        var overlapping = PayoutWorld.Window with { Start = PayoutWorld.Window.Start.AddDays(-5) };
        var second = await generator.GenerateAsync(overlapping, CancellationToken.None);
        Assert.Equal((3, 1, 2), (second.Invoices, second.Generated, second.AlreadyGenerated));

        await using var db = harness.CreateDbContext();
        var legs = await db.Legs.AsNoTracking().ToListAsync();
        Assert.Equal(6, legs.Count);
        Assert.Equal(legs.Count, legs.Select(l => l.MerchantUniqueId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("SALES_9202_7_602002", legs.Single(l => l.InvoiceId == "9202" && l.Kind == LegKind.SellerPayout).MerchantUniqueId);
        Assert.Equal("COMMISSION_9202_7_100001", legs.Single(l => l.InvoiceId == "9202" && l.Kind == LegKind.OperatorCommission).MerchantUniqueId);
        var debt = legs.Single(l => l.InvoiceId == "9203" && l.Kind == LegKind.SellerPayout);
        Assert.Equal((LegStatus.PendingNetting, -500L), (debt.Status, debt.AmountMinor));
        // The operator's commission is paid even though the seller amount is negative.
        Assert.Equal((LegStatus.Created, 75L), legs.Where(l => l.InvoiceId == "9203" && l.Kind == LegKind.OperatorCommission).Select(l => (l.Status, l.AmountMinor)).Single());
        Assert.Equal(legs.Count, await db.LegLog.CountAsync(e => e.FromStatus == null));
    }

    [Fact]
    public async Task Transfer_VendorDisabled_WaitsAndResumesWhenReenabled()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedVendorAsync(harness, 2001, enabled: false);
        await PayoutWorld.SeedInvoiceAsync(harness, 9301, 2001, 30.00m, 3.00m);
        await PayoutWorld.FundTechnicalAsync(harness, 100_000);

        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        await using (var db = harness.CreateDbContext())
        {
            Assert.All(await db.Legs.AsNoTracking().ToListAsync(), l => Assert.Equal(LegStatus.TransferVendorDisabled, l.Status));
            Assert.DoesNotContain(await PayoutWorld.TransactionsAsync(harness), t => t.Kind == "Transfer");
            var vendor = await db.Vendors.SingleAsync();
            vendor.Enabled = true;
            await db.SaveChangesAsync();
        }

        for (var round = 0; round < 3 && !await AllSettledAsync(harness); round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }

        await using var check = harness.CreateDbContext();
        var legs = await check.Legs.AsNoTracking().ToListAsync();
        Assert.All(legs, l => Assert.Equal(LegStatus.WithdrawSuccess, l.Status));
        Assert.Equal(2, (await PayoutWorld.TransactionsAsync(harness)).Count(t => t.Kind == "Transfer"));
        await WalletPosts.AssertExactlyOnceAsync(harness, legs);
    }

    [Fact]
    public async Task Transfer_TechnicalWalletShort_LegWaitsUnsentThenPaidOnceFunded()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedInvoiceAsync(harness, 9401, 2001, 30.00m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 1_000);

        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        await using (var db = harness.CreateDbContext())
        {
            var leg = await db.Legs.AsNoTracking().SingleAsync();
            // Not sent and no attempt spent: a short technical wallet is the marketplace's to fund, not the leg's failure.
            Assert.Equal((LegStatus.Created, 0), (leg.Status, leg.AttemptCount));
            Assert.Contains(await db.LegLog.AsNoTracking().ToListAsync(), e => e.ToStatus == LegStatus.Created && e.FromStatus == LegStatus.Created && e.BalanceMinor == 1_000);
        }

        await PayoutWorld.FundTechnicalAsync(harness, 5_000);
        for (var round = 0; round < 3 && !await AllSettledAsync(harness); round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }

        await using var check = harness.CreateDbContext();
        var paid = await check.Legs.AsNoTracking().SingleAsync();
        Assert.Equal(LegStatus.WithdrawSuccess, paid.Status);
        Assert.Equal(3000, (await PayoutWorld.TransactionsAsync(harness)).Single(t => t.Kind == "Transfer").Amount);
        await WalletPosts.AssertExactlyOnceAsync(harness, [paid]);
    }

    [Fact]
    public async Task Notifications_LateDuplicateAndUnknown_AreIgnoredNotFailed()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedInvoiceAsync(harness, 9501, 2001, 12.34m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 10_000);
        await harness.WalletControl.PostSimAsync("/_sim/outbox/modes", new { duplicate = true });

        for (var round = 0; round < 3 && !await AllSettledAsync(harness); round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }

        // A capture for a transaction nobody knows, after everything is settled.
        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new
        {
            accountId = PayoutWorld.AccountOf(2001), operation = "capture", status = "ok", transId = "999999999", amount = "1.00", currency = "EUR",
        });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        await PayoutWorld.DrainPayoutInboxAsync(harness);

        await using var db = harness.CreateDbContext();
        var leg = await db.Legs.AsNoTracking().SingleAsync();
        Assert.Equal(LegStatus.WithdrawSuccess, leg.Status);
        // Every notification delivered twice, one unknown: still one transfer and one withdrawal, once each.
        await WalletPosts.AssertExactlyOnceAsync(harness, [leg]);
        var payoutRows = await db.Inbox.AsNoTracking()
            .Where(m => m.Kind == "capture" || m.Kind == "authorization" || m.Kind == "withdraw_validation").ToListAsync();
        Assert.NotEmpty(payoutRows);
        Assert.All(payoutRows, m => Assert.Contains(m.Outcome, new[] { InboxOutcome.Applied, InboxOutcome.Ignored }));
        Assert.Contains(payoutRows, m => m.Reference == "999999999" && m.Outcome == InboxOutcome.Ignored);
    }

    private static async Task<bool> AllSettledAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        var statuses = await db.Legs.AsNoTracking().Select(l => l.Status).ToListAsync();
        return statuses.Count > 0 && statuses.All(s => s is LegStatus.WithdrawSuccess or LegStatus.Adjusted);
    }

    /// <summary>Throws after the provider answered and before the outcome is saved: a process killed at the worst moment.</summary>
    private sealed class CrashAfterCall : IPayoutCallObserver
    {
        private int _crashes;

        public bool Enabled { get; set; }

        public int Crashes => _crashes;

        public Task AfterMoneyCallAsync(Leg leg, string operation, CancellationToken ct)
        {
            if (Enabled)
            {
                Interlocked.Increment(ref _crashes);
                throw new InvalidOperationException("Simulated crash after the " + operation + " call.");
            }

            return Task.CompletedTask;
        }
    }
}
