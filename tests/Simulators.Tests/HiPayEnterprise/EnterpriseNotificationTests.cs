using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Simulators.Tests.HiPayEnterprise;

public sealed class EnterpriseNotificationTests : IAsyncLifetime
{
    private EnterpriseTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EnterpriseTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FirstDebit_Lifecycle_142Then118WithAgreementInBracketForm()
    {
        var order = await _host.FirstDebitAsync("N-1");
        await _host.DeliverAsync();
        await _host.AdvanceDaysAsync(14);

        var received = _host.Received;

        Assert.Equal([142, 118], received.Select(n => n.Status));
        var first = received[0];
        Assert.Equal(order.GetProperty("transactionReference").GetString(), first.Form["transaction_reference"]);
        Assert.Equal("N-1", first.Form["order[id]"]);
        Assert.Equal("1001", first.Form["debit_agreement[id]"]);
        Assert.Equal("available", first.Form["debit_agreement[status]"]);
        Assert.Equal("sdd", first.Form["payment_product"]);
        Assert.Equal("1", first.Form["attempt_id"]);
        Assert.Contains("debit_agreement%5Bid%5D=1001", first.Text, StringComparison.Ordinal);
        Assert.StartsWith("state=completed&", first.Text, StringComparison.Ordinal);
        Assert.Equal("12.50", received[1].Form["captured_amount"]);
    }

    [Fact]
    public async Task Refusal_Notification_CarriesReason()
    {
        await _host.FirstDebitAsync("N-2", amount: "5.51");
        await _host.AdvanceDaysAsync(14);

        var refused = _host.Received.Single(n => n.Status == 113);

        Assert.Equal("declined", refused.Form["state"]);
        Assert.Equal("4000003", refused.Form["reason[code]"]);
    }

    [Fact]
    public async Task DupPrefix_EveryNotificationDeliveredTwice()
    {
        await _host.FirstDebitAsync("DUP-1");
        await _host.AdvanceDaysAsync(14);

        var statuses = _host.Received.Select(n => n.Status).ToList();

        Assert.Equal([142, 142, 118, 118], statuses);
        Assert.Equal(_host.Received[0].Text, _host.Received[1].Text);
    }

    [Fact]
    public async Task OooPrefix_NotificationsReleasedNewestFirst()
    {
        await _host.FirstDebitAsync("OOO-1");
        await _host.DeliverAsync();
        var beforeSettlement = _host.Received.Count;
        await _host.AdvanceDaysAsync(14);

        Assert.Equal(0, beforeSettlement);
        Assert.Equal([118, 142], _host.Received.Select(n => n.Status));
    }

    [Fact]
    public async Task OutboxDuplicateMode_EveryDeliveryRepeated()
    {
        using var content = new StringContent("""{"duplicate":true}""", Encoding.UTF8, "application/json");
        using var modes = await _host.Http.PostAsync("_sim/outbox/modes", content);
        modes.EnsureSuccessStatusCode();

        await _host.FirstDebitAsync("N-3");
        await _host.DeliverAsync();

        Assert.Equal([142, 142], _host.Received.Select(n => n.Status));
    }

    [Fact]
    public async Task OutboxReorderMode_BatchDeliveredInReverse()
    {
        using var content = new StringContent("""{"reorder":true}""", Encoding.UTF8, "application/json");
        using var modes = await _host.Http.PostAsync("_sim/outbox/modes", content);
        modes.EnsureSuccessStatusCode();

        await _host.FirstDebitAsync("N-4A");
        await _host.FirstDebitAsync("N-4B");
        await _host.DeliverAsync();

        Assert.Equal(["N-4B", "N-4A"], _host.Received.Select(n => n.Form["order[id]"]));
    }

    [Fact]
    public async Task XmlFormat_NotificationDocumentSignedOverRawXml()
    {
        await using var host = await EnterpriseTestHost.StartAsync(o => o.NotificationFormat = "xml");

        await host.FirstDebitAsync("N-5");
        await host.DeliverAsync();

        var received = Assert.Single(host.Received);
        var xml = XElement.Parse(received.Text);
        Assert.Equal("notification", xml.Name.LocalName);
        Assert.Equal("142", xml.Element("status")?.Value);
        Assert.Equal("1001", xml.Element("debit_agreement")?.Element("id")?.Value);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(received.Body.Concat(Encoding.UTF8.GetBytes("sim-passphrase")).ToArray()));
        Assert.Equal(expected, received.Signature);
    }

    [Fact]
    public async Task HostedPage_Submitted_RedirectWithValidHashAnd141Then142WithAgreement()
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["orderid"] = "HPP-N", ["description"] = "Mandate", ["currency"] = "EUR", ["amount"] = "113.25",
            ["payment_product_list"] = "sdd", ["eci"] = "7", ["recurring_payment"] = "1",
            ["accept_url"] = "https://shop.test/accept", ["decline_url"] = "https://shop.test/decline",
        };
        var (_, body) = await _host.PostAsync("v1/hpayment", form);
        var forward = new Uri(JsonDocument.Parse(body).RootElement.GetProperty("forwardUrl").GetString()!);

        var page = await _host.Http.GetStringAsync(forward.PathAndQuery);
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.Simulator.BaseAddress };
        using var submit = new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["gender"] = "F", ["firstname"] = "Jane", ["lastname"] = "Doe", ["bank_name"] = "World bank",
            ["iban"] = "DE23100000001234567890", ["issuer_bank_id"] = "MARKDEF1100", ["action"] = "pay",
        });
        using var response = await noRedirect.PostAsync(forward.PathAndQuery, submit);
        await _host.DeliverAsync();

        Assert.Contains("<form method=\"post\"", page, StringComparison.Ordinal);
        Assert.Equal(302, (int)response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("https://shop.test/accept?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = location.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
        var preimage = string.Concat(query.Where(p => p.Key != "hash").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + p.Value + "sim-passphrase"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(preimage))), query["hash"]);
        Assert.Equal("142", query["status"]);
        Assert.Equal([141, 142], _host.Received.Select(n => n.Status));
        Assert.Equal("1001", _host.Received[1].Form["debit_agreement[id]"]);
        Assert.DoesNotContain("DE23100000001234567890", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostedPage_Expired_410()
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["orderid"] = "HPP-E", ["description"] = "Mandate", ["currency"] = "EUR", ["amount"] = "10.00",
            ["payment_product_list"] = "sdd", ["time_limit_to_pay"] = "3600",
        };
        var (_, body) = await _host.PostAsync("v1/hpayment", form);
        var forward = new Uri(JsonDocument.Parse(body).RootElement.GetProperty("forwardUrl").GetString()!);

        await _host.Clock.AdvanceAsync(TimeSpan.FromHours(2));
        using var response = await _host.Http.GetAsync(forward.PathAndQuery);

        Assert.Equal(410, (int)response.StatusCode);
    }
}
