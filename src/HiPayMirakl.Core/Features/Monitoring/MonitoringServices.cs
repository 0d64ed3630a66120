using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HiPayMirakl.Core.Features.Monitoring;

public static class MonitoringServices
{
    /// <summary>The instruments, the database figures behind them and the outage monitor.</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(sp => new DatabaseFigures(
            sp.GetRequiredService<Func<ConnectorDbContext>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<MonitoringOptions>()));
        services.TryAddSingleton<ConnectorMetrics>();
        services.TryAddSingleton<ProviderOutageMonitor>();
        return services;
    }

    /// <summary>
    /// Puts the call observer on each provider's HttpClient, innermost so that it sees every attempt on the wire
    /// (429s and retries included). Call after the clients are registered. The names are the typed clients' names.
    /// </summary>
    public static IServiceCollection AddProviderCallMetrics(this IServiceCollection services)
    {
        Observe(services, typeof(IMiraklClient).Name, ProviderApi.Mirakl);
        Observe(services, nameof(HiPayWalletClient), ProviderApi.HiPayWallet);
        Observe(services, nameof(HiPayEnterpriseClient), ProviderApi.HiPayEnterprise);
        return services;
    }

    private static void Observe(IServiceCollection services, string clientName, string api) =>
        services.AddHttpClient(clientName).AddHttpMessageHandler(sp =>
            new ProviderCallHandler(api, sp.GetRequiredService<ConnectorMetrics>(), sp.GetRequiredService<ProviderOutageMonitor>()));
}
