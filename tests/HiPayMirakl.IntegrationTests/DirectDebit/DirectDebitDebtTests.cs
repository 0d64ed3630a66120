using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Simulator.Common;

namespace HiPayMirakl.IntegrationTests.DirectDebit;

/// <summary>A shop's debt is collected once: by direct debit or by netting, never both; and the debt job never wedges.</summary>
public sealed class DirectDebitDebtTests
{
    private const long Shop = 2001;
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 9, 0, 0, TimeSpan.Zero);

    private static async Task<ConnectorHarness> StartAsync(DatabaseProvider provider, FakeTimeProvider clock)
    {
        var harness = await SddTestBed.StartAsync(provider, clock: clock);
        harness.Settings.DirectDebit.DebtAgeThreshold = TimeSpan.Zero;
        await PayoutWorld.SeedVendorAsync(harness, Shop);
        return harness;
    }

    /// <summary>Moves the gateway's clock (its notifications are delivered) and applies what arrived.</summary>
    private static async Task SettleAsync(ConnectorHarness harness, int bankDays)
    {
        await harness.AdvanceBankDaysAsync(bankDays);
        await harness.ProcessInboxAsync();
    }

    /// <summary>A negative invoice generated into a PendingNetting leg, and an available mandate for the shop.</summary>
    private static async Task<long> DebtAndMandateAsync(ConnectorHarness harness, decimal debt)
    {
        await PayoutWorld.SeedInvoiceAsync(harness, 9401, Shop, -debt, 0m);
        await GenerateAsync(harness);
        var (mandateId, _, _) = await harness.FirstDebitAsync(shopId: Shop);
        await SettleAsync(harness, 10);
        return mandateId;
    }

    private static async Task GenerateAsync(ConnectorHarness harness)
    {
        await using var scope = harness.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
    }

    private static async Task<(int Status, int Collected)> DebtRunAsync(ConnectorHarness harness)
    {
        var (status, body) = await harness.PostApiAsync("/api/sdd/debts/run", new { });
        return (status, status == 200 ? body.GetProperty("collected").GetInt32() : -1);
    }

    private static async Task<Leg> SellerLegAsync(ConnectorHarness harness, string invoice)
    {
        await using var db = harness.CreateDbContext();
        return await db.Legs.AsNoTracking().SingleAsync(l => l.InvoiceId == invoice && l.Kind == LegKind.SellerPayout);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DebtRun_ThenGenerate_DebtCollectedByDebitNeverNetted(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider, new FakeTimeProvider(Now));
        await DebtAndMandateAsync(harness, 15.00m);

        var run = await DebtRunAsync(harness);
        await PayoutWorld.SeedInvoiceAsync(harness, 9402, Shop, 80.00m, 0m);
        await GenerateAsync(harness);
        var positive = await SellerLegAsync(harness, "9402");
        await SettleAsync(harness, 6);
        var debt = await SellerLegAsync(harness, "9401");

        Assert.Equal((200, 1), run);
        Assert.Equal((8000L, 8000L), (positive.AmountMinor, positive.OriginAmountMinor));
        Assert.Null(debt.AdjustedIntoLegId);
        Assert.Equal(LegStatus.CollectedByDirectDebit, debt.Status);
        await using var db = harness.CreateDbContext();
        var journal = await db.LegLog.Where(e => e.LegId == debt.Id).OrderBy(e => e.Id).Select(e => e.ToStatus).ToListAsync();
        Assert.Equal([LegStatus.PendingNetting, LegStatus.CoveredByDirectDebit, LegStatus.CollectedByDirectDebit], journal.TakeLast(3));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DebtDebit_Declined_LegBackToNettingAndNettedLater(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider, new FakeTimeProvider(Now));
        // Amount ending .51: the simulator's bank declines the debit (113).
        await DebtAndMandateAsync(harness, 30.51m);

        await DebtRunAsync(harness);
        await SettleAsync(harness, 6);
        var afterDecline = await SellerLegAsync(harness, "9401");
        await PayoutWorld.SeedInvoiceAsync(harness, 9402, Shop, 80.00m, 0m);
        await GenerateAsync(harness);
        var positive = await SellerLegAsync(harness, "9402");
        var debt = await SellerLegAsync(harness, "9401");

        Assert.Equal(LegStatus.PendingNetting, afterDecline.Status);
        Assert.Equal(8000L - 3051L, positive.AmountMinor);
        Assert.Equal((LegStatus.Adjusted, positive.Id), (debt.Status, debt.AdjustedIntoLegId));
    }

    [Fact]
    public async Task DebtDebit_ReturnedAfterCollection_LegBackToPendingNetting()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite, new FakeTimeProvider(Now));
        // Amount ending .52: collected (118), then returned (129) two bank days later.
        await DebtAndMandateAsync(harness, 20.52m);

        await DebtRunAsync(harness);
        await SettleAsync(harness, 6);
        var collected = await SellerLegAsync(harness, "9401");
        await SettleAsync(harness, 3);
        var returned = await SellerLegAsync(harness, "9401");

        Assert.Equal(LegStatus.CollectedByDirectDebit, collected.Status);
        Assert.Equal(LegStatus.PendingNetting, returned.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DebtRun_AfterDeclinedDebit_NewDebitWithFreshOrderIdNo500(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider, new FakeTimeProvider(Now));
        await DebtAndMandateAsync(harness, 30.51m);
        await DebtRunAsync(harness);
        await SettleAsync(harness, 6);

        var rerun = await DebtRunAsync(harness);
        var again = await DebtRunAsync(harness);
        await using var db = harness.CreateDbContext();
        var debits = await db.DirectDebitPayments.AsNoTracking().Where(p => p.OrderId.StartsWith("DEBT-")).OrderBy(p => p.Id).ToListAsync();
        var sent = (await harness.TransactionsAsync()).EnumerateArray().Select(t => t.GetProperty("orderId").GetString()).ToList();

        Assert.Equal((200, 1), rerun);
        Assert.Equal((200, 0), again);
        Assert.Equal(2, debits.Count);
        Assert.NotEqual(debits[0].OrderId, debits[1].OrderId);
        Assert.Equal(DirectDebitPaymentStatus.Failed, debits[0].Status);
        Assert.Equal(DirectDebitPaymentStatus.Requested, debits[1].Status);
        Assert.Contains(debits[1].OrderId, sent);
        Assert.Equal(LegStatus.CoveredByDirectDebit, (await SellerLegAsync(harness, "9401")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DebtRun_DebitCommittedButNeverSent_SentByTheNextRunAfterGrace(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(Now);
        await using var harness = await StartAsync(provider, clock);
        var mandateId = await DebtAndMandateAsync(harness, 15.00m);
        long paymentId;
        await using (var db = harness.Database.CreateContext(clock))
        {
            // What a crash between the commit of the debit (with its links and covered legs) and the call leaves.
            var legs = await db.Legs.Where(l => l.Status == LegStatus.PendingNetting).ToListAsync();
            var payment = new DirectDebitPayment { OrderId = "DEBT-CRASHED-1", MandateId = mandateId, Kind = DirectDebitKind.Recurring, AmountMinor = 1500, Description = "Marketplace balance" };
            db.DirectDebitPayments.Add(payment);
            await db.SaveChangesAsync();
            DebtLegs.Cover(db, legs, payment, clock.GetUtcNow());
            await db.SaveChangesAsync();
            paymentId = payment.Id;
        }

        var early = await DebtRunAsync(harness);
        var untouched = await harness.PaymentAsync(paymentId);
        clock.Advance(TimeSpan.FromMinutes(5));
        var later = await DebtRunAsync(harness);
        var payment2 = await harness.PaymentAsync(paymentId);
        var sent = (await harness.TransactionsAsync()).EnumerateArray().Where(t => t.GetProperty("orderId").GetString() == "DEBT-CRASHED-1").ToList();

        Assert.Equal((200, 0), early);
        Assert.Equal("Created", untouched.GetProperty("status").GetString());
        Assert.Equal((200, 0), later);
        Assert.Equal("Requested", payment2.GetProperty("status").GetString());
        Assert.Single(sent);
        Assert.Equal(1500, sent[0].GetProperty("amountMinor").GetInt64());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Charge_AnswerLostAndGatewayHoldsNothing_ResentUnderFreshOrderIdOnlyAfterGrace(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(Now);
        await using var harness = await StartAsync(provider, clock);
        var (mandateId, _, _) = await harness.FirstDebitAsync();
        await SettleAsync(harness, 10);
        // The charge is refused with a 503 before the gateway acts on it: the lookup then finds nothing.
        harness.Enterprise!.Get<FaultRegistry>().Add(new FaultRule("down", FaultKind.Status, Method: "POST", PathRegex: "^/rest/v1/order$", StatusCode: 503, Count: 1));

        var (_, charge) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/charges", new { amount = "30.00" });
        var paymentId = charge.GetProperty("id").GetInt64();
        var firstOrderId = charge.GetProperty("orderId").GetString();
        await harness.PostApiAsync("/api/sdd/payments/reconcile", new { });
        var withinGrace = await harness.PaymentAsync(paymentId);
        clock.Advance(TimeSpan.FromMinutes(5));
        await harness.PostApiAsync("/api/sdd/payments/reconcile", new { });
        var resent = await harness.PaymentAsync(paymentId);
        var recurring = (await harness.TransactionsAsync()).EnumerateArray().Where(t => t.GetProperty("eci").GetInt32() == 9).ToList();
        await using var db = harness.CreateDbContext();
        var retired = await db.DirectDebitRetiredOrders.AsNoTracking().SingleAsync(o => o.PaymentId == paymentId);

        Assert.Equal("Unknown", charge.GetProperty("status").GetString());
        Assert.Equal(("Unknown", firstOrderId), (withinGrace.GetProperty("status").GetString(), withinGrace.GetProperty("orderId").GetString()));
        Assert.Equal("Requested", resent.GetProperty("status").GetString());
        Assert.NotEqual(firstOrderId, resent.GetProperty("orderId").GetString());
        Assert.Equal(firstOrderId, retired.OrderId);
        var only = Assert.Single(recurring);
        Assert.Equal(resent.GetProperty("orderId").GetString(), only.GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task Reconcile_LookupAnswersBare404_StaysUnknownNothingResent()
    {
        var clock = new FakeTimeProvider(Now);
        await using var harness = await StartAsync(DatabaseProvider.Sqlite, clock);
        var (mandateId, _, _) = await harness.FirstDebitAsync();
        await SettleAsync(harness, 10);
        harness.Enterprise!.Get<FaultRegistry>().Add(new FaultRule("down", FaultKind.Status, Method: "POST", PathRegex: "^/rest/v1/order$", StatusCode: 503, Count: 1));
        var (_, charge) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/charges", new { amount = "30.00" });
        harness.Enterprise!.Get<FaultRegistry>().Add(new FaultRule("proxy", FaultKind.Status, Method: "GET", PathRegex: "^/rest/v1/transaction", StatusCode: 404, Body: "<html>Not Found</html>", ContentType: "text/html"));

        clock.Advance(TimeSpan.FromMinutes(5));
        var (status, _) = await harness.PostApiAsync("/api/sdd/payments/reconcile", new { });
        var payment = await harness.PaymentAsync(charge.GetProperty("id").GetInt64());

        Assert.Equal(200, status);
        Assert.Equal("Unknown", payment.GetProperty("status").GetString());
        Assert.Equal(charge.GetProperty("orderId").GetString(), payment.GetProperty("orderId").GetString());
        Assert.DoesNotContain((await harness.TransactionsAsync()).EnumerateArray(), t => t.GetProperty("eci").GetInt32() == 9);
    }

    [Fact]
    public async Task Notification_SecondTransactionOnSameOrder_RecordedNotThrownLaterChargesWork()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite, new FakeTimeProvider(Now));
        var (mandateId, paymentId, orderId) = await harness.FirstDebitAsync();
        await SettleAsync(harness, 10);
        var before = await harness.PaymentAsync(paymentId);

        var received = await harness.NotifyAsync($"state=completed&transaction_reference=800000009999&status=142&order%5Bid%5D={orderId}");
        await harness.ProcessInboxAsync();
        var (chargeStatus, charge) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/charges", new { amount = "9.99" });
        var after = await harness.PaymentAsync(paymentId);
        await using var db = harness.CreateDbContext();
        var stored = await db.Inbox.AsNoTracking().SingleAsync(m => m.Reference == "800000009999");
        var log = await db.DirectDebitPaymentLog.AsNoTracking().Where(l => l.PaymentId == paymentId).Select(l => l.Message).ToListAsync();

        Assert.Equal(204, received);
        Assert.Equal(InboxOutcome.Ignored, stored.Outcome);
        Assert.Equal(before.GetProperty("transactionReference").GetString(), after.GetProperty("transactionReference").GetString());
        Assert.Equal("Collected", after.GetProperty("status").GetString());
        Assert.Contains(log, m => m.Contains("800000009999", StringComparison.Ordinal));
        Assert.True(chargeStatus == 201, charge.ToString());
    }
}
