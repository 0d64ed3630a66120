using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace HiPayMirakl.Core.Features.Scheduling;

public static class SchedulingServices
{
    /// <summary>Quartz's tables are ours (created by our migrations), named with this prefix on both providers.</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>Every node of the connector shares this scheduler name: it is what makes them one cluster.</summary>
    public const string SchedulerName = "hipay-mirakl";

    /// <summary>The schedule's job list, `jobs list` and `jobs run`: available to every command, no scheduler started.</summary>
    public static IServiceCollection AddJobSchedule(this IServiceCollection services)
    {
        services.AddSingleton<JobSchedule>();
        return services;
    }

    /// <summary>
    /// The running scheduler, for `serve` only: Quartz's ADO job store over the connector's database. On PostgreSQL
    /// and MySQL the nodes form a cluster (row locks and check-ins in the qrtz_ tables), so each firing runs on exactly one of
    /// them; SQLite is a single node.
    /// </summary>
    public static IServiceCollection AddConnectorScheduler(this IServiceCollection services, ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.Scheduler;
        services.AddSingleton<MissedFiringAlerts>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                s.GenerateInstanceId = true;
            });
            q.UseDefaultThreadPool(options.MaxConcurrency);
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(ado =>
                {
                    ado.TablePrefix = TablePrefix;
                    ado.MisfireThreshold = options.MisfireThreshold;
                    ado.SchemaProvisioning = SchemaProvisioning.Validate;
                });
                store.UseDataSource(ds =>
                {
                    ds.Provider = settings.Database.Provider switch
                    {
                        DatabaseProvider.Postgres => DataSourceOptions.Providers.Npgsql,

                        // Oracle's MySql.Data, the driver the EF provider already brings (Quartz picks its MySQL delegate).
                        DatabaseProvider.MySql => DataSourceOptions.Providers.MySql,
                        _ => DataSourceOptions.Providers.Sqlite,
                    };
                    ds.ConnectionString = settings.Database.ConnectionString;
                });
                if (settings.Database.Provider == DatabaseProvider.MySql)
                {
                    // MySQL's dialect (row limits, paging, INSERT IGNORE) over the qrtz_ tables our MySQL migration creates.
                    store.UseDriverDelegate<Quartz.Impl.AdoJobStore.MySQLDelegate>();
                }

                if (settings.Database.Provider is DatabaseProvider.Postgres or DatabaseProvider.MySql)
                {
                    store.UseClustering(c =>
                    {
                        c.Enabled = true;
                        c.CheckinInterval = options.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = options.ClusterCheckinMisfireThreshold;
                    });
                }
            });
        });
        services.AddHostedService<SchedulerHost>();
        return services;
    }
}
