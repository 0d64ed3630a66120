using HiPayMirakl.Core.Features.Inbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HiPayMirakl.Core.Features.Payouts;

public static class PayoutServices
{
    public static IServiceCollection AddPayouts(this IServiceCollection services)
    {
        services.TryAddSingleton<IPayoutCallObserver, NoPayoutCallObserver>();
        services.AddTransient<CashoutGenerator>();
        services.AddTransient<PayoutExecutor>();
        services.AddTransient<PayoutStatusSync>();
        services.AddTransient<PayoutNotificationProcessor>();
        services.AddTransient<IInboxHandler>(sp => sp.GetRequiredService<PayoutNotificationProcessor>());
        services.AddTransient<CashoutCycle>();
        services.AddTransient<PayoutReconciler>();
        services.AddTransient<LegAdministration>();
        return services;
    }
}
