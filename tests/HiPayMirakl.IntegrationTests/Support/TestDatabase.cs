using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;
using Microsoft.Data.Sqlite;
using MySql.Data.MySqlClient;
using Npgsql;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>
/// A throwaway, empty database on one provider: a temp SQLite file, or a fresh database in the PostgreSQL cluster or
/// the MariaDB server that ./test.sh starts (HIPAYMIRAKL_TEST_POSTGRES, HIPAYMIRAKL_TEST_MYSQL). A missing server is a
/// failure, never a silent skip.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "HIPAYMIRAKL_TEST_POSTGRES";
    public const string MySqlVariable = "HIPAYMIRAKL_TEST_MYSQL";

    private readonly string? _adminConnectionString;
    private readonly string _name;

    private TestDatabase(DatabaseProvider provider, string connectionString, string name, string? adminConnectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _name = name;
        _adminConnectionString = adminConnectionString;
    }

    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres, DatabaseProvider.MySql };

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var name = "hm_test_" + Guid.NewGuid().ToString("N")[..16];
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), name + ".db");
            return new TestDatabase(provider, $"Data Source={file};Pooling=False", file, null);
        }

        if (provider == DatabaseProvider.MySql)
        {
            var mysqlAdmin = MySqlAdmin();
            await using (var connection = new MySqlConnection(mysqlAdmin))
            {
                await connection.OpenAsync();
                await using var create = new MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
                await create.ExecuteNonQueryAsync();
            }

            var mysqlBuilder = new MySqlConnectionStringBuilder(mysqlAdmin) { Database = name };
            return new TestDatabase(provider, mysqlBuilder.ConnectionString, name, mysqlAdmin);
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set: run the suite with ./test.sh, which starts a throwaway PostgreSQL cluster.");
        }

        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(provider, builder.ConnectionString, name, admin);
    }

    /// <summary>The MariaDB server's admin connection string (a user that may create and drop databases).</summary>
    public static string MySqlAdmin()
    {
        var admin = Environment.GetEnvironmentVariable(MySqlVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"{MySqlVariable} is not set: run the suite with ./test.sh, which starts a throwaway MariaDB server.");
        }

        return admin;
    }

    /// <summary>A fresh database with every migration applied.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider)
    {
        var database = await CreateAsync(provider);
        await ConnectorServices.MigrateAsync(new DatabaseOptions { Provider = provider, ConnectionString = database.ConnectionString }, CancellationToken.None);
        return database;
    }

    public ConnectorDbContext CreateContext(TimeProvider? clock = null) =>
        new(ConnectorDatabase.CreateOptions(Provider, ConnectionString), clock);

    public string[] CliDatabaseArgs() =>
    [
        "--set", $"Database:Provider={Provider}",
        "--set", $"Database:ConnectionString={ConnectionString}",
    ];

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_name + suffix);
            }

            return;
        }

        if (Provider == DatabaseProvider.MySql)
        {
            MySqlConnection.ClearAllPools();
            await using var mysql = new MySqlConnection(_adminConnectionString);
            await mysql.OpenAsync();
            await using var dropMySql = new MySqlCommand($"DROP DATABASE IF EXISTS `{_name}`", mysql);
            await dropMySql.ExecuteNonQueryAsync();
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
