using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// Typed client for the HiPay Enterprise gateway, SEPA Direct Debit part. POSTs move money and are sent once:
/// any ambiguous ending (timeout, dropped connection, 5xx, 1000008) comes back as <see cref="OrderOutcome.Unknown"/>
/// and is settled with <see cref="ResolveUnknownAsync"/>. GETs are retried on transient failures.
/// </summary>
public sealed class HiPayEnterpriseClient
{
    private const string OrderPath = "rest/v1/order";
    private const string HostedPagePath = "v1/hpayment";
    private const string TransactionPath = "rest/v1/transaction";
    private const string DebitAgreementPath = "rest/v2/debit-agreement";
    private const string SecuritySettingsPath = "rest/v2/security-settings";

    private readonly HttpClient _http;
    private readonly IOptionsMonitor<HiPayEnterpriseOptions> _options;
    private readonly ILogger<HiPayEnterpriseClient> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _getPipeline;

    public HiPayEnterpriseClient(HttpClient http, IOptionsMonitor<HiPayEnterpriseOptions> options, ILogger<HiPayEnterpriseClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _logger = logger;
        _getPipeline = BuildGetPipeline(options.CurrentValue);
    }

    private HiPayEnterpriseOptions Options => _options.CurrentValue;

    /// <summary>First debit with IBAN (eci 7). Creates the debit agreement; its id is on the result.</summary>
    public Task<OrderResult> CreateFirstDebitAsync(SddFirstDebitRequest request, CancellationToken ct = default) =>
        PostOrderAsync(request?.OrderId!, EnterpriseRequestBuilder.FirstDebit(request!), ct);

    /// <summary>Recurring debit on an existing agreement (eci 9).</summary>
    public Task<OrderResult> CreateRecurringDebitAsync(SddRecurringDebitRequest request, CancellationToken ct = default) =>
        PostOrderAsync(request?.OrderId!, EnterpriseRequestBuilder.RecurringDebit(request!), ct);

    /// <summary>
    /// Opens HiPay's hosted mandate page. An ambiguous ending throws: nothing is debited until the customer
    /// submits the page, so the caller can simply ask again with a fresh orderid.
    /// </summary>
    public async Task<HostedPaymentResult> CreateHostedPaymentAsync(HostedSddPaymentRequest request, CancellationToken ct = default)
    {
        var fields = EnterpriseRequestBuilder.HostedPayment(request);
        var response = await SendOnceAsync(HttpMethod.Post, new Uri(Options.HostedPageRoot, HostedPagePath), fields, ct);
        if (response.Unknown is not null)
        {
            throw new HiPayEnterpriseApiException(null, null, "hpayment outcome unknown: " + response.Unknown, null, null);
        }

        EnsureSuccess(response);
        return Read(response, EnterpriseWireReader.ReadHostedPayment);
    }

    /// <summary>Creates a mandate without a payment (<c>POST /rest/v2/debit-agreement</c>).</summary>
    public async Task<DebitAgreementResult> CreateDebitAgreementAsync(DebitAgreementRequest request, CancellationToken ct = default)
    {
        var fields = EnterpriseRequestBuilder.DebitAgreement(request);
        var response = await SendOnceAsync(HttpMethod.Post, Gateway(DebitAgreementPath), fields, ct);
        if (response.Unknown is not null)
        {
            throw new HiPayEnterpriseApiException(null, null, "debit-agreement outcome unknown: " + response.Unknown, null, null);
        }

        EnsureSuccess(response);
        var root = Parse(response);
        var (code, message, _) = EnterpriseWireReader.ReadError(root);
        if (code is not null and not 0)
        {
            throw new HiPayEnterpriseApiException(response.Status, code, message, response.RequestId, response.Text);
        }

        return Read(response, EnterpriseWireReader.ReadDebitAgreement);
    }

    /// <summary><c>GET /rest/v1/transaction/{reference}</c>; null when the gateway does not know it.</summary>
    public async Task<EnterpriseTransaction?> GetTransactionAsync(string transactionReference, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(transactionReference) || !transactionReference.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("Transaction reference must be numeric.", nameof(transactionReference));
        }

        var response = await GetAsync(Gateway($"{TransactionPath}/{transactionReference}"), ct);
        if (IsNotFound(response))
        {
            return null;
        }

