using HiPayMirakl.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Persistence;

/// <summary>Builds the EF options for the configured provider, with that provider's migrations assembly.</summary>
public static class ConnectorDatabase
{
    public const string SqliteMigrationsAssembly = "HiPayMirakl.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "HiPayMirakl.Migrations.Postgres";
    public const string MySqlMigrationsAssembly = "HiPayMirakl.Migrations.MySql";

    public static void Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            case DatabaseProvider.MySql:
                builder.UseMySQL(connectionString, o => o.MigrationsAssembly(MySqlMigrationsAssembly));
                builder.AddInterceptors(MariaDbCompatibility.Instance);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }

        // A line per statement is Debug detail, not Information: it shows only when Alerting:SqlLogLevel lets it.
        // A failed save or statement reaches its caller as an exception, and the caller logs it at the level it means
        // (a unique violation is often "already done", and the unique index is how we decide it): EF's own line repeats
        // the exception, so it is Debug detail too, never a warning or an error that alerts.
        builder.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandExecuted, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Configure(builder, options.Provider, options.ConnectionString);
    }

    public static DbContextOptions<ConnectorDbContext> CreateOptions(DatabaseProvider provider, string connectionString, params IInterceptor[] interceptors) =>
        CreateOptions(provider, connectionString, null, interceptors);

    /// <summary>Options for a context made outside dependency injection that still logs through the process's loggers.</summary>
    public static DbContextOptions<ConnectorDbContext> CreateOptions(DatabaseProvider provider, string connectionString, ILoggerFactory? loggerFactory, params IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<ConnectorDbContext>();
        Configure(builder, provider, connectionString);
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }

        return builder.Options;
    }

    /// <summary>Creates the directory of a SQLite file (e.g. ./var/) so that a fresh checkout can migrate.</summary>
    public static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// <summary>A redacted form of a connection string for display: passwords never leave the process.</summary>
    public static string Describe(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return "sqlite: " + new SqliteConnectionStringBuilder(connectionString).DataSource;
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p =>
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? p : p[..eq];
                return key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase)
                    ? key + "=***"
                    : p;
            });
        return (provider == DatabaseProvider.MySql ? "mysql: " : "postgres: ") + string.Join(';', parts);
    }
}
