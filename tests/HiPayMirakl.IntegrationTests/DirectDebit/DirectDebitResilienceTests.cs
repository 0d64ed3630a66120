using System.Text;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Simulator.Common;

namespace HiPayMirakl.IntegrationTests.DirectDebit;

public sealed class DirectDebitResilienceTests
{
    /// <summary>Tuesday 8 December 2026: the last bank day 5 bank days before a collection on the 15th.</summary>
    private static readonly DateTimeOffset InSendWindowOf15th = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Api_WithoutEnterpriseGateway_503AndOtherEndpointsUnaffected()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);

        var (status, body) = await harness.PostApiAsync("/api/sdd/mandates", new { iban = SddTestBed.GoodIban, firstName = "J", lastName = "D", amount = "1.00" });
        using var health = await harness.WebClient.GetAsync("/health/live");

        Assert.Equal(503, status);
        Assert.Contains("HiPayEnterprise:BaseUrl", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Notification_ForgedSignature_403AndNothingStored()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        var body = Encoding.UTF8.GetBytes("state=completed&transaction_reference=800000000001&status=118&order%5Bid%5D=X-1");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        content.Headers.Add("X-ALLOPASS-SIGNATURE", HiPayEnterpriseSignature.Compute(body, "not-the-passphrase", HiPayEnterpriseSignatureAlgorithm.Sha256));

        using var response = await harness.WebClient.PostAsync("/notifications/hipay-enterprise", content);
        await using var db = harness.CreateDbContext();

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal(0, await db.Inbox.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Notification_BeforePaymentExists_BufferedThenApplied(DatabaseProvider provider)
    {
        await using var harness = await SddTestBed.StartAsync(provider);
        var body = Encoding.UTF8.GetBytes("state=completed&transaction_reference=800000000077&status=142&order%5Bid%5D=EARLY-1&debit_agreement%5Bid%5D=4242&debit_agreement%5Bstatus%5D=available");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        content.Headers.Add("X-ALLOPASS-SIGNATURE", HiPayEnterpriseSignature.Compute(body, harness.Settings.HiPayEnterprise.Passphrase, HiPayEnterpriseSignatureAlgorithm.Sha256));

        using var response = await harness.WebClient.PostAsync("/notifications/hipay-enterprise", content);
        await using (var db = harness.CreateDbContext())
        {
            var mandate = new Mandate { Reference = "EARLY-MANDATE" };
            db.Mandates.Add(mandate);
            await db.SaveChangesAsync();
            db.DirectDebitPayments.Add(new DirectDebitPayment { OrderId = "EARLY-1", MandateId = mandate.Id, Kind = DirectDebitKind.Hosted, AmountMinor = 500, Attempt = 1 });
            await db.SaveChangesAsync();
        }

        var waitingBefore = await CountPendingAsync(harness);
        await harness.DrainInboxAsync();

        await using var check = harness.CreateDbContext();
        var payment = await check.DirectDebitPayments.SingleAsync(p => p.OrderId == "EARLY-1");
        var applied = await check.Mandates.SingleAsync(m => m.Id == payment.MandateId);

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal(1, waitingBefore);
        Assert.Equal(DirectDebitPaymentStatus.Requested, payment.Status);
        Assert.Equal("800000000077", payment.TransactionReference);
        Assert.Equal("4242", applied.DebitAgreementId);
        Assert.Equal(0, await CountPendingAsync(harness));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FirstDebit_AnswerDroppedAfterApply_ResolvedByOrderIdAndDebitedOnce(DatabaseProvider provider)
    {
        await using var harness = await SddTestBed.StartAsync(provider);
        harness.Enterprise!.Get<FaultRegistry>().Add(new FaultRule("drop", FaultKind.DropAfterApply, Method: "POST", PathRegex: "^/rest/v1/order$", Count: 1));

        var (_, paymentId, orderId) = await harness.FirstDebitAsync();
        var payment = await harness.PaymentAsync(paymentId);
        var transactions = await harness.TransactionsAsync();

        Assert.Equal("Requested", payment.GetProperty("status").GetString());
        Assert.Equal(1, payment.GetProperty("attempt").GetInt32());
        Assert.Equal(1, transactions.GetArrayLength());
        Assert.Equal(orderId, transactions[0].GetProperty("orderId").GetString());
        Assert.Equal(transactions[0].GetProperty("reference").GetString(), payment.GetProperty("transactionReference").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ScheduleRun_TwiceInOnePeriod_OneDebit(DatabaseProvider provider)
    {
        await using var harness = await SddTestBed.StartAsync(provider, clock: new FakeTimeProvider(InSendWindowOf15th));
        var mandateId = await CollectedMandateAsync(harness);
        var (status, schedule) = await harness.PostApiAsync("/api/sdd/schedules", new { mandateId, amount = "19.90", period = "monthly", day = 15 });
        Assert.True(status == 201, schedule.ToString());

        var (_, first) = await harness.PostApiAsync("/api/sdd/schedules/run", new { });
        var (_, second) = await harness.PostApiAsync("/api/sdd/schedules/run", new { });
        var recurring = (await harness.TransactionsAsync()).EnumerateArray().Where(t => t.GetProperty("eci").GetInt32() == 9).ToList();

        Assert.Equal(1, first.GetProperty("sent").GetInt32());
        Assert.Equal(0, second.GetProperty("sent").GetInt32());
        Assert.Equal(1, second.GetProperty("alreadyDone").GetInt32());
        Assert.Single(recurring);
        Assert.Equal(1990, recurring[0].GetProperty("amountMinor").GetInt64());
        Assert.StartsWith($"SCH-{schedule.GetProperty("id").GetInt64()}-", recurring[0].GetProperty("orderId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleRun_CrashAfterCallBeforeCommit_RerunFindsItByOrderId()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite, clock: new FakeTimeProvider(InSendWindowOf15th));
        var mandateId = await CollectedMandateAsync(harness);
        await harness.PostApiAsync("/api/sdd/schedules", new { mandateId, amount = "19.90", period = "monthly", day = 15 });

        await using (var scope = harness.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<DirectDebitService>().AfterGatewayCall = _ => throw new InvalidOperationException("process killed");
            await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<DirectDebitJobs>().RunSchedulesAsync(CancellationToken.None));
        }

        await using var db = harness.CreateDbContext();
        var interrupted = await db.DirectDebitPayments.AsNoTracking().SingleAsync(p => p.ScheduleId != null);
        var (_, rerun) = await harness.PostApiAsync("/api/sdd/schedules/run", new { });
        var settled = await db.DirectDebitPayments.AsNoTracking().SingleAsync(p => p.ScheduleId != null);
        var recurring = (await harness.TransactionsAsync()).EnumerateArray().Where(t => t.GetProperty("eci").GetInt32() == 9).ToList();

        Assert.Equal(DirectDebitPaymentStatus.Created, interrupted.Status);
        Assert.Equal(1, interrupted.Attempt);
        Assert.Equal(0, rerun.GetProperty("sent").GetInt32());
        Assert.Single(recurring);
        Assert.Equal(DirectDebitPaymentStatus.Requested, settled.Status);
        Assert.Equal(1, settled.Attempt);
        Assert.Equal(recurring[0].GetProperty("reference").GetString(), settled.TransactionReference);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Charge_NotificationArrivesBeforeTheApiAnswerIsStored_BothAppliedOnce(DatabaseProvider provider)
    {
        await using var harness = await SddTestBed.StartAsync(provider);
        var mandateId = await CollectedMandateAsync(harness);

        DirectDebitPayment payment;
        await using (var scope = harness.CreateScope())
        {
            var sdd = scope.ServiceProvider.GetRequiredService<DirectDebitService>();
            // The gateway's 142 notification is delivered (and applied by the endpoint) while the answer is in flight.
            sdd.AfterGatewayCall = _ => harness.DeliverAsync();
            payment = await sdd.ChargeAsync(mandateId, 4200, "EUR", "Race", null, CancellationToken.None);
        }

        await using var db = harness.CreateDbContext();
        var stored = await db.DirectDebitPayments.AsNoTracking().SingleAsync(p => p.Id == payment.Id);
        var inbox142 = await db.Inbox.AsNoTracking().SingleAsync(m => m.Reference == stored.TransactionReference && m.Kind == "142");

        Assert.Equal(DirectDebitPaymentStatus.Requested, stored.Status);
        Assert.Equal(1, stored.Attempt);
        Assert.Equal(InboxOutcome.Applied, inbox142.Outcome);
        Assert.Equal(2, (await harness.TransactionsAsync()).GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DebtCollection_OldNegativeLegsWithMandate_OneDebitLinkedToLegs(DatabaseProvider provider)
    {
        await using var harness = await SddTestBed.StartAsync(provider);
        const long shop = 2001;
        var mandateId = await CollectedMandateAsync(harness, shop);
        await using (var db = harness.CreateDbContext())
        {
            db.Legs.AddRange(NettingLeg("INV-1", shop, -1500), NettingLeg("INV-2", shop, -250));
            await db.SaveChangesAsync();
        }

        var (status, first) = await harness.PostApiAsync("/api/sdd/debts/run", new { });
        var (_, second) = await harness.PostApiAsync("/api/sdd/debts/run", new { });
        await using var check = harness.CreateDbContext();
        var debt = await check.DirectDebitPayments.SingleAsync(p => p.OrderId.StartsWith("DEBT-"));
        var links = await check.DirectDebitLegLinks.Where(k => k.PaymentId == debt.Id).ToListAsync();
        var legs = await check.Legs.ToListAsync();
        var sent = (await harness.TransactionsAsync()).EnumerateArray().Single(t => t.GetProperty("orderId").GetString() == debt.OrderId);

        Assert.Equal(200, status);
        Assert.Equal(1, first.GetProperty("collected").GetInt32());
        Assert.Equal(0, second.GetProperty("collected").GetInt32());
        Assert.Equal(mandateId, debt.MandateId);
        Assert.Equal(1750, debt.AmountMinor);
        Assert.Equal(1750, sent.GetProperty("amountMinor").GetInt64());
        Assert.Equal(legs.Select(l => l.Id).Order(), links.Select(k => k.LegId).Order());
        // Covered by the live debit: netting (which only takes PendingNetting legs) cannot take them as well.
        Assert.All(legs, l => Assert.Equal(LegStatus.CoveredByDirectDebit, l.Status));
        Assert.Equal(2, await check.LegLog.CountAsync(e => e.ToStatus == LegStatus.CoveredByDirectDebit));
    }

    private static Leg NettingLeg(string invoice, long shop, long amount)
    {
        var leg = new Leg
        {
            Kind = LegKind.SellerPayout,
            InvoiceId = invoice,
            MiraklShopId = shop,
            AmountMinor = amount,
            OriginAmountMinor = amount,
            MerchantUniqueId = $"SALES_{invoice}_7_{shop}",
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-60),
            CycleDate = DateTimeOffset.UtcNow.AddDays(-60),
        };
        leg.TransitionTo(LegStatus.PendingNetting, leg.CreatedAt);
        return leg;
    }

    private static async Task<long> CollectedMandateAsync(ConnectorHarness harness, long? shopId = null)
    {
        var (mandateId, _, _) = await harness.FirstDebitAsync(shopId: shopId);
        await harness.AdvanceBankDaysAsync(10);
        return mandateId;
    }

    private static async Task<int> CountPendingAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Inbox.CountAsync(m => m.Source == NotificationSource.HiPayEnterprise && m.Outcome == InboxOutcome.Pending);
    }
}
