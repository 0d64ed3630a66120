using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Alerts;

public static class AlertingServices
{
    /// <summary>
    /// Replaces the logging-only sink: alerts are queued, kept in the alert log and mailed in digests when Mail:Host is
    /// set; error-level logs become alerts. The background service runs in hosts (`serve`); a command stores what it
    /// raised when its services are disposed, and the next digest of a running host mails it.
    /// </summary>
    public static IServiceCollection AddAlerting(this IServiceCollection services)
    {
        services.TryAddSingleton<QueuedAlertSink>();
        services.Replace(ServiceDescriptor.Singleton<IAlertSink>(sp => sp.GetRequiredService<QueuedAlertSink>()));
        services.TryAddSingleton<AlertDigestMailer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, ErrorLogAlertProvider>(
            sp => new ErrorLogAlertProvider(sp.GetRequiredService<QueuedAlertSink>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AlertingService>());
        return services;
    }
}
