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
    TimeProvider clock,
    ILogger<PayoutNotificationProcessor> logger) : IInboxHandler
{
    public NotificationSource Source => NotificationSource.HiPayWallet;

    public bool Accepts(string? kind) => kind is not null && WalletNotificationProcessor.PayoutOperations.Contains(kind);

    public int Order(string? kind) => 0;

    /// <summary>Run by the inbox dispatcher; a notification for a leg whose outcome is still unknown waits (no attempt used).</summary>
    public async Task<InboxResult> HandleAsync(ConnectorDbContext context, InboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!WalletNotificationProcessor.TryRead(message, out var notification, out var why))
        {
            return InboxResult.Unusable(why);
        }

        var (outcome, text) = await ApplyAsync(context, notification, clock.GetUtcNow(), ct);
        if (outcome == InboxOutcome.Pending)
        {
            NotificationWaits(logger, message.Id, text);
            return InboxResult.Waiting(text);
        }

        return new InboxResult(outcome, text);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Payout notification {InboxId} waits: {Reason}")]
    private static partial void NotificationWaits(ILogger logger, long inboxId, string reason);
}
