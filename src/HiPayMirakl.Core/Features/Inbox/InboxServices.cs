using HiPayMirakl.Core.Features.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Inbox;

public static class InboxServices
{
    /// <summary>The dispatcher and its wake-up signal. Handlers register themselves as <see cref="IInboxHandler"/> in their slice.</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.TryAddSingleton<InboxOptions>();
        services.TryAddSingleton<InboxSignal>();
        services.TryAddSingleton(sp => new InboxDispatcher(
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<InboxOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InboxDispatcher>>(),
            alerts: sp.GetRequiredService<IAlertSink>()));
        return services;
    }
}
