using System.Security.Cryptography;
using System.Text;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;

namespace HiPayMirakl.Core.Features.DirectDebit;

public enum MandateStatus
{
    Pending = 0,
    Available = 1,
    Terminated = 2,
    Suspended = 3,
    Error = 4,
    Expired = 5,
}

/// <summary>
/// A SEPA debit agreement held at HiPay. Only the masked IBAN and a fingerprint are kept: the full IBAN goes to
/// the gateway once and is never stored, logged or shown.
/// </summary>
public sealed class Mandate : IVersioned, ITimestamped
{
    /// <summary>SEPA: a mandate unused for 36 months lapses.</summary>
    public const int ExpiryMonths = 36;

    public long Id { get; set; }

    /// <summary>HiPay's debit agreement id; null until the gateway has created it (hosted page: until the 142 notification).</summary>
    public string? DebitAgreementId { get; set; }

    public MandateStatus Status { get; set; } = MandateStatus.Pending;

    public string IbanMasked { get; set; } = "";

    /// <summary>SHA-256 of the normalised IBAN: tells two mandates on one account apart without keeping the IBAN.</summary>
    public string IbanFingerprint { get; set; } = "";

    public string HolderName { get; set; } = "";

    /// <summary>Our mandate reference (≤ 35 SEPA characters).</summary>
    public string Reference { get; set; } = "";

    public long? MiraklShopId { get; set; }

    public long? VendorId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastCollectionAt { get; set; }

    public long Version { get; set; }

    public static string Fingerprint(string iban) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(SepaRules.NormalizeIban(iban))));

    /// <summary>Mandate status as the gateway names it (debit_agreement[status]); null for a name we do not know.</summary>
    public static MandateStatus? ParseGatewayStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "pending" or "created" or "incomplete" => MandateStatus.Pending,
        "available" => MandateStatus.Available,
        "terminated" => MandateStatus.Terminated,
        "suspended" => MandateStatus.Suspended,
        "error" => MandateStatus.Error,
        _ => null,
    };

    /// <summary>Why this mandate cannot carry a recurring debit now; null when it can.</summary>
    public string? WhyNotChargeable(DateTimeOffset now)
    {
        if (DebitAgreementId is null)
        {
            return $"mandate {Id} has no debit agreement yet (status {Status}).";
        }

        if (Status != MandateStatus.Available)
        {
            return $"mandate {Id} is {Status.ToString().ToLowerInvariant()}; a new mandate (first debit) is needed.";
        }

        var since = LastCollectionAt ?? CreatedAt;
        return since.AddMonths(ExpiryMonths) <= now
            ? $"mandate {Id} has not been used for {ExpiryMonths} months and has lapsed; a new mandate is needed."
            : null;
    }

    /// <summary>Takes the gateway's view of the agreement; an ended mandate stays ended.</summary>
    public void ApplyGatewayStatus(string? status)
    {
        if (ParseGatewayStatus(status) is not { } next || next == Status)
        {
            return;
        }

        if (Status is MandateStatus.Terminated or MandateStatus.Expired && next is MandateStatus.Available or MandateStatus.Pending)
        {
            return;
        }

        Status = next;
    }
}

/// <summary>Thrown when a debit is asked of a mandate that cannot carry one; nothing has been sent.</summary>
public sealed class MandateNotChargeableException(string message) : InvalidOperationException(message);
