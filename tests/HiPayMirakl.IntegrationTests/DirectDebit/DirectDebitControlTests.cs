using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Simulator.Common;

namespace HiPayMirakl.IntegrationTests.DirectDebit;

/// <summary>Revoked mandates, schedule timing, admin input and the operator's hold/release of a debit.</summary>
public sealed class DirectDebitControlTests
{
    [Fact]
    public async Task Mandate_TerminatedThenLateNotificationsSuspendedAvailable_StaysTerminatedChargeRefused()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        var (mandateId, _, _) = await harness.FirstDebitAsync();
        await harness.AdvanceBankDaysAsync(10);
        var (_, charge) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/charges", new { amount = "30.00" });
        var reference = charge.GetProperty("transactionReference").GetString();
        var orderId = charge.GetProperty("orderId").GetString();
        await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/terminate", new { });

        await harness.NotifyAsync($"state=completed&transaction_reference={reference}&status=118&order%5Bid%5D={orderId}&debit_agreement%5Bid%5D=1001&debit_agreement%5Bstatus%5D=suspended&operation%5Bid%5D=op-1");
        await harness.NotifyAsync($"state=completed&transaction_reference={reference}&status=129&order%5Bid%5D={orderId}&debit_agreement%5Bid%5D=1001&debit_agreement%5Bstatus%5D=available");
        await harness.ProcessInboxAsync();
        var mandate = await harness.MandateAsync(mandateId);
        var before = (await harness.TransactionsAsync()).GetArrayLength();
        var (status, _) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/charges", new { amount = "5.00" });

        Assert.Equal("Terminated", mandate.GetProperty("status").GetString());
        Assert.Equal(409, status);
        Assert.Equal(before, (await harness.TransactionsAsync()).GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ScheduleRun_AMonthEarlyOrAfterAMissedWindow_SendsNothing(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero));
        await using var harness = await SddTestBed.StartAsync(provider, clock: clock);
        var (mandateId, _, _) = await harness.FirstDebitAsync();
        await harness.AdvanceBankDaysAsync(10);
        await harness.PostApiAsync("/api/sdd/schedules", new { mandateId, amount = "19.90", period = "monthly", day = 15 });

        // Monday 16 November: the collection of 15 December is a month away.
        var (_, monthEarly) = await harness.PostApiAsync("/api/sdd/schedules/run", new { });
        // Thursday 10 December: too late for the 15th (5 bank days); January's debit is not sent early instead.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));
        var (_, missed) = await harness.PostApiAsync("/api/sdd/schedules/run", new { });
        // Friday 8 January 2027: the last bank day 5 bank days before Friday the 15th.
        clock.SetUtcNow(new DateTimeOffset(2027, 1, 8, 9, 0, 0, TimeSpan.Zero));
        var (_, due) = await harness.PostApiAsync("/api/sdd/schedules/run", new { });
        await using var db = harness.CreateDbContext();
        var scheduled = await db.DirectDebitPayments.AsNoTracking().Where(p => p.ScheduleId != null).ToListAsync();

