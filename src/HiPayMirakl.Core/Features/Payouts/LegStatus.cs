namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// Leg statuses. Values of the predecessor are kept so its operators can read them; the statuses it lacked
/// (unknown outcomes, held legs, recorded debts) take new values.
/// </summary>
public enum LegStatus
{
    Created = 1,
    Adjusted = 2,
    TransferSuccess = 3,
    TransferRequested = 4,
    WithdrawRequested = 5,
    WithdrawSuccess = 6,

    /// <summary>The transfer call's outcome is not known (timeout, 5xx, dropped connection): look it up before anything else.</summary>
    TransferUnknown = 7,

    /// <summary>The withdrawal call's outcome is not known: look it up before anything else.</summary>
    WithdrawUnknown = 8,

    /// <summary>A zero or negative seller amount, waiting to be netted into the wallet's next positive payout.</summary>
    PendingNetting = 9,

    /// <summary>A debt (PendingNetting) that a live direct debit is collecting: netting must not take it as well.</summary>
    CoveredByDirectDebit = 10,

    /// <summary>A debt the shop paid by direct debit (gateway status 118). A later return puts it back to PendingNetting.</summary>
    CollectedByDirectDebit = 11,

    /// <summary>An approval rule stopped the leg before any money moved: nothing is sent until someone approves it.</summary>
    AwaitingApproval = 12,
    /// <summary>
    /// An operator paid the seller by other means: the connector never pays this leg. Set by hand only, once HiPay's
    /// books showed that no transfer generation of the leg moved money or may still move it. Terminal.
    /// </summary>
    PaidOutside = 13,

    /// <summary>
    /// An operator decided this leg is not paid through the connector (a dispute, a duplicate invoice). Same guard as
    /// <see cref="PaidOutside"/>. Terminal.
    /// </summary>
    Skipped = 14,

    InvalidAmount = -1,
    TransferVendorDisabled = -5,
    WithdrawVendorDisabled = -6,
    WithdrawFailed = -7,

    /// <summary>
    /// HiPay confirmed the withdrawal definitively failed (the bank cancelled it) and a new withdrawal generation is
    /// minted: it is sent once the seller's bank details have changed and been validated again. Not terminal: the
    /// money is still in the seller's wallet.
    /// </summary>
    WithdrawCanceled = -8,

    /// <summary>Retryable transfer failure; after a refused capture also the start of a new transfer generation.</summary>
    TransferFailed = -9,
    TransferNegative = -10,
    WithdrawNegative = -11,
    WithdrawPaymentBlocked = -12,

    /// <summary>
    /// Retries exhausted (or the request could not be prepared) on the transfer side: an operator decides (alerted),
    /// and only a release that checked HiPay's books moves it on.
    /// </summary>
    TransferHeld = -13,

    /// <summary>Retries exhausted on the withdrawal side: an operator decides (alerted).</summary>
    WithdrawHeld = -14,

    /// <summary>Someone refused a leg that was awaiting approval: it is never paid. Terminal.</summary>
    ApprovalRejected = -15,
}
