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
}
