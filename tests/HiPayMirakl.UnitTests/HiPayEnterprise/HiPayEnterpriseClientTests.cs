using System.Net;
using System.Text;
using HiPayMirakl.HiPayEnterprise;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.UnitTests.HiPayEnterprise;

/// <summary>The client against an in-memory gateway (a message handler), no sockets.</summary>
public sealed class HiPayEnterpriseClientTests : IDisposable
{
    private const string FirstPaymentJson = """
        {"state":"completed","reason":"","forwardUrl":"","test":"true","mid":"00001326589","attemptId":"1","authorizationCode":"",
         "transactionReference":"800000000042","dateCreated":"2026-01-01T00:00:00+0000","dateUpdated":"2026-01-01T00:00:00+0000","dateAuthorized":"",
         "status":"142","message":"Authorization Requested","authorizedAmount":"12.50","capturedAmount":"0.00","refundedAmount":"0.00",
         "decimals":"2","currency":"EUR","eci":"7","paymentProduct":"sdd",
         "order":{"id":"ORD-1","amount":"12.50","currency":"EUR"},"debitAgreement":{"id":"1001","status":"available"}}
        """;

    private readonly FakeGateway _gateway = new();
    private readonly ServiceProvider _provider;

    public HiPayEnterpriseClientTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHiPayEnterpriseClient(o =>
        {
            o.BaseUrl = new Uri("https://gateway.test/");
            o.Username = "api-user";
            o.Password = "api-secret-password";
            o.Passphrase = "pass";
            o.GetRetryCount = 3;
            o.GetRetryBaseDelay = TimeSpan.Zero;
        });
        services.AddHttpClient<HiPayEnterpriseClient>().ConfigurePrimaryHttpMessageHandler(() => _gateway);
        _provider = services.BuildServiceProvider();
    }

    private HiPayEnterpriseClient Client => _provider.GetRequiredService<HiPayEnterpriseClient>();

    private static SddFirstDebitRequest FirstDebit(string iban = "DE89 3704 0044 0532 0130 00") =>
        new("ORD-1", 1250, "EUR", "Subscription January", iban, "Jane", "Doe") { Bic = "COBADEFF" };

    [Fact]
    public async Task CreateFirstDebit_Accepted_SendsSddFormWithBasicAuthAndReadsAgreement()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.OK, FirstPaymentJson);

        var result = await Client.CreateFirstDebitAsync(FirstDebit());

        Assert.Equal(OrderOutcome.Accepted, result.Outcome);
        Assert.Equal(142, result.Status);
        Assert.Equal("1001", result.DebitAgreementId);
        var sent = Assert.Single(_gateway.Received);
        Assert.Equal("https://gateway.test/rest/v1/order", sent.Uri);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("api-user:api-secret-password")), sent.Authorization);
        Assert.Equal("application/json", sent.Accept);
        Assert.Equal("sdd", sent.Form["payment_product"]);
        Assert.Equal("7", sent.Form["eci"]);
        Assert.Equal("1", sent.Form["recurring_payment"]);
        Assert.Equal("12.50", sent.Form["amount"]);
        Assert.Equal("DE89370400440532013000", sent.Form["iban"]);
        Assert.Equal("ORD-1", sent.Form["orderid"]);
    }

    [Fact]
    public async Task CreateRecurringDebit_Accepted_SendsEci9WithoutIban()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.OK, FirstPaymentJson.Replace("\"completed\"", "\"pending\"", StringComparison.Ordinal));

        var result = await Client.CreateRecurringDebitAsync(new SddRecurringDebitRequest("ORD-2", 990, "EUR", "February", "1001"));

        Assert.Equal(OrderOutcome.Accepted, result.Outcome);
        var sent = Assert.Single(_gateway.Received);
        Assert.Equal("9", sent.Form["eci"]);
        Assert.Equal("1001", sent.Form["debit_agreement_id"]);
        Assert.Equal("9.90", sent.Form["amount"]);
        Assert.False(sent.Form.ContainsKey("iban"));
    }

    [Fact]
    public async Task CreateFirstDebit_Timeout_UnknownAndNotRetried()
    {
        _gateway.Answer = (_, _) => throw new TaskCanceledException("timeout", new TimeoutException());

        var result = await Client.CreateFirstDebitAsync(FirstDebit());

        Assert.Equal(OrderOutcome.Unknown, result.Outcome);
        Assert.Equal("ORD-1", result.OrderId);
        Assert.Single(_gateway.Received);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>")]
    [InlineData(HttpStatusCode.ServiceUnavailable, """{"code":1000008,"message":"Temporarily Unavailable"}""")]
    public async Task CreateFirstDebit_ServerErrorOrTemporarilyUnavailable_UnknownAndNotRetried(HttpStatusCode status, string body)
    {
        _gateway.Answer = (_, _) => Json(status, body);

        var result = await Client.CreateFirstDebitAsync(FirstDebit());

        Assert.Equal(OrderOutcome.Unknown, result.Outcome);
        Assert.Single(_gateway.Received);
    }

    [Fact]
    public async Task CreateFirstDebit_DroppedConnection_Unknown()
    {
        _gateway.Answer = (_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "ended");

        var result = await Client.CreateFirstDebitAsync(FirstDebit());

        Assert.Equal(OrderOutcome.Unknown, result.Outcome);
    }

    [Fact]
    public async Task CreateFirstDebit_GatewayValidationError_RejectedWithCode()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.BadRequest, """{"code":1010201,"message":"Invalid Parameter","description":"iban"}""");

        var result = await Client.CreateFirstDebitAsync(FirstDebit());

        Assert.Equal(OrderOutcome.Rejected, result.Outcome);
        Assert.Equal(1010201, result.ErrorCode);
    }

    [Fact]
    public async Task CreateFirstDebit_DeclinedTransaction_DeclinedWithReason()
    {
        const string declined = """{"state":"declined","reason":{"code":"4000003","message":"Insufficient Funds"},"transactionReference":"800000000043","status":"113","message":"Refused","debitAgreement":{"id":"1001","status":"available"}}""";
        _gateway.Answer = (_, _) => Json(HttpStatusCode.OK, declined);

        var result = await Client.CreateFirstDebitAsync(FirstDebit());

        Assert.Equal(OrderOutcome.Declined, result.Outcome);
        Assert.Equal(113, result.Status);
        Assert.Equal(4000003, result.ErrorCode);
    }

    [Fact]
    public async Task CreateFirstDebit_WrongCredentials_ThrowsRedactedApiException()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.Unauthorized, """{"code":1000001,"message":"Incorrect Credentials","description":"Username and/or password is incorrect."}""");

        var ex = await Assert.ThrowsAsync<HiPayEnterpriseApiException>(() => Client.CreateFirstDebitAsync(FirstDebit()));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.HttpStatus);
        Assert.Equal(1000001, ex.GatewayCode);
        Assert.DoesNotContain("api-secret-password", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateFirstDebit_InvalidIban_ThrowsBeforeAnyCallWithoutEchoingIban()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Client.CreateFirstDebitAsync(FirstDebit("DE88370400440532013000")));

        Assert.Empty(_gateway.Received);
        Assert.DoesNotContain("370400440532", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, "EUR")]
    [InlineData(-5L, "EUR")]
    [InlineData(1250L, "USD")]
    public async Task CreateFirstDebit_BadAmountOrCurrency_ThrowsBeforeAnyCall(long amount, string currency)
    {
        var request = FirstDebit() with { AmountMinor = amount, Currency = currency };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Client.CreateFirstDebitAsync(request));
        Assert.Empty(_gateway.Received);
    }

    [Fact]
    public async Task ResolveUnknown_IndexMapOfAttempts_LatestAttempt()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.OK, """{"transaction":{"0":{"transactionReference":"800000000001","status":"142","state":"pending","debitAgreement":{"id":"7","status":"available"}},"1":{"transactionReference":"800000000002","status":"118","state":"completed"}}}""");

        var result = await Client.ResolveUnknownAsync("ORD-1");

        Assert.NotNull(result);
        Assert.Equal("800000000002", result.TransactionReference);
        Assert.Equal(OrderOutcome.Accepted, result.Outcome);
        Assert.Equal("https://gateway.test/rest/v1/transaction?orderid=ORD-1", Assert.Single(_gateway.Received).Uri);
    }

    [Fact]
    public async Task ResolveUnknown_LegacyOrderIdWithUnderscore_LookedUpEscaped()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.OK, """{"transaction":{"transactionReference":"800272278410","status":"109","state":"completed"}}""");

        var result = await Client.ResolveUnknownAsync("Sp_ORDER 1");

        Assert.Equal("https://gateway.test/rest/v1/transaction?orderid=Sp_ORDER%201", Assert.Single(_gateway.Received).Uri);
        Assert.Equal(OrderOutcome.Declined, result?.Outcome);
    }

    [Fact]
    public async Task ResolveUnknown_NoTransaction_Null()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.OK, """{"transaction":null}""");

        Assert.Null(await Client.ResolveUnknownAsync("ORD-1"));
    }

    [Fact]
    public async Task GetTransaction_TransientFailuresThenSuccess_RetriedAndRead()
    {
        _gateway.Answer = (_, attempt) => attempt switch
        {
            1 => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"),
            2 => Json(HttpStatusCode.ServiceUnavailable, ""),
            _ => Json(HttpStatusCode.OK, """{"transaction":{"transactionReference":"800000000042","status":"118","state":"completed"}}"""),
        };

        var transaction = await Client.GetTransactionAsync("800000000042");

        Assert.Equal(118, transaction?.Status);
        Assert.Equal(3, _gateway.Received.Count);
    }

    [Fact]
    public async Task GetTransaction_UnknownReference_Null()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.NotFound, """{"code":3000002,"message":"Unknown Transaction"}""");

        Assert.Null(await Client.GetTransactionAsync("800000000099"));
    }

    [Fact]
    public async Task ResolveUnknown_Bare404WithoutGatewayCode_ThrowsNotNotFound()
    {
        // A 404 from something in front of the gateway says nothing about the order: no "not found", no re-send.
        _gateway.Answer = (_, _) => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<html>Not Found</html>") };

        await Assert.ThrowsAsync<HiPayEnterpriseApiException>(() => Client.ResolveUnknownAsync("ORD-404"));
    }

    [Fact]
    public async Task CreateHostedPayment_ForwardUrl_SendsProductList()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.OK, """{"forwardUrl":"https://gateway.test/payment/web/pay/abc","test":true,"mid":"00001326589","order":{"id":"ORD-3"}}""");

        var result = await Client.CreateHostedPaymentAsync(new HostedSddPaymentRequest("ORD-3", 11325, "EUR", "Mandate") { AcceptUrl = new Uri("https://shop.test/ok") });

        Assert.Equal("https://gateway.test/payment/web/pay/abc", result.ForwardUrl.AbsoluteUri);
        var sent = Assert.Single(_gateway.Received);
        Assert.Equal("https://gateway.test/v1/hpayment", sent.Uri);
        Assert.Equal("sdd", sent.Form["payment_product_list"]);
        Assert.Equal("113.25", sent.Form["amount"]);
        Assert.Equal("https://shop.test/ok", sent.Form["accept_url"]);
    }

    [Fact]
    public async Task CreateDebitAgreement_XmlResponse_ReadsAgreement()
    {
        _gateway.Answer = (_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("<response><code>0</code><message>success</message><debit_agreement><id>992</id><status>available</status><properties><iban>DE23100000001234567890</iban></properties></debit_agreement></response>", Encoding.UTF8, "application/xml"),
        };

        var result = await Client.CreateDebitAgreementAsync(new DebitAgreementRequest("DE23100000001234567890", "MARKDEF1100", "World bank", "F", "Jane", "Doe") { AgreementReference = "4465545" });

        Assert.Equal("992", result.Id);
        Assert.Equal("DE23**************7890", result.MaskedIban);
        var sent = Assert.Single(_gateway.Received);
        Assert.Equal("https://gateway.test/rest/v2/debit-agreement", sent.Uri);
        Assert.Equal("4465545", sent.Form["agreement_reference"]);
        Assert.Equal("0", sent.Form["authentication_indicator"]);
    }

    [Fact]
    public async Task CreateFirstDebit_XmlFormat_AsksForXmlAndReadsSeedShape()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHiPayEnterpriseClient(o =>
        {
            o.BaseUrl = new Uri("https://gateway.test/");
            o.Username = "u";
            o.Password = "p";
            o.Passphrase = "s";
            o.ResponseFormat = HiPayEnterpriseResponseFormat.Xml;
        });
        services.AddHttpClient<HiPayEnterpriseClient>().ConfigurePrimaryHttpMessageHandler(() => _gateway);
        await using var provider = services.BuildServiceProvider();
        _gateway.Answer = (_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><state>completed</state><forward_url/><test>false</test><mid>00001328877</mid><attempt_id>1</attempt_id><authorization_code/><transaction_reference>132256656670</transaction_reference><status>142</status><message>Authorization Requested</message><debit_agreement><id>18505</id><status>available</status></debit_agreement></response>",
                Encoding.UTF8,
                "application/xml"),
        };

        var result = await provider.GetRequiredService<HiPayEnterpriseClient>().CreateFirstDebitAsync(FirstDebit());

        Assert.Equal("application/xml", Assert.Single(_gateway.Received).Accept);
        Assert.Equal(OrderOutcome.Accepted, result.Outcome);
        Assert.Equal("132256656670", result.TransactionReference);
        Assert.Equal("18505", result.DebitAgreementId);
    }

    [Fact]
    public async Task CreateFirstDebit_MalformedSuccessAnswer_Unknown()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.OK, "{\"state\":\"compl");

        var result = await Client.CreateFirstDebitAsync(FirstDebit());

        Assert.Equal(OrderOutcome.Unknown, result.Outcome);
    }

    [Fact]
    public async Task CreateRecurringDebit_AlreadyPaidOrder_RejectedWith3010006()
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.BadRequest, """{"code":3010006,"message":"Order Completed","description":"This order has already been paid"}""");

        var result = await Client.CreateRecurringDebitAsync(new SddRecurringDebitRequest("ORD-2", 990, "EUR", "February", "1001"));

        Assert.Equal(OrderOutcome.Rejected, result.Outcome);
        Assert.Equal(3010006, result.ErrorCode);
    }

    [Theory]
    [InlineData("SHA1", HiPayEnterpriseSignatureAlgorithm.Sha1)]
    [InlineData("SHA256", HiPayEnterpriseSignatureAlgorithm.Sha256)]
    [InlineData("sha512", HiPayEnterpriseSignatureAlgorithm.Sha512)]
    public async Task GetSignatureAlgorithm_SecuritySettings_Mapped(string wire, HiPayEnterpriseSignatureAlgorithm expected)
    {
        _gateway.Answer = (_, _) => Json(HttpStatusCode.OK, $$"""{"hashing_algorithm":"{{wire}}"}""");

        var algorithm = await Client.GetSignatureAlgorithmAsync();

        Assert.Equal(expected, algorithm);
        Assert.Equal("https://gateway.test/rest/v2/security-settings", Assert.Single(_gateway.Received).Uri);
    }

    [Fact]
    public void Options_MissingKeys_ValidationNamesEachKey()
    {
        var services = new ServiceCollection();
        services.AddHiPayEnterpriseClient(o => o.Timeout = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HiPayEnterpriseOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("HiPayEnterprise:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("HiPayEnterprise:Username", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("HiPayEnterprise:Password", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("HiPayEnterprise:Passphrase", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("HiPayEnterprise:Timeout", StringComparison.Ordinal));
    }

    public void Dispose() => _provider.Dispose();

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed record ReceivedRequest(string Method, string Uri, string? Authorization, string Accept, IReadOnlyDictionary<string, string> Form);

    private sealed class FakeGateway : HttpMessageHandler
    {
        public Func<HttpRequestMessage, int, HttpResponseMessage> Answer { get; set; } = (_, _) => new HttpResponseMessage(HttpStatusCode.NotFound);

        public List<ReceivedRequest> Received { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = new Dictionary<string, string>(StringComparer.Ordinal);
            if (request.Content is not null)
            {
                var text = await request.Content.ReadAsStringAsync(cancellationToken);
                foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var parts = pair.Split('=', 2);
                    form[Uri.UnescapeDataString(parts[0].Replace('+', ' '))] = Uri.UnescapeDataString(parts[1].Replace('+', ' '));
                }
            }

            Received.Add(new ReceivedRequest(
                request.Method.Method,
                request.RequestUri!.AbsoluteUri,
                request.Headers.Authorization?.ToString(),
                string.Join(",", request.Headers.Accept.Select(a => a.MediaType)),
                form));
            return Answer(request, Received.Count);
        }
    }
}
