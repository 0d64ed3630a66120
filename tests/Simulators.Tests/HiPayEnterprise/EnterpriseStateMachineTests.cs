using System.Text;
using System.Text.Json;

namespace Simulators.Tests.HiPayEnterprise;

/// <summary>SDD lifecycle on the bank-day calendar. The virtual clock starts Thursday 2026-01-01 00:00 UTC.</summary>
public sealed class EnterpriseStateMachineTests : IAsyncLifetime
{
    private EnterpriseTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EnterpriseTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> StatusOf(string reference) =>
        (await _host.LookupAsync(reference)).GetProperty("status").GetString()!;

    [Fact]
    public async Task FirstDebit_TenBankDays_WeekendsSkippedThenCaptured()
    {
        var reference = (await _host.FirstDebitAsync("SM-1")).GetProperty("transactionReference").GetString()!;

        // Thu 1 Jan + 10 bank days (Mon–Fri) = Thu 15 Jan; 10 calendar days (Sun 11 Jan) is not enough.
        await _host.AdvanceDaysAsync(10);
        var afterTenCalendarDays = await StatusOf(reference);
        await _host.AdvanceDaysAsync(3.99);
        var justBefore = await StatusOf(reference);
        await _host.AdvanceDaysAsync(0.01);
        var captured = await _host.LookupAsync(reference);

        Assert.Equal("142", afterTenCalendarDays);
        Assert.Equal("142", justBefore);
        Assert.Equal("118", captured.GetProperty("status").GetString());
        Assert.Equal("Captured", captured.GetProperty("message").GetString());
        Assert.Equal("12.50", captured.GetProperty("capturedAmount").GetString());
        Assert.Equal("2026-01-15T00:00:00+0000", captured.GetProperty("dateAuthorized").GetString());
    }

    [Fact]
    public async Task RecurringDebit_FiveBankDays_Captured()
    {
        var agreement = (await _host.FirstDebitAsync("SM-2")).GetProperty("debitAgreement").GetProperty("id").GetString()!;
        await _host.AdvanceDaysAsync(14);

        // Now Thu 15 Jan; + 5 bank days = Thu 22 Jan.
        var (status, body) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.RecurringForm("SM-2-R1", agreement));
        var recurring = JsonDocument.Parse(body).RootElement;
        var reference = recurring.GetProperty("transactionReference").GetString()!;
        await _host.AdvanceDaysAsync(6.99);
        var before = await StatusOf(reference);
        await _host.AdvanceDaysAsync(0.01);

