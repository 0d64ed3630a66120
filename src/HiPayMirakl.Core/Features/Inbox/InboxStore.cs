using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Inbox;

public static class InboxStore
{
    /// <summary>
    /// Stores a verified notification once. False when the unique (source, dedupe key) index already holds it: a
    /// redelivery, to be acknowledged without a second effect. Any other failure is thrown.
    /// </summary>
    public static async Task<bool> AddOnceAsync(ConnectorDbContext db, InboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Inbox.Add(message);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

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
