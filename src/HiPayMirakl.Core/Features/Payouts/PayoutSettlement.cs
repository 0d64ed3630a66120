using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>What HiPay's answer says about one generation of a transfer or withdrawal.</summary>
public enum ProviderOutcome
{
    /// <summary>HiPay does not say anything we can act on (an unlisted status, an unexpected operation).</summary>
    Unknown = 0,

    /// <summary>The money moved (CAPTURED, capture ok, withdraw_validation ok).</summary>
    Settled,

    /// <summary>HiPay holds the transaction and has not decided yet (AUTHED, STANDBY, authorization ok).</summary>
    Pending,

    /// <summary>HiPay decided against it and returned the funds: this merchant_unique_id will never move money.</summary>
    Failed,
}

/// <summary>Which movement of a leg an answer is about.</summary>
public enum PayoutSide
{
    Transfer,
    Withdrawal,
}

/// <summary>
/// The one reading of HiPay Wallet's transaction statuses and notifications that the executor's lookups, the status
/// sync and the notification processor share.
/// </summary>
public static class ProviderStatus
{
    /// <summary>
    /// <c>transaction_status</c> of <c>GET /api/transaction/{id}</c>. CAPTURED is success for transfers and
    /// withdrawals; ABORTED, REJECTED_END, UNAUTHED and CANCELLED_END are the failures HiPay lists (the funds go back);
    /// AUTHED and STANDBY are still in HiPay's hands (STANDBY is a pause, not a refusal). Anything else is not known to
    /// us and changes nothing.
    /// </summary>
    public static ProviderOutcome OfTransaction(string? transactionStatus) => transactionStatus?.Trim().ToUpperInvariant() switch
    {
        "CAPTURED" => ProviderOutcome.Settled,
        "AUTHED" or "STANDBY" => ProviderOutcome.Pending,
        "ABORTED" or "REJECTED_END" or "UNAUTHED" or "CANCELLED_END" => ProviderOutcome.Failed,
        _ => ProviderOutcome.Unknown,
    };

    /// <summary>
    /// An (operation, status) notification pair. A transfer is authorised, then captured: an authorization ok is
    /// only a step, a nok of either ends it. withdraw_validation ok means paid out, nok cancelled (funds returned).
    /// </summary>
    public static ProviderOutcome OfNotification(string operation, WalletNotificationStatus status) => (operation, status) switch
    {
        ("authorization", WalletNotificationStatus.Ok) => ProviderOutcome.Pending,
        ("capture" or "withdraw_validation", WalletNotificationStatus.Ok) => ProviderOutcome.Settled,
        ("authorization" or "capture" or "withdraw_validation", WalletNotificationStatus.Nok) => ProviderOutcome.Failed,
        _ => ProviderOutcome.Unknown,
    };

    /// <summary>The side a payout notification operation is about; null for any other operation.</summary>
    public static PayoutSide? SideOf(string operation) => operation switch
    {
        "authorization" or "capture" => PayoutSide.Transfer,
        "withdraw_validation" => PayoutSide.Withdrawal,
        _ => null,
    };
}

/// <summary>
/// Applies what HiPay said about a leg's current generation, whoever heard it (lookup after an unknown outcome, the
/// POST's own answer, status sync, a notification). A definitively failed generation mints the next one in the same
/// change as the move to the failed status, or holds the leg once <see cref="CycleOptions.MaxAttempts"/> sends
/// (counted across generations) are spent. The caller saves.
/// </summary>
public static partial class PayoutSettlement
{
    private static readonly LegStatus[] InFlightTransfer = [LegStatus.TransferUnknown, LegStatus.TransferRequested];

    private static readonly LegStatus[] InFlightWithdrawal = [LegStatus.WithdrawUnknown, LegStatus.WithdrawRequested];

