using HiPayMirakl.Core.Features.Payouts;

namespace HiPayMirakl.Core.Features.LegacyImport;

/// <summary>What one of the predecessor's operation statuses becomes here, and why.</summary>
public sealed record LegacyStatusRule(int Value, string Name, LegStatus Status, string Why);

/// <summary>
/// The predecessor's operation statuses (its Status enum, values kept) and the leg status each one becomes. The rule:
/// whatever the predecessor transferred or withdrew is never paid again (terminal or next-step states), and whatever
/// may have reached HiPay without a recorded answer becomes Unknown, settled by looking its merchant_unique_id up at
/// HiPay before any money call. The predecessor records TRANSFER_FAILED and WITHDRAW_FAILED for any exception,
/// timeouts included, so those may have moved money too.
/// </summary>
public static class LegacyStatusMap
{
    public static IReadOnlyList<LegacyStatusRule> Rules { get; } =
    [
        new(1, "CREATED", LegStatus.Created, "not sent yet: the predecessor records the answer of every call it made"),
        new(2, "ADJUSTED_OPERATIONS", LegStatus.Adjusted, "a debt netted into a later payout: terminal"),
        new(3, "TRANSFER_SUCCESS", LegStatus.TransferSuccess, "transferred: only the withdrawal is left"),
        new(4, "TRANSFER_REQUESTED", LegStatus.TransferUnknown, "transfer in flight: looked up at HiPay"),
        new(5, "WITHDRAW_REQUESTED", LegStatus.WithdrawUnknown, "withdrawal in flight: looked up at HiPay"),
        new(6, "WITHDRAW_SUCCESS", LegStatus.WithdrawSuccess, "paid to the bank: terminal"),
        new(-1, "INVALID_AMOUNT", LegStatus.InvalidAmount, "nothing to pay: terminal"),
        new(-5, "TRANSFER_VENDOR_DISABLED", LegStatus.TransferVendorDisabled, "not sent: the vendor was disabled"),
        new(-6, "WITHDRAW_VENDOR_DISABLED", LegStatus.WithdrawVendorDisabled, "transferred, not withdrawn: the vendor was disabled"),
        new(-7, "WITHDRAW_FAILED", LegStatus.WithdrawUnknown, "the withdrawal may have reached HiPay (any error, timeouts too): looked up"),
        new(-8, "WITHDRAW_CANCELED", LegStatus.WithdrawHeld, "the bank refused the withdrawal: an operator decides, after reading HiPay's books"),
        new(-9, "TRANSFER_FAILED", LegStatus.TransferUnknown, "the transfer may have reached HiPay (any error, timeouts too): looked up"),
        new(-10, "TRANSFER_NEGATIVE", LegStatus.TransferNegative, "not sent: the technical wallet was short"),
        new(-11, "WITHDRAW_NEGATIVE", LegStatus.WithdrawNegative, "transferred, not withdrawn: the wallet was short"),
        new(-12, "WITHDRAW_PAYMENT_BLOCKED", LegStatus.WithdrawPaymentBlocked, "transferred, not withdrawn: payment blocked"),
    ];

    public static LegacyStatusRule? Find(int value) => Rules.FirstOrDefault(r => r.Value == value);

    /// <summary>
    /// The status for one operation. A seller debt (amount not positive) still waiting is a debt here too
    /// (PendingNetting). An operation whose outcome must be looked up but that the predecessor sent without a
    /// merchant_unique_id cannot be looked up by key: it is held for an operator instead of being sent again.
    /// </summary>
    public static (LegStatus Status, string Why)? Map(int value, bool isSeller, long amountMinor, bool hasKey)
    {
        if (Find(value) is not { } rule)
        {
            return null;
        }

        if (isSeller && amountMinor <= 0 && rule.Status is LegStatus.Created or LegStatus.InvalidAmount)
        {
            return (LegStatus.PendingNetting, "a seller debt not netted yet: netted into the next payout");
        }

        if (!hasKey && rule.Status is LegStatus.TransferUnknown or LegStatus.WithdrawUnknown)
        {
            return (rule.Status == LegStatus.TransferUnknown ? LegStatus.TransferHeld : LegStatus.WithdrawHeld,
                "sent without a merchant_unique_id, so it cannot be looked up by key: held for an operator");
        }

        return (rule.Status, rule.Why);
    }
}
