using System.Data.Common;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>Reads the schema a database actually has (not what EF believes), in a provider-neutral form.</summary>
public static class SchemaReader
{
    public sealed record Schema(SortedSet<string> Columns, SortedSet<string> UniqueIndexes)
    {
        public IEnumerable<string> Tables => Columns.Select(c => c.Split('.')[0]).Distinct(StringComparer.Ordinal);
    }

    public static async Task<Schema> ReadAsync(ConnectorDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        var unique = new SortedSet<string>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        if (db.Database.IsSqlite())
        {
            var tables = await ListAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\'");
            foreach (var table in tables)
            {
                foreach (var column in await ListAsync(connection, $"SELECT name FROM pragma_table_info('{table}')"))
                {
                    columns.Add($"{table}.{column}");
                }

                foreach (var index in await ListAsync(connection, $"SELECT name FROM pragma_index_list('{table}') WHERE \"unique\" = 1 AND origin = 'c'"))
                {
                    unique.Add(index);
                }
            }
        }
        else if (db.Database.ProviderName?.Contains("MySQL", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Names compared in lower case: Quartz's tables keep its upper-case suffixes there (qrtz_TRIGGERS), as its
            // queries spell them, where PostgreSQL folds them to lower case.
            foreach (var column in await ListAsync(connection,
                "SELECT LOWER(CONCAT(table_name, '.', column_name)) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name NOT LIKE '\\_\\_EF%'"))
            {
                columns.Add(column);
            }

            foreach (var index in await ListAsync(connection,
                "SELECT DISTINCT LOWER(index_name) FROM information_schema.statistics WHERE table_schema = DATABASE() AND non_unique = 0 AND index_name <> 'PRIMARY'"))
            {
                unique.Add(index);
            }
        }
        else
        {
            foreach (var column in await ListAsync(connection,
                "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_EF%'"))
            {
                columns.Add(column);
            }

            // Primary keys are not compared (SQLite's are not listed either): EF names them pk_…, the scheduler's tables
            // carry PostgreSQL's default <table>_pkey.
            foreach (var index in await ListAsync(connection,
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE 'CREATE UNIQUE INDEX%' AND indexname NOT LIKE 'pk\\_%' AND indexname NOT LIKE 'PK\\_%' AND indexname NOT LIKE '%\\_pkey'"))
            {
                unique.Add(index);
            }
        }

        await connection.CloseAsync();
        return new Schema(columns, unique);
    }

    private static async Task<List<string>> ListAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}
