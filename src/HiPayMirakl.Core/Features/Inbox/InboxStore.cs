using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using MySql.Data.MySqlClient;

namespace HiPayMirakl.Core.Features.Inbox;

public static partial class InboxStore
{
    /// <summary>The stored content type is informative; a longer header is cut to the column's size.</summary>
    public const int MaxContentTypeLength = 200;

    /// <summary>Size of the dedupe key and reference columns: a longer identifier is not a notification we accept.</summary>
    public const int MaxDedupeKeyLength = 300;

    public const int MaxReferenceLength = 200;

    /// <summary>
    /// Stores a verified notification once. False when the unique (source, dedupe key) index already holds it: a
    /// redelivery, acknowledged without a second effect. The insert itself ignores the conflict
    /// (<c>ON CONFLICT … DO NOTHING</c> in SQLite and PostgreSQL; on MySQL the duplicate-key error of a plain insert), so an expected redelivery is not a failed
    /// statement that the database layer would log as an error; the unique index still decides.
    /// </summary>
    public static async Task<bool> AddOnceAsync(ConnectorDbContext db, InboxMessage message, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var entity = db.Model.FindEntityType(typeof(InboxMessage)) ?? throw new InvalidOperationException("InboxMessage is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var unique = entity.GetIndexes().Single(i => i.IsUnique && i.Properties.Any(p => p.Name == nameof(InboxMessage.DedupeKey)));
        var columns = entity.GetProperties().Where(p => p != key).ToList();
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var names = new List<string>();
            for (var i = 0; i < columns.Count; i++)
            {
                var property = columns[i];
                var value = property.PropertyInfo!.GetValue(message);
                if (property.GetTypeMapping().Converter is { } converter && value is not null)
                {
                    value = converter.ConvertToProvider(value);
                }

                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
                names.Add(parameter.ParameterName);
            }

            var insert = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(Column))}) "
                + $"VALUES ({string.Join(", ", names)})";
            object? id;
            if (command is MySqlCommand mysql)
            {
                // MySQL has no ON CONFLICT … DO NOTHING (INSERT IGNORE would also swallow truncations, and ON DUPLICATE
                // KEY UPDATE reports a found row like an inserted one): a plain insert, and the index's duplicate-key
                // error is the answer. A failed statement leaves a MySQL transaction usable.
                command.CommandText = insert;
                try
                {
                    await mysql.ExecuteNonQueryAsync(ct);
                    id = mysql.LastInsertedId;
                }
                catch (MySqlException ex) when (ex.Number == 1062)
                {
                    id = null;
                }
            }
            else
            {
                command.CommandText = insert + $" ON CONFLICT ({string.Join(", ", unique.Properties.Select(Column))}) DO NOTHING RETURNING {Column(key)}";
                id = await command.ExecuteScalarAsync(ct);
            }

            if (id is null or DBNull)
            {
                Duplicate(logger, message.Source, message.Reference, message.Kind);
                return false;
            }

            message.Id = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Cuts an informative text to a column's size.</summary>
    public static string Fit(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= maxLength ? value : value[..maxLength];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Source} notification {Reference} ({Kind}) was already stored: redelivery acknowledged")]
    private static partial void Duplicate(ILogger logger, NotificationSource source, string? reference, string? kind);

    /// <summary>
    /// Puts a dead-lettered row back in the queue with a fresh attempt count (after its cause was fixed). False when
    /// the row does not exist or is not dead-lettered: replaying an applied notification would apply it twice.
    /// </summary>
    public static async Task<bool> ReplayAsync(ConnectorDbContext db, long id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var replayed = await db.Inbox
            .Where(m => m.Id == id && m.Outcome == InboxOutcome.DeadLetter)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Outcome, InboxOutcome.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(m => m.WaitingSince, (DateTimeOffset?)null)
                .SetProperty(m => m.ProcessedAt, (DateTimeOffset?)null)
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimExpiresAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Version, m => m.Version + 1), ct);
        return replayed == 1;
    }

    /// <summary>The latest rows, newest first; only the dead letters when <paramref name="deadOnly"/>.</summary>
    public static async Task<IReadOnlyList<InboxMessage>> ListAsync(ConnectorDbContext db, bool deadOnly, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Inbox.AsNoTracking();
        if (deadOnly)
        {
            query = query.Where(m => m.Outcome == InboxOutcome.DeadLetter);
        }

        return await query.OrderByDescending(m => m.Id).Take(limit).ToListAsync(ct);
    }
}
