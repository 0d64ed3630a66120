using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.HiPayWallet;

public static class HiPayWalletServiceCollectionExtensions
{
    /// <summary>Registers the client with options built in code; they are validated now, errors naming the key.</summary>
    public static IServiceCollection AddHiPayWalletClient(this IServiceCollection services, HiPayWalletClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = HiPayWalletClientOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(HiPayWalletClientOptions.SectionName, typeof(HiPayWalletClientOptions), failures);
        }

        return services.AddHiPayWalletClient(o =>
        {
            o.BaseUrl = options.BaseUrl;
            o.WsLogin = options.WsLogin;
            o.WsPassword = options.WsPassword;
            o.Entity = options.Entity;
            o.Locale = options.Locale;
            o.TimeZone = options.TimeZone;
            o.Timeout = options.Timeout;
            o.RequestsPerSecond = options.RequestsPerSecond;
            o.MaxRetries = options.MaxRetries;
            o.RetryBaseDelay = options.RetryBaseDelay;
            o.MaxRetryAfter = options.MaxRetryAfter;
        });
    }

    /// <summary>Registers the client bound to a configuration section (usually <c>HiPayWallet</c>), validated on start.</summary>
    public static IServiceCollection AddHiPayWalletClient(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<HiPayWalletClientOptions>().Bind(section);
        return AddCore(services);
    }

    public static IServiceCollection AddHiPayWalletClient(this IServiceCollection services, Action<HiPayWalletClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<HiPayWalletClientOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<HiPayWalletClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HiPayWalletClientOptions>, HiPayWalletClientOptionsValidator>());
        services.TryAddTransient<WalletAuthenticationHandler>();
        services.TryAddSingleton(provider => new WalletRateLimiter(provider.GetRequiredService<IOptions<HiPayWalletClientOptions>>().Value.RequestsPerSecond));
        services.TryAddTransient<WalletRateLimitHandler>();
        services.AddHttpClient<HiPayWalletClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<HiPayWalletClientOptions>>().Value;
                var root = options.BaseUrl!.AbsoluteUri;
                http.BaseAddress = new Uri(root.EndsWith('/') ? root : root + "/");
                http.Timeout = options.Timeout;
                // Answers are small JSON documents; a huge one is a fault, not data.
                http.MaxResponseContentBufferSize = 4 * 1024 * 1024;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("HiPayMirakl/0.1");
                http.DefaultRequestHeaders.TryAddWithoutValidation("x-professional-client-origin", "hipay-mirakl-connector-v1");
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            })
            .AddHttpMessageHandler<WalletRateLimitHandler>()
            .AddHttpMessageHandler<WalletAuthenticationHandler>();
        return services;
    }
}