    /// <summary>True when the leg is waiting for HiPay's outcome on that side (nothing else may be sent).</summary>
    public static bool IsInFlight(Leg leg, PayoutSide side)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return (side == PayoutSide.Transfer ? InFlightTransfer : InFlightWithdrawal).Contains(leg.Status);
    }

    /// <summary>
    /// Moves the leg according to <paramref name="outcome"/>; returns the status moved to, or null when the answer
    /// changes nothing (late, duplicate, still pending, unknown status).
    /// </summary>
    /// <param name="transactionId">HiPay's transaction id of the current generation, when the answer carries it.</param>
    /// <param name="source">Who said it, for the journal ("Notification capture nok", "Status sync: REJECTED_END").</param>
    public static LegStatus? Apply(ConnectorDbContext db, Leg leg, PayoutSide side, ProviderOutcome outcome, string? transactionId, string source,
        DateTimeOffset now, CycleOptions cycle, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(leg);
        ArgumentNullException.ThrowIfNull(cycle);
        ArgumentNullException.ThrowIfNull(logger);
        if (!IsInFlight(leg, side))
        {
            return null;
        }

        var isTransfer = side == PayoutSide.Transfer;
        if (!string.IsNullOrEmpty(transactionId))
        {
            if (isTransfer)
            {
                leg.TransferId = transactionId;
            }
            else
            {
                leg.WithdrawId = transactionId;
            }
        }

        switch (outcome)
        {
            case ProviderOutcome.Settled:
                LegJournal.Move(db, leg, isTransfer ? LegStatus.TransferSuccess : LegStatus.WithdrawSuccess, now, source);
                leg.NextAttemptAt = null;
                if (!isTransfer)
                {
                    leg.SettledAt = now;
                }

                return leg.Status;

            case ProviderOutcome.Failed:
                return FailGeneration(db, leg, side, source, now, cycle, logger);

            default:
                // Pending, or a status we cannot classify: HiPay has the transaction; its outcome is still to come.
                var requested = isTransfer ? LegStatus.TransferRequested : LegStatus.WithdrawRequested;
                if (leg.Status == requested)
                {
                    if (outcome == ProviderOutcome.Unknown)
                    {
                        UnclassifiedStatus(logger, leg.Id, source);
                    }

                    return null;
                }

                LegJournal.Move(db, leg, requested, now, source);
                leg.NextAttemptAt = null;
                return requested;
        }
    }

    private static LegStatus FailGeneration(ConnectorDbContext db, Leg leg, PayoutSide side, string source, DateTimeOffset now, CycleOptions cycle, ILogger logger)
    {
        var isTransfer = side == PayoutSide.Transfer;
        var failedKey = isTransfer ? leg.TransferMerchantUniqueId : leg.WithdrawalMerchantUniqueId;
        if (leg.AttemptCount >= cycle.MaxAttempts)
        {
            // The generation stays as it is: a release reads HiPay's books for every generation before minting one.
            var held = isTransfer ? LegStatus.TransferHeld : LegStatus.WithdrawHeld;
            var reason = FormattableString.Invariant($"{source}: {failedKey} definitively failed at HiPay; {leg.AttemptCount} attempts spent");
            LegJournal.Move(db, leg, held, now, reason);
            leg.NextAttemptAt = null;
            LegHeld(logger, leg.Id, leg.InvoiceId, leg.AttemptCount, reason);
            return held;
        }

        if (!isTransfer && leg.Kind == LegKind.OperatorCommission)
        {
            // The operator's bank details are not tracked here, so nothing tells when the cause is fixed: an operator
            // corrects them at HiPay and releases the leg.
            var reason = $"{source}: {failedKey} definitively failed at HiPay; the operator's bank details must be checked before a release";
            LegJournal.Move(db, leg, LegStatus.WithdrawHeld, now, reason);
            leg.NextAttemptAt = null;
            LegHeld(logger, leg.Id, leg.InvoiceId, leg.AttemptCount, reason);
            return LegStatus.WithdrawHeld;
        }

        string next;
        LegStatus to;
        if (isTransfer)
        {
            leg.TransferGeneration++;
            leg.TransferId = null;
            next = leg.TransferMerchantUniqueId;
            to = LegStatus.TransferFailed;
            leg.NextAttemptAt = now + RetryBackoff.Delay(Math.Max(1, leg.AttemptCount), cycle.RetryBaseDelay, cycle.RetryMaxDelay, Random.Shared.NextDouble());
        }
        else
        {
            leg.WithdrawGeneration++;
            leg.WithdrawId = null;
            next = leg.WithdrawalMerchantUniqueId;
            to = LegStatus.WithdrawCanceled;
            leg.NextAttemptAt = null;
        }

        var message = isTransfer
            ? $"{source}: {failedKey} definitively failed at HiPay; next generation {next}"
            : $"{source}: {failedKey} definitively failed at HiPay; next generation {next} waits for new validated bank details";
        LegJournal.Move(db, leg, to, now, message);
        GenerationFailed(logger, leg.Id, leg.InvoiceId, failedKey, next);
        return to;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Leg {LegId} ({InvoiceId}) HELD after {Attempts} attempts: {Reason}. An operator must decide.")]
    private static partial void LegHeld(ILogger logger, long legId, string? invoiceId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leg {LegId} ({InvoiceId}): {FailedKey} definitively failed at HiPay; next generation {NextKey}")]
    private static partial void GenerationFailed(ILogger logger, long legId, string? invoiceId, string failedKey, string nextKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leg {LegId}: {Source} is not a status the connector knows; the leg waits")]
    private static partial void UnclassifiedStatus(ILogger logger, long legId, string source);
}
