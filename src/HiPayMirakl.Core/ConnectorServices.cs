using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Approvals;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Monitoring;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Scheduling;
using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.Core.Features.WalletNotifications;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.Core;

public static class ConnectorServices
{
    /// <summary>Registers the settings (already validated for the command's scope), the clock and the database.</summary>
    public static IServiceCollection AddConnectorCore(this IServiceCollection services, ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        foreach (var (_, options) in settings.Sections())
        {
            var optionsType = typeof(IOptions<>).MakeGenericType(options.GetType());
            var wrapperType = typeof(OptionsWrapper<>).MakeGenericType(options.GetType());
            services.AddSingleton(optionsType, Activator.CreateInstance(wrapperType, options)!);
            services.AddSingleton(options.GetType(), options);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAlertSink, LoggingAlertSink>();
        // Every context runs the interceptors that raise alerts from what it saves (a leg becoming Held).
        services.TryAddSingleton(sp => new LegHeldAlerts(sp.GetRequiredService<IAlertSink>()));
        services.AddDbContext<ConnectorDbContext>((sp, o) =>
        {
            ConnectorDatabase.Configure(o, settings.Database);
            o.AddInterceptors(sp.GetRequiredService<LegHeldAlerts>());
        });
        services.AddSingleton<Func<ConnectorDbContext>>(sp =>
        {
            // Built once: EF caches its internal services per options, and every context logs like the scoped one.
            var options = ConnectorDatabase.CreateOptions(settings.Database.Provider, settings.Database.ConnectionString,
                sp.GetService<ILoggerFactory>(), sp.GetRequiredService<LegHeldAlerts>());
            var clock = sp.GetRequiredService<TimeProvider>();
            return () => new ConnectorDbContext(options, clock);
        });
        services.AddMonitoring();
        services.AddSingleton(sp => new JobRunner(
            sp.GetRequiredService<Func<ConnectorDbContext>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JobRunner>>(),
            sp.GetRequiredService<ConnectorMetrics>()));
        services.AddAccess();
        return services;
    }

    /// <summary>
    /// Everything the connector runs with: core, the provider clients built from the settings, and the feature slices.
    /// The settings must have been validated for <see cref="SettingsScope.All"/>.
    /// </summary>
    public static IServiceCollection AddConnector(this IServiceCollection services, ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddConnectorCore(settings);
        services.AddMiraklClient(new MiraklClientOptions
        {
            BaseUrl = new Uri(settings.Mirakl.BaseUrl),
            OperatorKey = settings.Mirakl.OperatorKey,
            RequestsPerSecond = settings.Mirakl.RequestsPerSecond,
            Timeout = TimeSpan.FromSeconds(settings.Mirakl.TimeoutSeconds),
        });
        services.AddHiPayWalletClient(new HiPayWalletClientOptions
        {
            BaseUrl = new Uri(settings.HiPayWallet.BaseRestUrl),
            WsLogin = settings.HiPayWallet.WsLogin,
            WsPassword = settings.HiPayWallet.WsPassword,
            Entity = settings.HiPayWallet.Entity,
            Locale = settings.HiPayWallet.Locale,
            TimeZone = settings.HiPayWallet.TimeZone,
            Timeout = TimeSpan.FromSeconds(settings.HiPayWallet.TimeoutSeconds),
            RequestsPerSecond = settings.HiPayWallet.RequestsPerSecond,
        });
        // One gate for the whole process: the salt look-up budget is shared by every request.
        services.AddSingleton(sp => new SaltRefreshGate(settings.HiPayWallet, sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<IWalletSaltSource, WalletSaltSource>();
        services.AddScoped<WalletNotificationReceiver>();
        services.AddTransient<WalletNotificationProcessor>();
        services.AddTransient<IInboxHandler>(sp => sp.GetRequiredService<WalletNotificationProcessor>());
        services.AddAlerting();
        services.AddInbox();
        services.AddDirectDebit(settings);
        services.AddVendorOnboarding();
        services.AddPayouts();
        services.AddApprovals();
        services.AddJobSchedule();
        services.AddProviderCallMetrics();
        return services;
    }

    /// <summary>Applies pending migrations; returns the ones applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(DatabaseOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            ConnectorDatabase.EnsureSqliteDirectory(options.ConnectionString);
        }

        await using var db = new ConnectorDbContext(ConnectorDatabase.CreateOptions(options.Provider, options.ConnectionString));
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        return pending;
    }
}