        EnsureSuccess(response);
        var list = Read(response, EnterpriseWireReader.ReadTransactionList);
        return list.Count == 0 ? null : list[0];
    }

    /// <summary><c>GET /rest/v1/transaction?orderid=</c>: every attempt of the order, oldest first.</summary>
    public async Task<IReadOnlyList<EnterpriseTransaction>> GetTransactionsByOrderIdAsync(string orderId, CancellationToken ct = default)
    {
        // Lookups accept any existing order id (older ones may hold '_'); only our new ones follow the SEPA set.
        if (string.IsNullOrEmpty(orderId) || orderId.Length > SepaRules.MaxOrderIdLength)
        {
            throw new ArgumentException($"orderid must be 1-{SepaRules.MaxOrderIdLength} characters.", nameof(orderId));
        }

        var response = await GetAsync(Gateway($"{TransactionPath}?orderid={Uri.EscapeDataString(orderId)}"), ct);
        if (IsNotFound(response))
        {
            return [];
        }

        EnsureSuccess(response);
        return Read(response, EnterpriseWireReader.ReadTransactionList);
    }

    /// <summary>
    /// <c>GET /rest/v2/security-settings</c>: the digest the back office signs notifications with. Worth asking
    /// again when a notification fails verification, since merchants can switch the algorithm at any time.
    /// </summary>
    public async Task<HiPayEnterpriseSignatureAlgorithm> GetSignatureAlgorithmAsync(CancellationToken ct = default)
    {
        var response = await GetAsync(Gateway(SecuritySettingsPath), ct);
        EnsureSuccess(response);
        var name = Read(response, root => root.Str("hashing_algorithm"));
        return name?.ToUpperInvariant().Replace("-", "", StringComparison.Ordinal) switch
        {
            "SHA1" => HiPayEnterpriseSignatureAlgorithm.Sha1,
            "SHA256" => HiPayEnterpriseSignatureAlgorithm.Sha256,
            "SHA512" => HiPayEnterpriseSignatureAlgorithm.Sha512,
            _ => throw new HiPayEnterpriseApiException(response.Status, null, "unknown hashing_algorithm in security settings", response.RequestId, response.Text),
        };
    }

    /// <summary>
    /// Settles an <see cref="OrderOutcome.Unknown"/>: looks the order up by its orderid. Null means the gateway
    /// holds no transaction for it, so the original request never took effect and may be sent again.
    /// </summary>
    public async Task<OrderResult?> ResolveUnknownAsync(string orderId, CancellationToken ct = default)
    {
        var transactions = await GetTransactionsByOrderIdAsync(orderId, ct);
        if (transactions.Count == 0)
        {
            ClientLog.OrderNotFound(_logger, orderId);
            return null;
        }

        var latest = transactions[^1];
        ClientLog.OrderResolved(_logger, orderId, latest.TransactionReference, latest.Status);
        return OrderResult.FromTransaction(orderId, latest);
    }

    private async Task<OrderResult> PostOrderAsync(string orderId, List<KeyValuePair<string, string>> fields, CancellationToken ct)
    {
        var response = await SendOnceAsync(HttpMethod.Post, Gateway(OrderPath), fields, ct);
        if (response.Unknown is not null)
        {
            ClientLog.OrderUnknown(_logger, orderId, response.Unknown);
            return new OrderResult(OrderOutcome.Unknown, orderId, null, ErrorMessage: response.Unknown);
        }

        var status = (int)response.Status!.Value;
        if (status is >= 200 and < 300)
        {
            try
            {
                var transaction = EnterpriseWireReader.ReadTransaction(Parse(response));
                var result = OrderResult.FromTransaction(orderId, transaction);
                ClientLog.OrderAnswered(_logger, orderId, result.Outcome, transaction.TransactionReference, transaction.Status);
                return result;
            }
            catch (FormatException ex)
            {
                // The gateway said yes but we cannot read what it created: the order exists in some state.
                ClientLog.OrderUnreadable(_logger, ex, orderId);
                return new OrderResult(OrderOutcome.Unknown, orderId, null, ErrorMessage: "unreadable answer");
            }
        }

        var (code, message, _) = TryReadError(response);
        if (status >= 500 || code == 1000008)
        {
            ClientLog.OrderUnknown(_logger, orderId, code is null ? $"HTTP {status}" : $"HTTP {status} code {code}");
            return new OrderResult(OrderOutcome.Unknown, orderId, null, code, message ?? $"HTTP {status}");
        }

        if (status == 400 && code is not null)
        {
            ClientLog.OrderRejected(_logger, orderId, code, message);
            return new OrderResult(OrderOutcome.Rejected, orderId, null, code, message);
        }

        throw new HiPayEnterpriseApiException(response.Status, code, message, response.RequestId, response.Text);
    }

    private Uri Gateway(string path) => new(Options.BaseUrl!, path);

    private async Task<WireResponse> SendOnceAsync(HttpMethod method, Uri uri, List<KeyValuePair<string, string>>? fields, CancellationToken ct)
    {
        using var request = NewRequest(method, uri, fields);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            return await WireResponse.ReadAsync(response, ct);
        }
        catch (HttpRequestException ex)
        {
            return WireResponse.Ambiguous("connection failed: " + ex.HttpRequestError);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return WireResponse.Ambiguous("timed out");
        }
        catch (IOException)
        {
            return WireResponse.Ambiguous("connection dropped while reading the answer");
        }
    }

    private async Task<WireResponse> GetAsync(Uri uri, CancellationToken ct)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await _getPipeline.ExecuteAsync(
                async token =>
                {
                    using var request = NewRequest(HttpMethod.Get, uri, null);
                    var sent = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                    return sent;
                },
                ct);
            return await WireResponse.ReadAsync(response, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new HiPayEnterpriseApiException(null, null, "lookup failed after retries: " + ex.HttpRequestError, null, null, ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new HiPayEnterpriseApiException(null, null, "lookup timed out after retries", null, null, ex);
        }
        finally
        {
            response?.Dispose();
        }
    }

    private HttpRequestMessage NewRequest(HttpMethod method, Uri uri, List<KeyValuePair<string, string>>? fields)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(
            Options.ResponseFormat == HiPayEnterpriseResponseFormat.Xml ? "application/xml" : "application/json"));
        if (fields is not null)
        {
            request.Content = new FormUrlEncodedContent(fields);
        }

        return request;
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildGetPipeline(HiPayEnterpriseOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.GetRetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.GetRetryCount,
                Delay = options.GetRetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    { Exception: OperationCanceledException } => !args.Context.CancellationToken.IsCancellationRequested,
                    { Result: { } r } => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests,
                    _ => false,
                }),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// The gateway's own "no such transaction" (code 3000002). A bare 404 without it comes from something in
    /// between (a proxy, a wrong path) and says nothing about the order: treating it as "not found" would let a
    /// debit be sent twice.
    /// </summary>
    private static bool IsNotFound(WireResponse response) =>
        response.Status is { } s && (int)s >= 400 && TryReadError(response).Code == 3000002;

    private static void EnsureSuccess(WireResponse response)
    {
        if (response.Status is { } status && (int)status is >= 200 and < 300)
        {
            return;
        }

        var (code, message, _) = TryReadError(response);
        throw new HiPayEnterpriseApiException(response.Status, code, message, response.RequestId, response.Text);
    }

    private static (int? Code, string? Message, string? Description) TryReadError(WireResponse response)
    {
        try
        {
            return EnterpriseWireReader.ReadError(Parse(response));
        }
        catch (FormatException)
        {
            return (null, null, null);
        }
    }

    private static WireNode Parse(WireResponse response)
    {
        try
        {
            return EnterpriseWireReader.ParseBody(response.Body);
        }
        catch (JsonException ex)
        {
            throw new FormatException("Gateway answer is not valid JSON.", ex);
        }
        catch (XmlException ex)
        {
            throw new FormatException("Gateway answer is not valid XML.", ex);
        }
    }

    private static T Read<T>(WireResponse response, Func<WireNode, T> reader)
    {
        try
        {
            return reader(Parse(response));
        }
        catch (FormatException ex)
        {
            throw new HiPayEnterpriseApiException(response.Status, null, "unreadable gateway answer", response.RequestId, response.Text, ex);
        }
    }

    /// <summary>A finished exchange (status + body) or an ambiguous one (<see cref="Unknown"/> says why).</summary>
    private sealed record WireResponse(HttpStatusCode? Status, byte[] Body, string? RequestId, string? Unknown)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        public static WireResponse Ambiguous(string reason) => new(null, [], null, reason);

        public static async Task<WireResponse> ReadAsync(HttpResponseMessage response, CancellationToken ct)
        {
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var requestId = response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;
            return new WireResponse(response.StatusCode, body, requestId, null);
        }
    }
}
