using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Simulator.Common;
using Simulators.Tests.TestSupport;

namespace Simulators.Tests.Common;

public sealed class SimulatorKitHttpTests : IAsyncLifetime, IDisposable
{
    private SimulatorHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await KitTestSimulator.StartAsync();
        _client = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _client.Dispose();

    private CounterState Counter => _host.Get<CounterState>();

    private Task<HttpResponseMessage> AddFaultAsync(object rule) => _client.PostAsync("_sim/faults",
        new StringContent(JsonSerializer.Serialize(rule), Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Fault_StatusWithCountViaControlApi_FailsCountTimesThenAnswersNormally()
    {
        var added = await AddFaultAsync(new { kind = "Status", method = "GET", pathRegex = "^/api/ping$", count = 2, statusCode = 503, body = "down" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var r = await _client.GetAsync("api/ping");
            statuses.Add(r.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        var journal = _host.Get<RequestJournal>().Snapshot();
        Assert.Equal(2, journal.Count(e => e.FaultId is not null && e.Status == 503));
    }

    [Fact]
    public async Task Fault_DropAfterApply_StateChangesButClientSeesDroppedConnection()
    {
        _host.Get<FaultRegistry>().Add(new FaultRule("drop", FaultKind.DropAfterApply, Method: "POST", Count: 1));

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.PostAsync("api/counter", null));

        Assert.Equal(1, Counter.Value);
        using var second = await _client.PostAsync("api/counter", null);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, Counter.Value);
    }

    [Fact]
    public async Task Fault_FailAfterApply_StateChangesAndClientGets500()
    {
        _host.Get<FaultRegistry>().Add(new FaultRule(null, FaultKind.FailAfterApply, Method: "POST", Nth: 1));

        using var response = await _client.PostAsync("api/counter", null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, Counter.Value);
    }

    [Fact]
    public async Task Fault_ErrorCode_Answers200WithBodyWithoutRunningEndpoint()
    {
        _host.Get<FaultRegistry>().Add(new FaultRule(null, FaultKind.ErrorCode, Body: """{"code":13,"message":"nope"}"""));

        using var response = await _client.PostAsync("api/counter", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(13, doc.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(0, Counter.Value);
    }

    [Fact]
    public async Task Fault_MalformedWithoutBody_Answers200WithTruncatedJson()
    {
        _host.Get<FaultRegistry>().Add(new FaultRule(null, FaultKind.Malformed, PathRegex: "ping"));

        using var response = await _client.GetAsync("api/ping");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("{\"ok\":true", text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Fault_RateLimited_Answers429WithRetryAfter()
    {
        _host.Get<FaultRegistry>().Add(new FaultRule(null, FaultKind.RateLimited, RetryAfterSeconds: 7, Count: 1));

        using var response = await _client.GetAsync("api/ping");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Fault_Hang_NeverAnswersUntilClientGivesUp()
    {
        _host.Get<FaultRegistry>().Add(new FaultRule(null, FaultKind.Hang, Count: 1));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.GetAsync("api/ping", cts.Token));

        using var after = await _client.GetAsync("api/ping");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Fault_ControlPaths_AreNeverFaulted()
    {
        _host.Get<FaultRegistry>().Add(new FaultRule(null, FaultKind.Status, StatusCode: 500));

        using var response = await _client.GetAsync("_sim/state");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RateLimit_BucketExhausted_Returns429UntilVirtualClockRefills()
    {
        using var configured = await _client.PostAsJsonAsync("_sim/ratelimits", new { routeKey = "PING", capacity = 2, refillSeconds = 60 });
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);

        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 3; i++)
        {
            using var r = await Send("key-a");
            statuses.Add(r.StatusCode);
            retryAfter ??= r.Headers.RetryAfter?.Delta;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 30);

        using (var otherKey = await Send("key-b"))
        {
            Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        }

        using var advanced = await _client.PostAsJsonAsync("_sim/clock/advance", new { seconds = 60 });
        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        using var afterRefill = await Send("key-a");
        Assert.Equal(HttpStatusCode.OK, afterRefill.StatusCode);

        async Task<HttpResponseMessage> Send(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/ping");
            request.Headers.TryAddWithoutValidation("Authorization", key);
            return await _client.SendAsync(request);
        }
    }

    [Fact]
    public async Task Journal_RequestWithCredentials_MasksThemAndRecordsOutcome()
    {
        using (var request = new HttpRequestMessage(HttpMethod.Post, "api/counter?x=1"))
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer s3cr3t-operator-key");
            request.Headers.TryAddWithoutValidation("php-auth-pw", "hunter2-password");
            request.Headers.TryAddWithoutValidation("php-auth-user", "login-visible");
            request.Content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json");
            using var response = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var raw = await _client.GetStringAsync("_sim/journal");

        Assert.DoesNotContain("s3cr3t", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", raw, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(raw);
        var entry = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("POST", entry.GetProperty("method").GetString());
        Assert.Equal("/api/counter", entry.GetProperty("path").GetString());
        Assert.Equal("?x=1", entry.GetProperty("query").GetString());
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
        Assert.Equal(64, entry.GetProperty("bodySha256").GetString()!.Length);
        var headers = entry.GetProperty("headers");
        Assert.Equal("Bearer ****", headers.GetProperty("Authorization").GetString());
        Assert.Equal("login-visible", headers.GetProperty("php-auth-user").GetString());
    }

    [Fact]
    public async Task Reset_AfterActivity_ClearsStateJournalAndFaults()
    {
        _host.Get<FaultRegistry>().Add(new FaultRule(null, FaultKind.Latency, LatencyMs: 1));
        using (await _client.PostAsync("api/counter", null))
        {
        }

        using var reset = await _client.PostAsync("_sim/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(0, Counter.Value);
        Assert.Empty(_host.Get<RequestJournal>().Snapshot());
        Assert.Empty(_host.Get<FaultRegistry>().List());
    }
}
