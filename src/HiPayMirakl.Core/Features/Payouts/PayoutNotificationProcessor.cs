using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.WalletNotifications;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// Settles legs from the stored transfer and withdrawal notifications (authorization, capture, withdraw_validation).
/// A late or duplicate notification, or one for a transaction we do not know, is Ignored; one that may belong to a
/// leg whose outcome is still unknown waits (Pending) until that leg is resolved.
/// </summary>
public sealed partial class PayoutNotificationProcessor(
    Func<ConnectorDbContext> createContext,
    TimeProvider clock,
    ILogger<PayoutNotificationProcessor> logger)
{
    public const int MaxAttempts = 50;

    private static readonly string[] Operations = ["authorization", "capture", "withdraw_validation"];

    /// <summary>Processes what is waiting; returns how many rows reached a final outcome.</summary>
    public async Task<int> ProcessPendingAsync(int batchSize, CancellationToken ct)
    {
        List<long> ids;
        await using (var db = createContext())
        {
            ids = await db.Inbox.AsNoTracking()
                .Where(m => m.Source == NotificationSource.HiPayWallet && Operations.Contains(m.Kind!)
                    && (m.Outcome == InboxOutcome.Pending || m.Outcome == InboxOutcome.Failed) && m.Attempts < MaxAttempts)
                .OrderBy(m => m.Id).Select(m => m.Id).Take(batchSize).ToListAsync(ct);
        }

        var done = 0;
        foreach (var id in ids)
        {
            if (await ProcessOneAsync(id, ct))
            {
                done++;
            }
        }

        return done;
    }

    /// <summary>True when the row reached Applied or Ignored.</summary>
    public async Task<bool> ProcessOneAsync(long inboxId, CancellationToken ct)
    {
        await using var db = createContext();
        var message = await db.Inbox.SingleAsync(m => m.Id == inboxId, ct);
        if (message.Outcome is InboxOutcome.Applied or InboxOutcome.Ignored)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        try
        {
            var xml = WalletNotificationReceiver.ExtractXml(message.RawBody) ?? throw new FormatException("No xml field in the stored body.");
            var notification = WalletNotification.Parse(xml);
            var (outcome, text) = await ApplyAsync(db, notification, now, ct);
            if (outcome == InboxOutcome.Pending)
            {
                // Waiting is not a failed attempt: the row stays eligible until the unknown leg is resolved.
                if (!string.Equals(message.OutcomeMessage, text, StringComparison.Ordinal))
                {
                    message.OutcomeMessage = text;
                    await db.SaveChangesAsync(ct);
                }

                return false;
            }

            message.Attempts++;
            message.Outcome = outcome;
            message.OutcomeMessage = text;
            message.ProcessedAt = now;
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another processor, or a cash-out step, changed the leg or the row: the next pass sees the new state.
            return false;
        }
        catch (Exception ex) when (ex is FormatException or System.Xml.XmlException or DbUpdateException)
        {
            NotificationFailed(logger, inboxId, ex);
            db.ChangeTracker.Clear();
            var fresh = await db.Inbox.SingleAsync(m => m.Id == inboxId, ct);
            fresh.Outcome = InboxOutcome.Failed;
            fresh.Attempts++;
            fresh.OutcomeMessage = ex.GetType().Name + ": " + ex.Message;
            await db.SaveChangesAsync(ct);
            return false;
        }
    }

    private static async Task<(InboxOutcome Outcome, string Message)> ApplyAsync(
        ConnectorDbContext db, WalletNotification n, DateTimeOffset now, CancellationToken ct)
    {
        var transId = n.TransId;
        if (string.IsNullOrEmpty(transId))
        {
            return (InboxOutcome.Ignored, "No transid");
        }

        var isWithdrawal = n.Operation == "withdraw_validation";
        var leg = isWithdrawal
            ? await db.Legs.SingleOrDefaultAsync(l => l.WithdrawId == transId, ct)
            : await db.Legs.SingleOrDefaultAsync(l => l.TransferId == transId, ct);
        if (leg is null)
        {
            var unknown = isWithdrawal ? LegStatus.WithdrawUnknown : LegStatus.TransferUnknown;
            if (await db.Legs.AnyAsync(l => l.Status == unknown, ct))
            {
                // It may be the answer to a call whose outcome we have not looked up yet.
                return (InboxOutcome.Pending, "Waiting: a leg with an unknown outcome may own " + transId);
            }

            return (InboxOutcome.Ignored, "Unknown transid " + transId);
        }

        var ok = n.Status == WalletNotificationStatus.Ok;
        var nok = n.Status == WalletNotificationStatus.Nok;
        LegStatus? next = (n.Operation, leg.Status) switch
        {
            ("capture", LegStatus.TransferRequested) when ok => LegStatus.TransferSuccess,
            ("capture" or "authorization", LegStatus.TransferRequested) when nok => LegStatus.TransferFailed,
            ("withdraw_validation", LegStatus.WithdrawRequested) when ok => LegStatus.WithdrawSuccess,
            ("withdraw_validation", LegStatus.WithdrawRequested) when nok => LegStatus.WithdrawCanceled,
            _ => null,
        };
        if (next is not { } to)
        {
            return (InboxOutcome.Ignored, $"{n.Operation} {n.RawStatus}: leg {leg.Id} is {leg.Status}, nothing to do");
        }

        LegJournal.Move(db, leg, to, now, $"Notification {n.Operation} {n.RawStatus}" + (string.IsNullOrEmpty(n.Message) ? "" : ": " + n.Message));
        if (to == LegStatus.WithdrawSuccess)
        {
            leg.SettledAt = now;
        }
        else if (to == LegStatus.TransferFailed)
        {
            leg.NextAttemptAt = now;
        }

        return (InboxOutcome.Applied, $"Leg {leg.Id} → {to}");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Payout notification {InboxId} failed; retried on a later pass")]
    private static partial void NotificationFailed(ILogger logger, long inboxId, Exception exception);
}
