using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.HiPayEnterprise;

public static class HiPayEnterpriseServiceCollectionExtensions
{
    /// <summary>Registers the client bound to a configuration section (usually <c>HiPayEnterprise</c>).</summary>
    public static IServiceCollection AddHiPayEnterpriseClient(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<HiPayEnterpriseOptions>().Bind(section);
        return AddCore(services);
    }

    /// <summary>Registers the client with options set in code (tests, the demo).</summary>
    public static IServiceCollection AddHiPayEnterpriseClient(this IServiceCollection services, Action<HiPayEnterpriseOptions> configure)
    {
        services.AddOptions<HiPayEnterpriseOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<HiPayEnterpriseOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HiPayEnterpriseOptions>, HiPayEnterpriseOptionsValidator>());
        services.TryAddTransient<BasicAuthenticationHandler>();
        services.AddHttpClient<HiPayEnterpriseClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<HiPayEnterpriseOptions>>().Value;
                http.Timeout = options.Timeout;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("HiPayMirakl/0.1");
            })
            .AddHttpMessageHandler<BasicAuthenticationHandler>();
        return services;
    }
}
