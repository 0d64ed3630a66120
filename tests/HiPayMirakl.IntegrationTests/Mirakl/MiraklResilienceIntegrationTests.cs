using System.Net;
using HiPayMirakl.Mirakl;
using Microsoft.Extensions.Time.Testing;
using Simulator.Common;
using Simulator.Mirakl.Seeding;

namespace HiPayMirakl.IntegrationTests.Mirakl;

/// <summary>Faults injected in the simulator; outcomes checked on the result and in the simulator's journal.</summary>
public sealed class MiraklResilienceIntegrationTests : IAsyncLifetime
{
    private static readonly MarketplaceSeedRequest Seed = new(Shops: 5, CyclesOfInvoices: 0, Seed: 5);
    private readonly List<IAsyncDisposable> _started = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var d in _started)
        {
            await d.DisposeAsync();
        }
    }

    private async Task<MiraklTestBed> StartAsync(Action<MiraklClientOptions>? configure = null, TimeProvider? time = null)
    {
        var bed = await MiraklTestBed.StartAsync(Seed, configure, time);
        _started.Add(bed);
        return bed;
    }

    [Fact]
    public async Task Get_503TwiceThenSuccess_Succeeds()
    {
        var bed = await StartAsync();
        bed.Faults.Add(new FaultRule("s20-503", FaultKind.Status, Method: "GET", PathRegex: "^/api/shops$", Count: 2, StatusCode: 503));

        var shops = await Collect(bed.Client.GetShopsAsync());

        Assert.Equal(5, shops.Count);
        Assert.Equal([503, 503, 200], bed.Calls("GET", "/api/shops").Select(e => e.Status));
    }

    [Fact]
    public async Task Get_503MoreTimesThanRetries_ApiExceptionAfterBoundedAttempts()
    {
        var bed = await StartAsync(o => o.MaxRetries = 2);
        bed.Faults.Add(new FaultRule("s20-503", FaultKind.Status, Method: "GET", PathRegex: "^/api/shops$", StatusCode: 503));

        var ex = await Assert.ThrowsAsync<MiraklApiException>(() => Collect(bed.Client.GetShopsAsync()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(3, bed.Calls("GET", "/api/shops").Count);
    }

    [Fact]
    public async Task Get_429WithRetryAfter1s_RetriedOnlyOnceTheDelayHasPassed()
    {
        var time = new DelayWatchingTimeProvider(TimeSpan.FromSeconds(1));
        var bed = await StartAsync(time: time);
        bed.Faults.Add(new FaultRule("s20-429", FaultKind.RateLimited, Method: "GET", PathRegex: "^/api/shops$", Count: 1,
            RetryAfterSeconds: 1));

        var call = Collect(bed.Client.GetShopsAsync());
        // The client has received the 429 and is waiting on its clock for the advertised second.
        await time.DelayRequested.WaitAsync(TimeSpan.FromSeconds(30));
        await AdvanceBothAsync(bed, time, TimeSpan.FromMilliseconds(999));
        var beforeDelay = bed.Calls("GET", "/api/shops");
        await AdvanceBothAsync(bed, time, TimeSpan.FromMilliseconds(1));
        var shops = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, shops.Count);
        Assert.False(call.IsFaulted);
        Assert.Equal([429], beforeDelay.Select(e => e.Status));
        var calls = bed.Calls("GET", "/api/shops");
        Assert.Equal([429, 200], calls.Select(e => e.Status));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1), $"retry after {calls[1].At - calls[0].At}");
    }

    [Fact]
    public async Task Put_429_RetriedAndApplied()
    {
        var bed = await StartAsync();
        var shopId = (await bed.RawShopsAsync())[0].GetProperty("shop_id").GetInt64();
        bed.Faults.Add(new FaultRule("s07-429", FaultKind.RateLimited, Method: "PUT", PathRegex: "^/api/shops$", Count: 1,
            RetryAfterSeconds: 0));

        var results = await bed.Client.UpdateShopsAsync([new MiraklShopUpdate { ShopId = shopId, PaymentBlocked = true }]);

        Assert.True(Assert.Single(results).Succeeded);
        Assert.Equal([429, 200], bed.Calls("PUT", "/api/shops").Select(e => e.Status));
    }

    [Fact]
    public async Task Put_500_NotRetried()
    {
        var bed = await StartAsync();
        var shopId = (await bed.RawShopsAsync())[0].GetProperty("shop_id").GetInt64();
        bed.Faults.Add(new FaultRule("s07-500", FaultKind.Status, Method: "PUT", PathRegex: "^/api/shops$", Count: 1, StatusCode: 500));

        var ex = await Assert.ThrowsAsync<MiraklApiException>(() =>
            bed.Client.UpdateShopsAsync([new MiraklShopUpdate { ShopId = shopId, PaymentBlocked = true }]));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal("S07", ex.Operation);
        Assert.Single(bed.Calls("PUT", "/api/shops"));
    }

    [Fact]
    public async Task Get_FirstAttemptHangs_TimedOutAndRetried()
    {
        // A short real timeout: the hung attempt can only end by the client giving up, so this cannot pass by luck.
        var bed = await StartAsync(o => o.Timeout = TimeSpan.FromMilliseconds(500));
        bed.Faults.Add(new FaultRule("do01-hang", FaultKind.Hang, Method: "GET", PathRegex: "^/api/documents$", Count: 1));

        var types = await bed.Client.GetDocumentTypesAsync();

        Assert.NotEmpty(types);
        Assert.Contains(bed.Calls("GET", "/api/documents"), e => e.FaultId == "do01-hang");
        Assert.Contains(bed.Calls("GET", "/api/documents"), e => e.Status == 200);
    }

    [Fact]
    public async Task Put_Hangs_NotRetriedAndReportedWithoutStatus()
    {
        var bed = await StartAsync(o => o.Timeout = TimeSpan.FromMilliseconds(500));
        var shopId = (await bed.RawShopsAsync())[0].GetProperty("shop_id").GetInt64();
        // No count limit: a wrongful retry would hang too and show up as a second match.
        bed.Faults.Add(new FaultRule("s07-hang", FaultKind.Hang, Method: "PUT", PathRegex: "^/api/shops$"));

        var ex = await Assert.ThrowsAsync<MiraklApiException>(() =>
            bed.Client.UpdateShopsAsync([new MiraklShopUpdate { ShopId = shopId, PaymentBlocked = true }]));

        Assert.Null(ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(1, Assert.Single(bed.Faults.List(), f => f.Rule.Id == "s07-hang").Matched);
    }

    [Fact]
    public async Task Get_WrongKey_ApiExceptionWith401WithoutTheKey()
    {
        const string wrongKey = "wrong-operator-key-5f1c";
        var bed = await StartAsync(o => o.OperatorKey = wrongKey);

        var ex = await Assert.ThrowsAsync<MiraklApiException>(() => bed.Client.GetDocumentTypesAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("DO01", ex.Operation);
        Assert.DoesNotContain(wrongKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, ex.BodyExcerpt ?? string.Empty, StringComparison.Ordinal);
        Assert.Single(bed.Calls("GET", "/api/documents"));
    }

    [Fact]
    public async Task Get_MalformedBody_ApiExceptionWithRedactedExcerpt()
    {
        var bed = await StartAsync();
        bed.Faults.Add(new FaultRule("af01-bad", FaultKind.Malformed, Method: "GET", PathRegex: "^/api/additional_fields$",
            Body: """{"additional_fields":[{"code":"x","iban":"FR7630004012781111111111124" """));

        var ex = await Assert.ThrowsAsync<MiraklApiException>(() => bed.Client.GetAdditionalFieldsAsync());

        Assert.Equal("AF01", ex.Operation);
        Assert.DoesNotContain("30004012781111111111", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FR76****1124", ex.Message, StringComparison.Ordinal);
    }

    private static async Task AdvanceBothAsync(MiraklTestBed bed, FakeTimeProvider time, TimeSpan by)
    {
        // One clock for both sides: the simulator stamps the journal with the same time the client waits on.
        await bed.Clock.AdvanceAsync(by);
        time.Advance(by);
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>A fake clock that signals when someone starts waiting for exactly <c>watched</c>.</summary>
    private sealed class DelayWatchingTimeProvider(TimeSpan watched) : FakeTimeProvider
    {
        private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task DelayRequested => _requested.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime == watched)
            {
                _requested.TrySetResult();
            }

            return timer;
        }
    }
}
