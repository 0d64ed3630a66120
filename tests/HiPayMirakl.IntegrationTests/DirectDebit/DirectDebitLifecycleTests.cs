using System.Text.Json;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.DirectDebit;

public sealed class DirectDebitLifecycleTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FirstDebit_142Then118AfterBankDays_CollectedAndMandateAvailable(DatabaseProvider provider)
    {
        await using var harness = await SddTestBed.StartAsync(provider);

        var (mandateId, paymentId, _) = await harness.FirstDebitAsync();
        await harness.DeliverAsync();
        var afterAnswer = await harness.PaymentAsync(paymentId);
        await harness.AdvanceBankDaysAsync(10);
        var payment = await harness.PaymentAsync(paymentId);
        var mandate = await harness.MandateAsync(mandateId);

        Assert.Equal("Requested", afterAnswer.GetProperty("status").GetString());
        Assert.Equal("Collected", payment.GetProperty("status").GetString());
        Assert.Equal(118, payment.GetProperty("gatewayStatus").GetInt32());
        Assert.Equal(1250, payment.GetProperty("amountMinor").GetInt64());
        Assert.Equal("Available", mandate.GetProperty("status").GetString());
        Assert.Equal("1001", mandate.GetProperty("debitAgreementId").GetString());
        Assert.Equal("DE89**************3000", mandate.GetProperty("ibanMasked").GetString());
        Assert.NotEqual(JsonValueKind.Null, mandate.GetProperty("lastCollectionAt").ValueKind);
    }

    [Fact]
    public async Task FirstDebit_XmlNotifications_CollectedLikeForm()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite, o => o.NotificationFormat = "xml");

        var (_, paymentId, _) = await harness.FirstDebitAsync();
        await harness.AdvanceBankDaysAsync(10);
        var payment = await harness.PaymentAsync(paymentId);
        await using var db = harness.CreateDbContext();
        var stored = await db.Inbox.Where(m => m.Source == NotificationSource.HiPayEnterprise).ToListAsync();

        Assert.Equal("Collected", payment.GetProperty("status").GetString());
        Assert.Equal(2, stored.Count);
        Assert.All(stored, m => Assert.StartsWith("<", System.Text.Encoding.UTF8.GetString(m.RawBody).TrimStart(), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RecurringCharge_OnAvailableMandate_CollectedWithEci9(DatabaseProvider provider)
    {
        await using var harness = await SddTestBed.StartAsync(provider);
        var (mandateId, _, _) = await harness.FirstDebitAsync();
        await harness.AdvanceBankDaysAsync(10);

        var (status, body) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/charges", new { amount = "30.00", description = "November" });
        await harness.AdvanceBankDaysAsync(5);
        var payment = await harness.PaymentAsync(body.GetProperty("id").GetInt64());
        var recurring = (await harness.TransactionsAsync()).EnumerateArray().Single(t => t.GetProperty("eci").GetInt32() == 9);

        Assert.Equal(201, status);
        Assert.Equal("Collected", payment.GetProperty("status").GetString());
        Assert.Equal(3000, recurring.GetProperty("amountMinor").GetInt64());
        Assert.Equal(payment.GetProperty("orderId").GetString(), recurring.GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task Charge_TerminatedMandate_ConflictAndNothingSent()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        var (mandateId, _, _) = await harness.FirstDebitAsync();
        await harness.AdvanceBankDaysAsync(10);
        var (terminateStatus, _) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/terminate", new { });
        var before = (await harness.TransactionsAsync()).GetArrayLength();

        var (status, body) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/charges", new { amount = "30.00" });
        var after = (await harness.TransactionsAsync()).GetArrayLength();
        await using var db = harness.CreateDbContext();

        Assert.Equal(200, terminateStatus);
        Assert.Equal(409, status);
        Assert.Contains("terminated", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Equal(1, await db.DirectDebitPayments.CountAsync());
    }

    [Fact]
    public async Task RecurringCharge_BankDeclines113_PaymentFailedNeverCollected()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        var (mandateId, _, _) = await harness.FirstDebitAsync();
        await harness.AdvanceBankDaysAsync(10);

        // Amount ending .51: the simulator's bank declines the debit (113) instead of collecting it.
        var (status, body) = await harness.PostApiAsync($"/api/sdd/mandates/{mandateId}/charges", new { amount = "30.51" });
        Assert.True(status is 200 or 201 or 202, $"HTTP {status}: {body}");
        var paymentId = body.GetProperty("id").GetInt64();
        await harness.AdvanceBankDaysAsync(6);

        var payment = await harness.PaymentAsync(paymentId);
        Assert.Equal("Failed", payment.GetProperty("status").GetString());
        Assert.Equal(113, payment.GetProperty("gatewayStatus").GetInt32());
    }

    [Fact]
    public async Task Return_129After118_PaymentReturnedNeverBackTo142()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        // Amount ending .52: the simulator collects (118), then returns it (129) two bank days later.
        var (_, paymentId, _) = await harness.FirstDebitAsync(amount: "20.52");
        await harness.AdvanceBankDaysAsync(10);
        var collected = await harness.PaymentAsync(paymentId);
        await harness.AdvanceBankDaysAsync(3);

        var payment = await harness.PaymentAsync(paymentId);

        Assert.Equal("Collected", collected.GetProperty("status").GetString());
        Assert.Equal("Returned", payment.GetProperty("status").GetString());
        Assert.Equal(129, payment.GetProperty("gatewayStatus").GetInt32());
    }

    [Theory]
    [InlineData("DUP-")]
    [InlineData("OOO-")]
    public async Task DuplicateOrReorderedNotifications_OneStateNeverRegressing(string prefix)
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);

        var (_, paymentId, orderId) = await harness.FirstDebitAsync(prefix: prefix);
        await harness.DeliverAsync();
        await harness.AdvanceBankDaysAsync(10);
        var payment = await harness.PaymentAsync(paymentId);
        await using var db = harness.CreateDbContext();
        var inbox = await db.Inbox.Where(m => m.Source == NotificationSource.HiPayEnterprise).ToListAsync();

        Assert.StartsWith(prefix, orderId, StringComparison.Ordinal);
        Assert.Equal("Collected", payment.GetProperty("status").GetString());
        Assert.Equal(118, payment.GetProperty("gatewayStatus").GetInt32());
        // One row per (reference, status), whatever the number of deliveries.
        Assert.Equal(["142", "118"], inbox.OrderBy(m => SddStatus.Rank(int.Parse(m.Kind!, System.Globalization.CultureInfo.InvariantCulture))).Select(m => m.Kind));
        Assert.DoesNotContain(inbox, m => m.Outcome is InboxOutcome.Pending or InboxOutcome.Failed);
    }

    [Fact]
    public async Task HostedMandate_FormSubmitted_AgreementTakenFrom142Notification()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        var (status, body) = await harness.PostApiAsync("/api/sdd/mandates/hosted", new
        {
            amount = "15.00", acceptUrl = "https://shop.example/accept", declineUrl = "https://shop.example/decline", cancelUrl = "https://shop.example/cancel",
        });
        Assert.True(status == 201, body.ToString());
        var mandateId = body.GetProperty("mandate").GetProperty("id").GetInt64();
        var paymentId = body.GetProperty("payment").GetProperty("id").GetInt64();
        var forwardUrl = new Uri(body.GetProperty("payment").GetProperty("forwardUrl").GetString()!);
        var beforeSubmit = await harness.MandateAsync(mandateId);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        (await browser.GetAsync(forwardUrl)).EnsureSuccessStatusCode();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["gender"] = "F", ["firstname"] = "Jane", ["lastname"] = "Doe", ["bank_name"] = "Commerzbank",
            ["iban"] = SddTestBed.GoodIban, ["issuer_bank_id"] = "COBADEFFXXX", ["action"] = "pay",
        });
        using var submitted = await browser.PostAsync(forwardUrl, form);
        await harness.DeliverAsync();
        var mandate = await harness.MandateAsync(mandateId);
        var payment = await harness.PaymentAsync(paymentId);

        Assert.Equal(JsonValueKind.Null, beforeSubmit.GetProperty("debitAgreementId").ValueKind);
        Assert.Equal(302, (int)submitted.StatusCode);
        Assert.False(string.IsNullOrEmpty(mandate.GetProperty("debitAgreementId").GetString()));
        Assert.Equal("Available", mandate.GetProperty("status").GetString());
        Assert.Equal("Requested", payment.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AgreementWithoutPayment_ThenCharge_Collected()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        var (status, body) = await harness.PostApiAsync("/api/sdd/mandates/agreement", new
        {
            iban = SddTestBed.GoodIban, bic = "COBADEFFXXX", bankName = "Commerzbank", gender = "M", firstName = "John", lastName = "Doe",
        });
        Assert.True(status == 201, body.ToString());

        var (chargeStatus, charge) = await harness.PostApiAsync($"/api/sdd/mandates/{body.GetProperty("id").GetInt64()}/charges", new { amount = "9.99" });
        await harness.AdvanceBankDaysAsync(5);
        var payment = await harness.PaymentAsync(charge.GetProperty("id").GetInt64());

        Assert.Equal("Available", body.GetProperty("status").GetString());
        Assert.Equal(201, chargeStatus);
        Assert.Equal("Collected", payment.GetProperty("status").GetString());
    }

    [Fact]
    public async Task FirstDebit_InvalidIban_BadRequestNothingStoredNothingSent()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);

        var (status, body) = await harness.PostApiAsync("/api/sdd/mandates", new { iban = "DE89370400440532013001", firstName = "J", lastName = "D", amount = "10.00" });
        await using var db = harness.CreateDbContext();

        Assert.Equal(400, status);
        Assert.DoesNotContain("0532013001", body.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await db.Mandates.CountAsync());
        Assert.Equal(0, (await harness.TransactionsAsync()).GetArrayLength());
    }
}
