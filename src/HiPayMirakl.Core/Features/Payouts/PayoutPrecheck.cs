using HiPayMirakl.Core.Features.Vendors;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// The checks a money step makes on our own rows before it sends anything, as verdicts: the transfer and withdrawal
/// steps act on them, the cycle preview shows them.
/// </summary>
public static class PayoutPrecheck
{
    public const string Ready = "ready";
    public const string NoWallet = "no wallet";
    public const string VendorDisabled = "vendor disabled";
    public const string InvalidAmount = "invalid amount";
    public const string NotIdentified = "wallet not identified (KYC)";
    public const string PaymentBlocked = "payment blocked";
    public const string BankNotValidated = "bank details not validated";
    public const string AwaitingNewBankDetails = "awaiting new bank details";
    public const string AwaitingFunds = "awaiting funds";
    public const string BalanceUnknown = "balance unknown";

    /// <summary>What stops a transfer before the technical wallet's balance is considered, or <see cref="Ready"/>.</summary>
    public static string Transfer(Leg leg, Vendor? vendor)
    {
        ArgumentNullException.ThrowIfNull(leg);
        if (leg.BeneficiaryAccountId is not > 0 || vendor is null)
        {
            return NoWallet;
        }

        if (!vendor.Enabled)
        {
            return VendorDisabled;
        }

        return leg.AmountMinor <= 0 ? InvalidAmount : Ready;
    }

    /// <summary>What stops a withdrawal before the wallet's own balance is considered, or <see cref="Ready"/>.</summary>
    public static string Withdrawal(Leg leg, Vendor? vendor)
    {
        ArgumentNullException.ThrowIfNull(leg);
        if (leg.BeneficiaryAccountId is not > 0 || vendor is null)
        {
            return NoWallet;
        }

        var isOperator = leg.Kind == LegKind.OperatorCommission;
        if (leg.Status == LegStatus.WithdrawCanceled && !isOperator
            && (vendor.BankInfoStatus != BankInfoStatus.Validated || string.Equals(vendor.BankInfoFingerprint, leg.WithdrawBankFingerprint, StringComparison.Ordinal)))
        {
            // The bank cancelled the last withdrawal: the same details would fail the same way.
            return AwaitingNewBankDetails;
        }

        if (!vendor.Enabled)
        {
            return VendorDisabled;
        }

        if (isOperator)
        {
            return Ready;
        }

        if (!vendor.Identified)
        {
            return NotIdentified;
        }

        if (vendor.PaymentBlocked)
        {
            return PaymentBlocked;
        }

        return vendor.BankInfoStatus != BankInfoStatus.Validated ? BankNotValidated : Ready;
    }
}
