using HiPayMirakl.Core.Configuration;
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
/// leg whose outcome is still unknown waits (Pending) until that leg is resolved. One whose account, amount or currency
/// does not match the leg it names is Suspicious and applied to nothing.
/// </summary>
public sealed partial class PayoutNotificationProcessor(
    ConnectorSettings settings,
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

    /// <summary>
    /// Applies one parsed transfer or withdrawal notification; the caller records the outcome on the inbox row and saves.
    /// </summary>
    public async Task<(InboxOutcome Outcome, string Message)> ApplyAsync(
        ConnectorDbContext db, WalletNotification n, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(n);
        var transId = n.TransId;
        if (string.IsNullOrEmpty(transId))
        {
            return (InboxOutcome.Ignored, "No transid");
        }

        if (ProviderStatus.SideOf(n.Operation) is not { } side)
        {
            return (InboxOutcome.Ignored, $"{n.Operation} is not a payout operation");
        }

        var isWithdrawal = side == PayoutSide.Withdrawal;
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

        if (Mismatch(n, leg, side) is { } mismatch)
        {
            var text = $"Suspicious {n.Operation} {n.RawStatus} for leg {leg.Id} ({transId}): {mismatch}; applied to nothing";
            SuspiciousNotification(logger, leg.Id, transId, n.Operation, mismatch);
            return (InboxOutcome.Suspicious, text);
        }

        var source = $"Notification {n.Operation} {n.RawStatus}" + (string.IsNullOrEmpty(n.Message) ? "" : ": " + n.Message);
        var from = leg.Status;
        var to = PayoutSettlement.Apply(db, leg, side, ProviderStatus.OfNotification(n.Operation, n.Status), null, source, now, settings.Cycle, logger);
        return to is { } moved
            ? (InboxOutcome.Applied, $"Leg {leg.Id} {from} → {moved}")
            : (InboxOutcome.Ignored, $"{n.Operation} {n.RawStatus}: leg {leg.Id} is {leg.Status}, nothing to do");
    }

    /// <summary>
    /// Why the notification cannot be about this leg, or null. The signature only proves HiPay signed it for the
    /// account's salt; the account, amount and currency it carries must also be the leg's. Which account a transfer
    /// notification is addressed to is not documented: the recipient or the technical (sending) account is accepted.
    /// A withdraw_validation carries amount and currency only sometimes: they are checked when present.
    /// </summary>
    private string? Mismatch(WalletNotification n, Leg leg, PayoutSide side)
    {
        var isTransfer = side == PayoutSide.Transfer;
        var accountMatches = n.AccountId == leg.BeneficiaryAccountId || (isTransfer && n.AccountId == settings.Accounts.TechnicalAccountId);
        if (!accountMatches)
        {
            return FormattableString.Invariant($"account {n.AccountId} is not the leg's account {leg.BeneficiaryAccountId}");
        }

        if (isTransfer && (n.Amount is null || string.IsNullOrEmpty(n.Currency)))
        {
            return "no amount or currency on a transfer notification";
        }

        if (!string.IsNullOrEmpty(n.Currency) && !string.Equals(n.Currency.Trim(), leg.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return $"currency {n.Currency} is not the leg's {leg.Currency}";
        }

        if (n.Amount is { } amount)
        {
            var expected = isTransfer ? leg.AmountMinor : leg.WithdrawnAmountMinor ?? leg.AmountMinor;
            long? minor;
            try
            {
                minor = WalletAmount.ToMinor(amount, leg.Currency);
            }
            catch (FormatException)
            {
                minor = null;
            }

            if (minor != expected)
            {
                return $"amount {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not the leg's {WalletAmount.Format(expected, leg.Currency)}";
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Suspicious payout notification for leg {LegId} ({TransId}, {Operation}): {Mismatch}. Applied to nothing.")]
    private static partial void SuspiciousNotification(ILogger logger, long legId, string transId, string operation, string mismatch);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Payout notification {InboxId} waits: {Reason}")]
    private static partial void NotificationWaits(ILogger logger, long inboxId, string reason);
}