        Assert.Equal(200, status);
        Assert.Equal("pending", recurring.GetProperty("state").GetString());
        Assert.Equal("142", recurring.GetProperty("status").GetString());
        Assert.Equal(agreement, recurring.GetProperty("debitAgreement").GetProperty("id").GetString());
        Assert.Equal("142", before);
        Assert.Equal("118", await StatusOf(reference));
    }

    [Fact]
    public async Task FirstDebit_AmountEnding51_RefusedWithInsufficientFunds()
    {
        var reference = (await _host.FirstDebitAsync("SM-3", amount: "20.51")).GetProperty("transactionReference").GetString()!;

        await _host.AdvanceDaysAsync(14);
        var refused = await _host.LookupAsync(reference);

        Assert.Equal("113", refused.GetProperty("status").GetString());
        Assert.Equal("declined", refused.GetProperty("state").GetString());
        Assert.Equal("4000003", refused.GetProperty("reason").GetProperty("code").GetString());
        Assert.Equal("0.00", refused.GetProperty("capturedAmount").GetString());
    }

    [Fact]
    public async Task FirstDebit_AmountEnding52_CapturedThenReturnedTwoBankDaysLater()
    {
        var reference = (await _host.FirstDebitAsync("SM-4", amount: "30.52")).GetProperty("transactionReference").GetString()!;

        await _host.AdvanceDaysAsync(14);
        var captured = await StatusOf(reference);
        // Thu 15 Jan + 2 bank days = Mon 19 Jan (the weekend does not count).
        await _host.AdvanceDaysAsync(3.99);
        var beforeReturn = await StatusOf(reference);
        await _host.AdvanceDaysAsync(0.01);
        var returned = await _host.LookupAsync(reference);

        Assert.Equal("118", captured);
        Assert.Equal("118", beforeReturn);
        Assert.Equal("129", returned.GetProperty("status").GetString());
        Assert.Equal("30.52", returned.GetProperty("chargebackedAmount").GetString());
    }

    [Fact]
    public async Task DeclineSwitch_On_EveryDebitRefused()
    {
        using var content = new StringContent("""{"declineAll":true}""", Encoding.UTF8, "application/json");
        using var switched = await _host.Http.PostAsync("_sim/enterprise/switches", content);
        switched.EnsureSuccessStatusCode();
        var reference = (await _host.FirstDebitAsync("SM-5")).GetProperty("transactionReference").GetString()!;

        await _host.AdvanceDaysAsync(14);

        Assert.Equal("113", await StatusOf(reference));
    }

    [Fact]
    public async Task ControlReturn_OnCapturedTransaction_ChargedBackAndBooked()
    {
        var reference = (await _host.FirstDebitAsync("SM-6")).GetProperty("transactionReference").GetString()!;
        await _host.AdvanceDaysAsync(14);

        using var returned = await _host.Http.PostAsync($"_sim/enterprise/transactions/{reference}/return", null);
        var books = JsonDocument.Parse(await _host.Http.GetStringAsync("_sim/enterprise/books")).RootElement;

        Assert.Equal(204, (int)returned.StatusCode);
        Assert.Equal("129", await StatusOf(reference));
        Assert.Equal(1250, books.GetProperty("capturedMinor").GetInt64());
        Assert.Equal(1250, books.GetProperty("chargebackedMinor").GetInt64());
        Assert.Equal(0, books.GetProperty("netMinor").GetInt64());
    }

    [Fact]
    public async Task RecurringDebit_UnknownAgreement_Refused()
    {
        var (status, body) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.RecurringForm("SM-7", "999999"));

        Assert.Equal(400, status);
        Assert.Equal(1010201, JsonDocument.Parse(body).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task RecurringDebit_LastnameTerminated_AgreementTerminatedAfterFirstDebit()
    {
        var agreement = (await _host.FirstDebitAsync("SM-8", lastname: "TERMINATED")).GetProperty("debitAgreement").GetProperty("id").GetString()!;
        var (beforeStatus, _) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.RecurringForm("SM-8-R0", agreement));
        await _host.AdvanceDaysAsync(14);

        var (status, body) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.RecurringForm("SM-8-R1", agreement));

        Assert.Equal(200, beforeStatus);
        Assert.Equal(400, status);
        Assert.Contains("terminated", JsonDocument.Parse(body).RootElement.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agreement_ThirtySixMonthsWithoutCollection_TerminatedAndRecurringRefused()
    {
        var agreement = (await _host.FirstDebitAsync("SM-9")).GetProperty("debitAgreement").GetProperty("id").GetString()!;
        await _host.AdvanceDaysAsync(14);
        var (okStatus, _) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.RecurringForm("SM-9-R1", agreement));
        await _host.AdvanceDaysAsync(10);

        // Last collection Thu 22 Jan 2026: the agreement lives until 22 Jan 2029.
        await _host.Clock.AdvanceAsync(new DateTimeOffset(2029, 1, 21, 0, 0, 0, TimeSpan.Zero) - _host.Clock.GetUtcNow());
        var agreementsBefore = JsonDocument.Parse(await _host.Http.GetStringAsync("_sim/enterprise/agreements")).RootElement;
        await _host.AdvanceDaysAsync(2);
        var agreementsAfter = JsonDocument.Parse(await _host.Http.GetStringAsync("_sim/enterprise/agreements")).RootElement;
        var (status, body) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.RecurringForm("SM-9-R2", agreement));

        Assert.Equal(200, okStatus);
        Assert.Equal("available", agreementsBefore[0].GetProperty("status").GetString());
        Assert.Equal("terminated", agreementsAfter[0].GetProperty("status").GetString());
        Assert.Equal(400, status);
        Assert.Equal(1010201, JsonDocument.Parse(body).RootElement.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("suspended")]
    [InlineData("error")]
    [InlineData("pending")]
    public async Task RecurringDebit_AgreementNotAvailable_Refused(string agreementStatus)
    {
        var agreement = (await _host.FirstDebitAsync("SM-10")).GetProperty("debitAgreement").GetProperty("id").GetString()!;
        using var content = new StringContent($$"""{"status":"{{agreementStatus}}"}""", Encoding.UTF8, "application/json");
        using var set = await _host.Http.PostAsync($"_sim/enterprise/agreements/{agreement}/status", content);

        var (status, _) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.RecurringForm("SM-10-R1", agreement));

        Assert.Equal(204, (int)set.StatusCode);
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task SandboxAuthFails_FirstDebit_109WithPendingAgreement()
    {
        await using var sandbox = await EnterpriseTestHost.StartAsync(o => o.SandboxSddAuthFails = true);

        var order = await sandbox.FirstDebitAsync("SB-1");

        Assert.Equal("109", order.GetProperty("status").GetString());
        Assert.Equal("declined", order.GetProperty("state").GetString());
        Assert.Equal("pending", order.GetProperty("debitAgreement").GetProperty("status").GetString());
    }
}
