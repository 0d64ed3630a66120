using System.Net.Http.Json;
using System.Text.Json;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Simulator.HiPayEnterprise;

namespace HiPayMirakl.IntegrationTests.DirectDebit;

/// <summary>The connector host with the HiPay Enterprise simulator, and the calls the direct-debit tests make.</summary>
internal static class SddTestBed
{
    public const string GoodIban = "DE89370400440532013000";

    public static Task<ConnectorHarness> StartAsync(DatabaseProvider provider, Action<HiPayEnterpriseSimulatorOptions>? enterprise = null, TimeProvider? clock = null) =>
        ConnectorHarness.StartAsync(provider, processInbox: false, enterprise: o => enterprise?.Invoke(o),
            services: clock is null ? null : s => s.AddSingleton(clock));

    /// <summary>Posts a notification signed with the harness's passphrase, as the gateway would.</summary>
    public static async Task<int> NotifyAsync(this ConnectorHarness harness, string form)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(form);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        content.Headers.Add("X-ALLOPASS-SIGNATURE", HiPayMirakl.HiPayEnterprise.HiPayEnterpriseSignature.Compute(
            body, harness.Settings.HiPayEnterprise.Passphrase, HiPayMirakl.HiPayEnterprise.HiPayEnterpriseSignatureAlgorithm.Sha256));
        using var response = await harness.WebClient.PostAsync("/notifications/hipay-enterprise", content);
        return (int)response.StatusCode;
    }

    /// <summary>Applies the stored Enterprise notifications, as the inbox dispatcher does.</summary>
    public static Task ProcessInboxAsync(this ConnectorHarness harness) => harness.DrainInboxAsync();

    public static HttpClient Sim(this ConnectorHarness harness) => harness.EnterpriseControl!;

    /// <summary>
    /// Delivers the notifications queued so far (the simulator sends them when its clock moves), then applies them
    /// as the host's background dispatcher would.
    /// </summary>
    public static async Task DeliverAsync(this ConnectorHarness harness)
    {
        await harness.Sim().AdvanceClockAsync(TimeSpan.Zero);
        await harness.DrainInboxAsync();
    }

    public static async Task AdvanceBankDaysAsync(this ConnectorHarness harness, int days)
    {
        await harness.Sim().PostSimAsync("/_sim/enterprise/clock/advance-bank-days", new { bankDays = days });
        await harness.DrainInboxAsync();
    }

    public static async Task<JsonElement> TransactionsAsync(this ConnectorHarness harness) =>
        await harness.Sim().GetSimAsync("/_sim/enterprise/transactions");

    public static async Task<(int Status, JsonElement Body)> PostApiAsync(this ConnectorHarness harness, string path, object body)
    {
        using var response = await (await harness.ClientAsync(ConnectorRoles.Operator)).PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<JsonElement> GetApiAsync(this ConnectorHarness harness, string path)
    {
        using var response = await (await harness.ClientAsync(ConnectorRoles.Viewer)).GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Creates a mandate with a first debit through the admin API; returns (mandate id, payment id).</summary>
    public static async Task<(long MandateId, long PaymentId, string OrderId)> FirstDebitAsync(
        this ConnectorHarness harness, string amount = "12.50", string lastName = "Doe", string? prefix = null, long? shopId = null)
    {
        var (status, body) = await harness.PostApiAsync("/api/sdd/mandates", new
        {
            iban = GoodIban, firstName = "Jane", lastName, amount, currency = "EUR", description = "Subscription", orderIdPrefix = prefix, shopId,
        });
        Assert.True(status == 201, $"HTTP {status}: {body}");
        var payment = body.GetProperty("payment");
        return (body.GetProperty("mandate").GetProperty("id").GetInt64(), payment.GetProperty("id").GetInt64(), payment.GetProperty("orderId").GetString()!);
    }

    public static async Task<JsonElement> PaymentAsync(this ConnectorHarness harness, long id) =>
        await harness.GetApiAsync($"/api/sdd/payments/{id}");

    public static async Task<JsonElement> MandateAsync(this ConnectorHarness harness, long id) =>
        (await harness.GetApiAsync($"/api/sdd/mandates/{id}")).GetProperty("mandate");
}
