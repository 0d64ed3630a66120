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
    Func<ConnectorDbContext> createContext,
    ConnectorSettings settings,
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Payout notification {InboxId} failed; retried on a later pass")]
    private static partial void NotificationFailed(ILogger logger, long inboxId, Exception exception);
}
