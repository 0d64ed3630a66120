using HiPayMirakl.Core.Features.Payouts;

namespace HiPayMirakl.Core.Features.Reconciliation;

/// <summary>
/// What each leg status says HiPay must hold, for the reconciliation. Every status is in exactly one of
/// <see cref="Transferred"/> and <see cref="NotMoneyMoving"/> (a unit test enforces it), so a new status has to be
/// placed on purpose: a leg settled outside HiPay or skipped by an operator belongs with the not-money-moving ones and
/// is never reported missing at HiPay.
/// </summary>
public static class LegMoneyStatuses
{
    /// <summary>HiPay accepted the transfer (and perhaps the withdrawal): the transfer must be in its books.</summary>
    public static IReadOnlyList<LegStatus> Transferred { get; } =
    [
        LegStatus.TransferRequested, LegStatus.TransferSuccess, LegStatus.WithdrawRequested, LegStatus.WithdrawSuccess,
        LegStatus.WithdrawUnknown, LegStatus.WithdrawFailed, LegStatus.WithdrawNegative, LegStatus.WithdrawPaymentBlocked,
        LegStatus.WithdrawVendorDisabled, LegStatus.WithdrawHeld, LegStatus.WithdrawCanceled,
    ];

    /// <summary>
    /// No money of ours is known to have moved at HiPay for the leg: nothing was sent yet, the transfer was refused,
    /// its outcome is still being resolved, or the leg is a debt. Not looked up at HiPay.
    /// </summary>
    public static IReadOnlyList<LegStatus> NotMoneyMoving { get; } =
    [
        LegStatus.Created, LegStatus.Adjusted, LegStatus.TransferUnknown, LegStatus.PendingNetting, LegStatus.CoveredByDirectDebit,
        LegStatus.CollectedByDirectDebit, LegStatus.InvalidAmount, LegStatus.TransferVendorDisabled, LegStatus.TransferFailed,
        LegStatus.TransferNegative, LegStatus.TransferHeld, LegStatus.AwaitingApproval, LegStatus.ApprovalRejected, LegStatus.PaidOutside,
        LegStatus.Skipped,
    ];

    /// <summary>Subset of <see cref="Transferred"/>: HiPay accepted the withdrawal, which must be in its books too.</summary>
    public static IReadOnlyList<LegStatus> Withdrawn { get; } = [LegStatus.WithdrawRequested, LegStatus.WithdrawSuccess];

    /// <summary>
    /// Subset of <see cref="Transferred"/>: the money is (or may still be) in the beneficiary's wallet, because no
    /// withdrawal took it out yet or the last one failed.
    /// </summary>
    public static IReadOnlyList<LegStatus> InWallet { get; } =
    [
        LegStatus.TransferSuccess, LegStatus.WithdrawUnknown, LegStatus.WithdrawFailed, LegStatus.WithdrawNegative,
        LegStatus.WithdrawPaymentBlocked, LegStatus.WithdrawVendorDisabled, LegStatus.WithdrawHeld, LegStatus.WithdrawCanceled,
    ];
}
