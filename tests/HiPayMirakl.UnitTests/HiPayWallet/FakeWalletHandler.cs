using System.Net;
using System.Text;

namespace HiPayMirakl.UnitTests.HiPayWallet;

/// <summary>An in-memory HiPay Wallet: answers from a script and records what it received. No sockets.</summary>
internal sealed class FakeWalletHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _script = new();

    public List<ReceivedRequest> Received { get; } = [];

    public void Enqueue(Func<HttpResponseMessage> answer) => _script.Enqueue(answer);

    public void EnqueueJson(HttpStatusCode status, string json, TimeSpan? retryAfter = null) => Enqueue(() =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        }

        return response;
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Received.Add(new ReceivedRequest(
            request.Method.Method,
            request.RequestUri!.AbsoluteUri,
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.Ordinal),
            request.Content?.Headers.ContentType?.MediaType,
            body));
        if (_script.Count == 0)
        {
            throw new InvalidOperationException("The fake wallet has no scripted answer left for " + request.RequestUri);
        }

        return _script.Dequeue()();
    }
}

internal sealed record ReceivedRequest(string Method, string Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public IReadOnlyDictionary<string, string> Form =>
        Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => System.Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? System.Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "", StringComparer.Ordinal);
}