        Assert.Equal(0, monthEarly.GetProperty("sent").GetInt32());
        Assert.Equal(0, missed.GetProperty("sent").GetInt32());
        Assert.Equal(1, due.GetProperty("sent").GetInt32());
        Assert.Equal("2027-01", Assert.Single(scheduled).PeriodKey);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AdminApi_AccentedLongOrMissingFields_TransliteratedOr400NamingFieldNoRows(DatabaseProvider provider)
    {
        await using var harness = await SddTestBed.StartAsync(provider);

        var (longStatus, longBody) = await harness.PostApiAsync("/api/sdd/mandates", new { iban = SddTestBed.GoodIban, firstName = "Jane", lastName = new string('x', 71), amount = "10.00" });
        var (genderStatus, genderBody) = await harness.PostApiAsync("/api/sdd/mandates/agreement", new { iban = SddTestBed.GoodIban, bic = "COBADEFFXXX", bankName = "Commerzbank", firstName = "John", lastName = "Doe" });
        var (descriptionStatus, descriptionBody) = await harness.PostApiAsync("/api/sdd/mandates", new { iban = SddTestBed.GoodIban, firstName = "Jane", lastName = "Doe", amount = "10.00", description = new string('d', 256) });
        await using (var empty = harness.CreateDbContext())
        {
            Assert.Equal(0, await empty.Mandates.CountAsync());
            Assert.Equal(0, await empty.DirectDebitPayments.CountAsync());
        }

        var (accentStatus, accentBody) = await harness.PostApiAsync("/api/sdd/mandates", new { iban = SddTestBed.GoodIban, firstName = "Zoë", lastName = "Müller-Straße", amount = "10.00", description = "Abonnement été" });

        Assert.Equal((400, "lastName"), (longStatus, longBody.GetProperty("field").GetString()));
        Assert.Equal((400, "gender"), (genderStatus, genderBody.GetProperty("field").GetString()));
        Assert.Equal((400, "description"), (descriptionStatus, descriptionBody.GetProperty("field").GetString()));
        Assert.True(accentStatus == 201, accentBody.ToString());
        Assert.Equal("Zoe Mueller-Strasse", accentBody.GetProperty("mandate").GetProperty("holderName").GetString());
        Assert.Equal("Requested", accentBody.GetProperty("payment").GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PaymentHoldRelease_UnknownDebitNothingAtGateway_HeldNotResentThenFreshOrderIdAndLogged(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await using var harness = await SddTestBed.StartAsync(provider, clock: clock);
        var (mandateId, _, _) = await harness.FirstDebitAsync();
        await harness.AdvanceBankDaysAsync(10);
        harness.Enterprise!.Get<FaultRegistry>().Add(new FaultRule("down", FaultKind.Status, Method: "POST", PathRegex: "^/rest/v1/order$", StatusCode: 503, Count: 1));
        var (_, charge) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/charges", new { amount = "30.00" });
        var paymentId = charge.GetProperty("id").GetInt64();
        var firstOrderId = charge.GetProperty("orderId").GetString();

        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectDebitPaymentControl>().HoldAsync(paymentId, "customer disputes the amount", "alice", CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        await harness.PostApiAsync("/api/sdd/payments/reconcile", new { });
        var held = await harness.PaymentAsync(paymentId);
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectDebitPaymentControl>().ReleaseAsync(paymentId, "amount confirmed", "bob", CancellationToken.None);
        }

        var released = await harness.PaymentAsync(paymentId);
        clock.Advance(TimeSpan.FromMinutes(5));
        await harness.PostApiAsync("/api/sdd/payments/reconcile", new { });
        var sent = await harness.PaymentAsync(paymentId);
        var recurring = (await harness.TransactionsAsync()).EnumerateArray().Where(t => t.GetProperty("eci").GetInt32() == 9).ToList();
        var show = await CliRunner.RunAsync([.. harness.CliArgs(), "sdd", "payment", "show", paymentId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await using var db = harness.CreateDbContext();
        var log = await db.DirectDebitPaymentLog.AsNoTracking().Where(l => l.PaymentId == paymentId && l.Actor != null).OrderBy(l => l.Id).ToListAsync();

        Assert.Equal(("Unknown", firstOrderId), (held.GetProperty("status").GetString(), held.GetProperty("orderId").GetString()));
        Assert.Equal("Created", released.GetProperty("status").GetString());
        Assert.NotEqual(firstOrderId, released.GetProperty("orderId").GetString());
        Assert.Equal("Requested", sent.GetProperty("status").GetString());
        var only = Assert.Single(recurring);
        Assert.Equal(released.GetProperty("orderId").GetString(), only.GetProperty("orderId").GetString());
        Assert.Equal(["alice", "bob", "bob"], log.Select(l => l.Actor));
        Assert.Contains("customer disputes the amount", log[0].Message, StringComparison.Ordinal);
        Assert.True(show.ExitCode == 0, show.Error);
        var rows = show.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, $@"^\|\s*{System.Text.RegularExpressions.Regex.Escape(firstOrderId!)}\s*\|\s*retired\s*\|"));
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^\|\s*\S+ \S+\s*\|\s*\w+\s*\|\s*\w+\s*\|\s*\S+\s*\|\s*alice\s*\|"));
    }

    [Fact]
    public async Task PaymentRelease_GatewayHoldsALiveTransaction_RefusedAndUnchanged()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite, clock: clock);
        var (mandateId, _, _) = await harness.FirstDebitAsync();
        await harness.AdvanceBankDaysAsync(10);
        // The gateway takes the debit but the answer is lost, and the lookups fail: the payment stays Unknown.
        var faults = harness.Enterprise!.Get<FaultRegistry>();
        faults.Add(new FaultRule("drop", FaultKind.DropAfterApply, Method: "POST", PathRegex: "^/rest/v1/order$", Count: 1));
        faults.Add(new FaultRule("lookups", FaultKind.Status, Method: "GET", PathRegex: "^/rest/v1/transaction", StatusCode: 500, Count: 4));
        var (_, charge) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/charges", new { amount = "30.00" });
        var paymentId = charge.GetProperty("id").GetInt64();
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectDebitPaymentControl>().HoldAsync(paymentId, "check", "alice", CancellationToken.None);
        }

        faults.Clear();
        await using var release = harness.CreateScope();
        var refused = await Assert.ThrowsAsync<DirectDebitValidationException>(() =>
            release.ServiceProvider.GetRequiredService<DirectDebitPaymentControl>().ReleaseAsync(paymentId, "retry", "bob", CancellationToken.None));
        var after = await harness.PaymentAsync(paymentId);

        Assert.Equal("Unknown", charge.GetProperty("status").GetString());
        Assert.Contains("may move money", refused.Message, StringComparison.Ordinal);
        Assert.Equal(charge.GetProperty("orderId").GetString(), after.GetProperty("orderId").GetString());
        Assert.Single((await harness.TransactionsAsync()).EnumerateArray(), t => t.GetProperty("eci").GetInt32() == 9);
    }
}
