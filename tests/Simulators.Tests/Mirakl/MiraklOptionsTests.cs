using System.Net;
using Simulator.Common;
using Simulator.Mirakl;

namespace Simulators.Tests.Mirakl;

public sealed class MiraklOptionsTests
{
    [Fact]
    public async Task RateLimits_ConfiguredAtStart_ThrottleAndSurviveReset()
    {
        var options = new MiraklSimulatorOptions();
        options.RateLimits.Add(new MiraklRateLimit("S20", 1, TimeSpan.FromMinutes(1)));
        await using var host = await MiraklSimulator.StartAsync(options);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "operator-key");

        using var first = await client.GetAsync("api/shops");
        using var second = await client.GetAsync("api/shops");
        using var otherOperation = await client.GetAsync("api/invoices");
        using var reset = await client.PostAsync("_sim/reset", null);
        using var afterReset = await client.GetAsync("api/shops");
        using var afterResetAgain = await client.GetAsync("api/shops");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherOperation.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterReset.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, afterResetAgain.StatusCode);
    }

    [Fact]
    public async Task InitialSeed_Configured_IsLoadedAtStart()
    {
        var options = new MiraklSimulatorOptions
        {
            InitialSeed = new Simulator.Mirakl.Seeding.MarketplaceSeedRequest(12, 2),
            ClockStart = new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero),
        };
        await using var host = await MiraklSimulator.StartAsync(options);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer operator-key");

        var shops = await client.GetStringAsync("api/shops?paginate=false");
        var invoices = await client.GetStringAsync("api/invoices?start_date=2026-03-11T00:00:00Z&end_date=2026-03-21T23:59:59Z&max=100");

        Assert.Contains("\"total_count\":12", shops, StringComparison.Ordinal);
        Assert.Contains("\"total_count\":24", invoices, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero), host.Get<VirtualClock>().GetUtcNow());
    }
}
