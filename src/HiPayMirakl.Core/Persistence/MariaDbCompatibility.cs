using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HiPayMirakl.Core.Persistence;

/// <summary>
/// Rewrites the two statements of Oracle's MySQL provider that MariaDB refuses, into forms both servers accept:
/// <list type="bullet">
/// <item>the migration lock <c>GET_LOCK('__EFMigrationsLock',-1)</c>: MariaDB answers NULL to a negative timeout
/// (MySQL reads it as "wait for ever") and returns INT where the provider reads a BIGINT, so the lock waits for a
/// year and its answer is widened to a 64-bit integer;</item>
/// <item><c>DELETE FROM t AS a WHERE …</c> (what ExecuteDelete emits), an alias MySQL 8 accepts and MariaDB does not:
/// the multiple-table form <c>DELETE a FROM t AS a WHERE …</c> means the same on both.</item>
/// </list>
/// </summary>
public sealed partial class MariaDbCompatibility : DbCommandInterceptor
{
    public static readonly MariaDbCompatibility Instance = new();

    private const int LockTimeoutSeconds = 365 * 24 * 3600;

    // MariaDB types GET_LOCK's answer, and even CAST(… AS SIGNED), as a narrow INT; an addition with a BIGINT-wide
    // operand is typed BIGINT on both servers, which the provider reads as a 64-bit integer.
    private const string AsBigInt = " + 0 * 9223372036854775807";

    private MariaDbCompatibility()
    {
    }

    public static string Rewrite(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (sql.Contains("__EFMigrationsLock", StringComparison.Ordinal))
        {
            sql = sql
                .Replace("SELECT GET_LOCK('__EFMigrationsLock',-1)", FormattableString.Invariant($"SELECT GET_LOCK('__EFMigrationsLock',{LockTimeoutSeconds}){AsBigInt}"), StringComparison.Ordinal)
                .Replace("SELECT RELEASE_LOCK('__EFMigrationsLock')", "SELECT RELEASE_LOCK('__EFMigrationsLock')" + AsBigInt, StringComparison.Ordinal);
        }

        return sql.StartsWith("DELETE FROM ", StringComparison.Ordinal) ? DeleteWithAlias().Replace(sql, "DELETE $2 FROM $1 AS $2", 1) : sql;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Apply(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Apply(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Apply(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Apply(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Apply(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Apply(command);
        return ValueTask.FromResult(result);
    }

    private static void Apply(DbCommand command) => command.CommandText = Rewrite(command.CommandText);

    [GeneratedRegex(@"^DELETE FROM (`[^`]+`) AS (`[^`]+`)", RegexOptions.CultureInvariant)]
    private static partial Regex DeleteWithAlias();
}
