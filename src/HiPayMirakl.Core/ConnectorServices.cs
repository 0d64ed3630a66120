using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<ConnectorDbContext>(o => ConnectorDatabase.Configure(o, settings.Database));
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
