using HiPayMirakl.Mirakl.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HiPayMirakl.Mirakl;

public static class MiraklServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMiraklClient"/> as a typed HttpClient with the operator-key handler, the process-wide
    /// token bucket and the client's resilience pipeline. Throws when the options are invalid, naming the keys.
    /// A <see cref="TimeProvider"/> registered beforehand drives retry delays and timeouts (tests use a fake one).
    /// </summary>
    public static IHttpClientBuilder AddMiraklClient(this IServiceCollection services, MiraklClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateOrThrow();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<MiraklRateLimiter>();
        services.AddSingleton<MiraklResilience>();
        services.AddTransient<MiraklAuthHandler>();
        services.AddTransient<MiraklRateLimitHandler>();
        return services.AddHttpClient<IMiraklClient, MiraklClient>(http =>
            {
                http.BaseAddress = options.NormalizedBaseUrl();
                // Each attempt has its own timeout in the resilience pipeline; an overall one would cut retries short.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<MiraklAuthHandler>()
            .AddHttpMessageHandler<MiraklRateLimitHandler>();
    }
}
