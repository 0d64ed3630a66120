using HiPayMirakl.Core.Money;
using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// One movement of money owed by an invoice: transferred from the technical wallet to the beneficiary's wallet,
/// then withdrawn to the beneficiary's bank. Persisted, with its idempotency key, before any provider call.
/// </summary>
public sealed class Leg : IVersioned, ITimestamped
{
    public long Id { get; set; }

    public LegKind Kind { get; set; }

    /// <summary>Mirakl invoice id (null only for standalone withdrawals).</summary>
    public string? InvoiceId { get; set; }

    /// <summary>Mirakl shop whose invoice this leg comes from (also set on commission legs, for the audit trail).</summary>
    public long? MiraklShopId { get; set; }

    public long? VendorId { get; set; }

    /// <summary>HiPay Wallet account receiving the transfer (vendor or operator wallet).</summary>
    public long? BeneficiaryAccountId { get; set; }

    public long AmountMinor { get; set; }

    /// <summary>The invoice amount before netting; equals <see cref="AmountMinor"/> unless debts were netted in.</summary>
    public long OriginAmountMinor { get; set; }

    public long? WithdrawnAmountMinor { get; set; }

    public string Currency { get; set; } = "EUR";

    public LegStatus Status { get; private set; } = LegStatus.Created;

    /// <summary>
    /// HiPay idempotency key without its TRANSFER_/WITHDRAWAL_ prefix, e.g. SALES_2001_7_500123. Minted at creation,
    /// never changed, unique.
    /// </summary>
    public string MerchantUniqueId { get; set; } = "";

    /// <summary>
    /// Which transfer key is current. HiPay processes one transfer per merchant_unique_id and replays a refused one
    /// forever, so a new generation (a new key) is minted only once HiPay confirmed the current one definitively
    /// failed. Generation 0 is the key legs were always sent with.
    /// </summary>
    public int TransferGeneration { get; set; }

    /// <summary>Which withdrawal key is current; same rule as <see cref="TransferGeneration"/>.</summary>
    public int WithdrawGeneration { get; set; }

    /// <summary>
    /// Fingerprint of the seller's bank details when the current withdrawal generation was sent. After the bank
    /// cancelled that withdrawal, the next one waits until the vendor's validated details differ from these.
    /// </summary>
    public string? WithdrawBankFingerprint { get; set; }

    /// <summary>HiPay transaction id of the transfer.</summary>
    public string? TransferId { get; set; }

    /// <summary>HiPay transaction public id of the withdrawal.</summary>
    public string? WithdrawId { get; set; }

    /// <summary>For a netted debt: the positive leg that absorbed it.</summary>
    public long? AdjustedIntoLegId { get; set; }

    public DateTimeOffset CycleDate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? TransferRequestedAt { get; set; }

    /// <summary>In-flight marker of the withdrawal: when the last POST /api/withdrawal was about to be sent.</summary>
    public DateTimeOffset? WithdrawRequestedAt { get; set; }

    public DateTimeOffset? SettledAt { get; set; }

    /// <summary>Instance (and claim) working on this leg's money step now; null when nobody holds the claim.</summary>
    public string? ClaimOwner { get; set; }

    /// <summary>
    /// Fencing token: raised by one on every claim and never lowered. Every write of the leg checks it, so a holder
    /// whose claim was taken over can no longer write.
    /// </summary>
    public long ClaimToken { get; set; }

    /// <summary>When the claim lapses unless renewed; an expired claim can be taken by another instance.</summary>
    public DateTimeOffset? ClaimExpiresAt { get; set; }

    public long Version { get; set; }

    public int AttemptCount { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public Money.Money Amount
    {
        get => new(AmountMinor, Money.Currency.Of(Currency));
        set
        {
            AmountMinor = value.MinorUnits;
            Currency = value.Currency.Code;
        }
    }

    public Money.Money OriginAmount => new(OriginAmountMinor, Money.Currency.Of(Currency));

    /// <summary>The merchant_unique_id of the current transfer generation.</summary>
    public string TransferMerchantUniqueId => TransferKey(TransferGeneration);

    /// <summary>The merchant_unique_id of the current withdrawal generation.</summary>
    public string WithdrawalMerchantUniqueId => WithdrawalKey(WithdrawGeneration);

    public string TransferKey(int generation) => "TRANSFER_" + MerchantUniqueId + GenerationSuffix(generation);

    public string WithdrawalKey(int generation) => "WITHDRAWAL_" + MerchantUniqueId + GenerationSuffix(generation);

    /// <summary>
    /// A leg carried over from the predecessor, born in the status the legacy status map gave it: not a transition,
    /// since the leg did not exist here before (LegacyStatusMap says which statuses and why).
    /// </summary>
    internal static Leg Imported(LegStatus status) => new() { Status = status };

    /// <summary>Moves the leg, refusing any transition the state machine does not allow.</summary>
    public void TransitionTo(LegStatus next, DateTimeOffset now, string? reason = null)
    {
        LegTransitions.Ensure(Status, next, Id);
        Status = next;
        UpdatedAt = now;
        LastError = reason;
    }

    /// <summary>
    /// HiPay documents no length or alphabet for merchant_unique_id; the suffix keeps to the alphabet the keys already
    /// use (capitals, digits, underscore: safe in the transaction lookup's URL path) and adds a few characters only.
    /// </summary>
    private static string GenerationSuffix(int generation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        return generation == 0 ? "" : "_G" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Mints the idempotency key of a leg: SALES_/COMMISSION_&lt;invoice&gt;_&lt;mkp id&gt;_&lt;account&gt;.</summary>
    public static string MintMerchantUniqueId(LegKind kind, string invoiceId, string marketplaceId, long accountId)
    {
        var prefix = kind switch
        {
            LegKind.SellerPayout => "SALES",
            LegKind.OperatorCommission => "COMMISSION",
            LegKind.Withdrawal => "PAYOUT",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return FormattableString.Invariant($"{prefix}_{invoiceId}_{marketplaceId}_{accountId}");
    }
}
