using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MySql.Data.MySqlClient;
using Npgsql;

namespace HiPayMirakl.Core.Persistence;

/// <summary>Recognises a unique-index violation on any provider: the index answering "already done".</summary>
internal static class UniqueViolation
{
    public static bool Is(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,

        // ER_DUP_ENTRY: a duplicate key on a primary or unique index (MySQL and MariaDB alike).
        MySqlException mysql => mysql.Number == 1062,
        _ => false,
    };
}
