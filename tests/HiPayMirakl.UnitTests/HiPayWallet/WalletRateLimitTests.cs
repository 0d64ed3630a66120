using System.Diagnostics;
using System.Net;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.HiPayWallet;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.UnitTests.HiPayWallet;

/// <summary>HiPayWallet:RequestsPerSecond reaches the client: every attempt waits for a token of one shared bucket.</summary>
public sealed class WalletRateLimitTests
{
    private const string Balance = """{"code":0,"message":"","date":"2026-01-01","balances":[{"user_account_id":500000,"user_account_type":"1","balance":"1.00","currency":"EUR","money_available_for_withdrawal":"1.00"}]}""";

    [Fact]
    public async Task Client_OneRequestPerSecond_ThirdCallWaitsForTwoRefills()
    {
        using var wallet = new FakeWalletHandler();
        for (var i = 0; i < 3; i++)
        {
            wallet.EnqueueJson(HttpStatusCode.OK, Balance);
        }

        await using var provider = Provider(wallet, requestsPerSecond: 1);
        var client = provider.GetRequiredService<HiPayWalletClient>();

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetBalanceAsync(null, CancellationToken.None)));

        // One token at start, one more per second: the third request cannot leave before the second refill, a full
        // second after the first. A slow machine only makes this longer.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"three calls at 1/s took {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(3, wallet.Received.Count);
    }

    [Fact]
    public void Connector_HiPayWalletRequestsPerSecond_IsTheClientsBucket()
    {
        var settings = new ConnectorSettings
        {
            Mirakl = new MiraklOptions { BaseUrl = "https://mirakl.test/", OperatorKey = "k" },
            HiPayWallet = new HiPayWalletOptions
            {
                BaseRestUrl = "https://wallet.test/", WsLogin = "l", WsPassword = "p", Entity = "e", RequestsPerSecond = 7,
            },
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConnector(settings);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(7, provider.GetRequiredService<WalletRateLimiter>().RequestsPerSecond);
    }

    [Fact]
    public void Options_RequestsPerSecondZero_NamesTheKey()
    {
        var services = new ServiceCollection();
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.AddHiPayWalletClient(new HiPayWalletClientOptions
        {
            BaseUrl = new Uri("https://wallet.test/"), WsLogin = "l", WsPassword = "p", Entity = "e", RequestsPerSecond = 0,
        }));
        Assert.Contains(ex.Failures, f => f.Contains("HiPayWallet:RequestsPerSecond", StringComparison.Ordinal));
    }

    private static ServiceProvider Provider(FakeWalletHandler wallet, int requestsPerSecond)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHiPayWalletClient(new HiPayWalletClientOptions
        {
            BaseUrl = new Uri("https://wallet.test/"), WsLogin = "l", WsPassword = "p", Entity = "e", RequestsPerSecond = requestsPerSecond,
            RetryBaseDelay = TimeSpan.Zero,
        });
        services.AddHttpClient<HiPayWalletClient>().ConfigurePrimaryHttpMessageHandler(() => wallet);
        return services.BuildServiceProvider();
    }
}
