using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Simulators.Tests.HiPayEnterprise;

public sealed class EnterpriseShapeTests : IAsyncLifetime
{
    private EnterpriseTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EnterpriseTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Order_Json_CamelCaseStringValuesAgreementAlwaysPresent()
    {
        var order = await _host.FirstDebitAsync("SHAPE-1");

        Assert.Equal("completed", order.GetProperty("state").GetString());
        Assert.Equal("142", order.GetProperty("status").GetString());
        Assert.Equal("Authorization Requested", order.GetProperty("message").GetString());
        Assert.Equal("12.50", order.GetProperty("authorizedAmount").GetString());
        Assert.Equal("", order.GetProperty("reason").GetString());
        Assert.Equal("", order.GetProperty("paymentMethod").GetString());
        Assert.Matches("^[0-9]{12}$", order.GetProperty("transactionReference").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$", order.GetProperty("dateCreated").GetString());
        Assert.Equal("", order.GetProperty("dateAuthorized").GetString());
        Assert.Equal("1001", order.GetProperty("debitAgreement").GetProperty("id").GetString());
        Assert.Equal("available", order.GetProperty("debitAgreement").GetProperty("status").GetString());
        Assert.Equal("SHAPE-1", order.GetProperty("order").GetProperty("id").GetString());
        Assert.False(order.TryGetProperty("transaction_reference", out _));
    }

    [Fact]
    public async Task Order_XmlAccept_SnakeCaseResponseDocument()
    {
        var (status, body) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.FirstDebitForm("SHAPE-X"), "application/xml");

        Assert.Equal(200, status);
        var xml = EnterpriseTestHost.Xml(body);
        Assert.Equal("response", xml.Name.LocalName);
        Assert.Equal("142", xml.Element("status")?.Value);
        Assert.Matches("^[0-9]{12}$", xml.Element("transaction_reference")?.Value ?? "");
        Assert.Equal("1001", xml.Element("debit_agreement")?.Element("id")?.Value);
        Assert.Equal("available", xml.Element("debit_agreement")?.Element("status")?.Value);
        Assert.True(xml.Element("forward_url")?.IsEmpty);
    }

