using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.Core.Features.Payouts;

public static class PayoutServices
{
    public static IServiceCollection AddPayouts(this IServiceCollection services)
    {
        services.TryAddSingleton<IPayoutCallObserver, NoPayoutCallObserver>();
        // A claim outlives the longest HiPay call by a renewal margin, so that it lapses only once its holder's POST
        // has ended, whatever happened to the renewals.
        services.AddTransient(sp => new LegClaims(
            sp.GetRequiredService<Func<ConnectorDbContext>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LegClaims>>())
        {
            Duration = LegClaims.DurationFor(sp.GetRequiredService<IOptions<HiPayWalletClientOptions>>().Value.LongestCall),
        });
        services.AddTransient<CashoutGenerator>();
        services.AddTransient<PayoutExecutor>();
        services.AddTransient<PayoutStatusSync>();
        services.AddTransient<PayoutNotificationProcessor>();
        services.AddTransient<IInboxHandler>(sp => sp.GetRequiredService<PayoutNotificationProcessor>());
        services.AddTransient<CashoutCycle>();
        services.AddTransient<CyclePreview>();
        services.AddTransient<Reconciliation.Reconciler>();
        services.AddTransient<LegAdministration>();
        services.AddTransient<LegOverrides>();
        return services;
    }
}
