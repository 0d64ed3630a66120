using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.HiPayEnterprise;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Core.Features.DirectDebit;

public static class DirectDebitServices
{
    /// <summary>
    /// The direct-debit slice. The gateway client is registered only when HiPayEnterprise:BaseUrl is set; without
    /// it the notification receiver still answers (403 for everything: no passphrase) and the rest is unavailable.
    /// </summary>
    public static IServiceCollection AddDirectDebit(this IServiceCollection services, ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var gateway = settings.HiPayEnterprise;
        if (gateway.IsConfigured)
        {
            services.AddHiPayEnterpriseClient(o =>
            {
                o.BaseUrl = new Uri(gateway.BaseUrl!);
                o.HostedPageBaseUrl = string.IsNullOrWhiteSpace(gateway.HostedPageBaseUrl) ? null : new Uri(gateway.HostedPageBaseUrl);
                o.Username = gateway.Username;
                o.Password = gateway.Password;
                o.Passphrase = gateway.Passphrase;
                o.SignatureAlgorithm = EnterpriseNotificationReceiver.Algorithm(gateway.SignatureAlgorithm);
                o.Timeout = TimeSpan.FromSeconds(gateway.TimeoutSeconds);
            });
            services.AddScoped<DirectDebitService>();
            services.AddScoped<DirectDebitJobs>();
            services.AddScoped<DirectDebitPaymentControl>();
        }

        services.AddScoped<EnterpriseNotificationReceiver>();
        services.AddScoped<EnterpriseNotificationProcessor>();
        services.AddScoped<IInboxHandler>(sp => sp.GetRequiredService<EnterpriseNotificationProcessor>());
        return services;
    }
}