    [Fact]
    public async Task HostedPayment_Json_ForwardUrlOrderAndNoAgreement()
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["orderid"] = "HPP-1", ["description"] = "Mandate", ["currency"] = "EUR", ["amount"] = "113.25",
            ["payment_product_list"] = "sdd", ["eci"] = "7", ["recurring_payment"] = "1",
        };

        var (status, body) = await _host.PostAsync("v1/hpayment", form);

        Assert.Equal(200, status);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Contains("/payment/web/pay/", root.GetProperty("forwardUrl").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("test").GetBoolean());
        Assert.Equal("113.25", root.GetProperty("order").GetProperty("amount").GetString());
        Assert.Equal("0", root.GetProperty("order").GetProperty("attempts").GetString());
        Assert.False(root.TryGetProperty("debitAgreement", out _));
        Assert.False(root.TryGetProperty("transactionReference", out _));
    }

    [Fact]
    public async Task LookupByOrderId_TwoAttempts_IndexMapShape()
    {
        // .51 is refused after 10 bank days; the order may then be retried under the same orderid.
        await _host.FirstDebitAsync("MAP-1", amount: "10.51");
        await _host.AdvanceDaysAsync(15);
        await _host.FirstDebitAsync("MAP-1", amount: "10.51");

        var (status, body) = await _host.GetAsync("rest/v1/transaction?orderid=MAP-1");

        Assert.Equal(200, status);
        var map = JsonDocument.Parse(body).RootElement.GetProperty("transaction");
        Assert.Equal("113", map.GetProperty("0").GetProperty("status").GetString());
        Assert.Equal("142", map.GetProperty("1").GetProperty("status").GetString());
        Assert.Equal(["0", "1"], map.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task LookupByOrderId_OneAndNone_SingleObjectAndNull()
    {
        var created = await _host.FirstDebitAsync("ONE-1");

        var (_, one) = await _host.GetAsync("rest/v1/transaction?orderid=ONE-1");
        var (_, none) = await _host.GetAsync("rest/v1/transaction?orderid=NOPE");

        Assert.Equal(created.GetProperty("transactionReference").GetString(),
            JsonDocument.Parse(one).RootElement.GetProperty("transaction").GetProperty("transactionReference").GetString());
        Assert.Equal("""{"transaction":null}""", none);
    }

    [Fact]
    public async Task LookupByReference_NoJsonAccept_XmlDocument()
    {
        var created = await _host.FirstDebitAsync("XMLGET-1");
        var reference = created.GetProperty("transactionReference").GetString();

        var (status, body) = await _host.GetAsync("rest/v1/transaction/" + reference, "*/*");

        Assert.Equal(200, status);
        Assert.Equal(reference, EnterpriseTestHost.Xml(body).Element("transaction")?.Element("transaction_reference")?.Value);
    }

    [Fact]
    public async Task LookupByReference_Unknown_404With3000002()
    {
        var (status, body) = await _host.GetAsync("rest/v1/transaction/800999999999");

        Assert.Equal(404, status);
        Assert.Equal(3000002, JsonDocument.Parse(body).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task DebitAgreement_Xml_DocumentedShape()
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["payment_product"] = "sdd", ["currency"] = "EUR", ["iban"] = "DE23100000001234567890", ["issuer_bank_id"] = "MARKDEF1100",
            ["bank_name"] = "World bank", ["gender"] = "F", ["firstname"] = "Jane", ["lastname"] = "Doe",
            ["authentication_indicator"] = "0", ["agreement_reference"] = "4465545",
        };

        var (status, body) = await _host.PostAsync("rest/v2/debit-agreement", form, "application/xml");

        Assert.Equal(200, status);
        var xml = EnterpriseTestHost.Xml(body);
        Assert.Equal("0", xml.Element("code")?.Value);
        Assert.Equal("success", xml.Element("message")?.Value);
        var agreement = xml.Element("debit_agreement")!;
        Assert.Equal("1001", agreement.Element("id")?.Value);
        Assert.Equal("available", agreement.Element("status")?.Value);
        Assert.Equal(40, agreement.Element("provider_reference")?.Value.Length);
        Assert.Equal("4465545", agreement.Element("properties")?.Element("agreement_reference")?.Value);
        Assert.Equal(18, agreement.Element("properties")?.Element("unique_id")?.Value.Length);
    }

    [Theory]
    [InlineData("iban", "DE88370400440532013000", 1010201)]
    [InlineData("iban", "", 1010101)]
    [InlineData("eci", "8", 1020002)]
    [InlineData("payment_product", "visa", 1020003)]
    [InlineData("amount", "12.505", 1010205)]
    [InlineData("amount", "0.00", 1010201)]
    [InlineData("orderid", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", 1010202)]
    [InlineData("currency", "USD", 3010001)]
    public async Task Order_InvalidInput_400WithGatewayCode(string field, string value, int code)
    {
        var form = EnterpriseTestHost.FirstDebitForm("BAD-1");
        form[field] = value;

        var (status, body) = await _host.PostAsync("rest/v1/order", form);

        Assert.Equal(400, status);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Order_WrongCredentials_401With1000001()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "rest/v1/order") { Content = new FormUrlEncodedContent(EnterpriseTestHost.FirstDebitForm("AUTH-1")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sim-api-user:wrong")));

        using var response = await _host.Http.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal(1000001, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Order_GetMethod_1010001()
    {
        var (status, body) = await _host.GetAsync("rest/v1/order");

        Assert.Equal(405, status);
        Assert.Equal(1010001, JsonDocument.Parse(body).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Order_PaidOrderReused_3010006AlreadyPaid()
    {
        await _host.FirstDebitAsync("PAID-1");
        await _host.AdvanceDaysAsync(15);

        var (status, body) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.FirstDebitForm("PAID-1"));

        Assert.Equal(400, status);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal(3010006, error.GetProperty("code").GetInt32());
        Assert.Equal("This order has already been paid", error.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("capture", null, 3020102)]
    [InlineData("cancel", null, 3020401)]
    [InlineData("refund", null, 3020202)]
    public async Task Maintenance_SddOperations_Refused(string operation, string? parameters, int code)
    {
        var created = await _host.FirstDebitAsync("MAINT-" + operation);
        var form = new Dictionary<string, string>(StringComparer.Ordinal) { ["operation"] = operation };
        if (parameters is not null)
        {
            form["payment_product_parameters"] = parameters;
        }

        var (status, body) = await _host.PostAsync("rest/v1/maintenance/transaction/" + created.GetProperty("transactionReference").GetString(), form);

        Assert.Equal(400, status);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task MaintenanceSwitch_On_503With1000008()
    {
        using var content = new StringContent("""{"maintenance":true}""", Encoding.UTF8, "application/json");
        using var switched = await _host.Http.PostAsync("_sim/enterprise/switches", content);
        switched.EnsureSuccessStatusCode();

        var (status, body) = await _host.PostAsync("rest/v1/order", EnterpriseTestHost.FirstDebitForm("DOWN-1"));

        Assert.Equal(503, status);
        Assert.Equal(1000008, JsonDocument.Parse(body).RootElement.GetProperty("code").GetInt32());
    }
}
