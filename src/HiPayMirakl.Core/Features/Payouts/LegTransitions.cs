namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>The allowed moves of a leg. Anything else is a bug or a race and throws.</summary>
public static class LegTransitions
{
    private static readonly Dictionary<LegStatus, LegStatus[]> Allowed = new()
    {
        [LegStatus.Created] =
        [
            LegStatus.TransferRequested, LegStatus.TransferUnknown, LegStatus.TransferFailed, LegStatus.TransferNegative,
            LegStatus.TransferVendorDisabled, LegStatus.InvalidAmount, LegStatus.TransferHeld, LegStatus.Adjusted,
            LegStatus.PendingNetting, LegStatus.AwaitingApproval, LegStatus.PaidOutside, LegStatus.Skipped,
        ],
        [LegStatus.PendingNetting] = [LegStatus.Adjusted, LegStatus.CoveredByDirectDebit],

        // A debit declined or returned leaves the debt owed again; SEPA lets the debtor claim a collected debit
        // back for 8 weeks (13 months if unauthorised), so a collected debt can still come back.
        [LegStatus.CoveredByDirectDebit] = [LegStatus.CollectedByDirectDebit, LegStatus.PendingNetting],
        [LegStatus.CollectedByDirectDebit] = [LegStatus.PendingNetting],
        [LegStatus.TransferUnknown] =
        [
            LegStatus.TransferRequested, LegStatus.TransferSuccess, LegStatus.TransferFailed, LegStatus.TransferHeld,
        ],
        [LegStatus.TransferFailed] =
        [
            LegStatus.TransferRequested, LegStatus.TransferUnknown, LegStatus.TransferFailed, LegStatus.TransferNegative,
            LegStatus.TransferVendorDisabled, LegStatus.TransferHeld, LegStatus.AwaitingApproval, LegStatus.PaidOutside, LegStatus.Skipped,
        ],
        [LegStatus.TransferNegative] =
        [
            LegStatus.TransferRequested, LegStatus.TransferUnknown, LegStatus.TransferFailed, LegStatus.TransferNegative,
            LegStatus.TransferVendorDisabled, LegStatus.TransferHeld, LegStatus.AwaitingApproval, LegStatus.PaidOutside, LegStatus.Skipped,
        ],
        [LegStatus.TransferVendorDisabled] =
        [
            LegStatus.TransferRequested, LegStatus.TransferUnknown, LegStatus.TransferFailed, LegStatus.TransferNegative,
            LegStatus.TransferVendorDisabled, LegStatus.TransferHeld, LegStatus.AwaitingApproval, LegStatus.PaidOutside, LegStatus.Skipped,
        ],
        // Out of Held only by an operator's release, after HiPay's books were read: nothing moved (send again), a
        // generation is still pending (wait for it) or one was captured (settled).
        [LegStatus.TransferHeld] =
        [
            LegStatus.Created, LegStatus.TransferUnknown, LegStatus.TransferFailed, LegStatus.TransferRequested, LegStatus.TransferSuccess,
            LegStatus.PaidOutside, LegStatus.Skipped,
        ],

        // A definitively failed generation: a retry with a new generation, or Held once the attempts are spent.
        [LegStatus.TransferRequested] = [LegStatus.TransferSuccess, LegStatus.TransferFailed, LegStatus.TransferHeld],
        [LegStatus.TransferSuccess] =
        [
            LegStatus.WithdrawRequested, LegStatus.WithdrawUnknown, LegStatus.WithdrawFailed, LegStatus.WithdrawNegative,
            LegStatus.WithdrawPaymentBlocked, LegStatus.WithdrawVendorDisabled, LegStatus.WithdrawHeld,
        ],
        [LegStatus.WithdrawUnknown] =
        [
            LegStatus.WithdrawRequested, LegStatus.WithdrawSuccess, LegStatus.WithdrawFailed, LegStatus.WithdrawCanceled,
            LegStatus.WithdrawHeld,
        ],
        // Back to TransferSuccess (ready to withdraw) only by an operator's re-issue, after HiPay's books were read.
        [LegStatus.WithdrawFailed] = [.. RetryWithdraw(), LegStatus.TransferSuccess],
        [LegStatus.WithdrawNegative] = [.. RetryWithdraw(), LegStatus.TransferSuccess],
        [LegStatus.WithdrawPaymentBlocked] = [.. RetryWithdraw(), LegStatus.TransferSuccess],
        [LegStatus.WithdrawVendorDisabled] = [.. RetryWithdraw(), LegStatus.TransferSuccess],
        [LegStatus.WithdrawHeld] = [LegStatus.TransferSuccess, LegStatus.WithdrawUnknown, LegStatus.WithdrawRequested, LegStatus.WithdrawSuccess],

        // A definitively failed withdrawal waits for new bank details (Canceled), or is Held once the attempts are spent.
        [LegStatus.WithdrawRequested] = [LegStatus.WithdrawSuccess, LegStatus.WithdrawCanceled, LegStatus.WithdrawHeld],
        [LegStatus.WithdrawCanceled] = [.. RetryWithdraw(), LegStatus.TransferSuccess],
        [LegStatus.WithdrawSuccess] = [],
        [LegStatus.Adjusted] = [],
        [LegStatus.InvalidAmount] = [],

        // Approved: back to Created, sent by the next transfer run. Rejected: never paid.
        [LegStatus.AwaitingApproval] = [LegStatus.Created, LegStatus.ApprovalRejected, LegStatus.PaidOutside, LegStatus.Skipped],
        [LegStatus.ApprovalRejected] = [],
        // Set by an operator's override only (LegOverrides): the connector never sends anything for these again.
        [LegStatus.PaidOutside] = [],
        [LegStatus.Skipped] = [],
    };

    public static bool IsAllowed(LegStatus from, LegStatus to) =>
        Allowed.TryGetValue(from, out var targets) && Array.IndexOf(targets, to) >= 0;

    public static bool IsTerminal(LegStatus status) =>
        Allowed.TryGetValue(status, out var targets) && targets.Length == 0;

    public static void Ensure(LegStatus from, LegStatus to, long legId)
    {
        if (!IsAllowed(from, to))
        {
            throw new InvalidLegTransitionException(legId, from, to);
        }
    }

    private static LegStatus[] RetryWithdraw() =>
    [
        LegStatus.WithdrawRequested, LegStatus.WithdrawUnknown, LegStatus.WithdrawFailed, LegStatus.WithdrawNegative,
        LegStatus.WithdrawPaymentBlocked, LegStatus.WithdrawVendorDisabled, LegStatus.WithdrawHeld,
    ];
}
