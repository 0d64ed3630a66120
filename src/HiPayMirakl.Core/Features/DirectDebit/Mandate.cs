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

    /// <summary>Moved only through <see cref="MoveTo"/> or <see cref="ApplyGatewayStatus"/>, along <see cref="MandateTransitions"/>.</summary>
    public MandateStatus Status { get; private set; } = MandateStatus.Pending;

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

    /// <summary>A move we decide (revocation, a refused first debit); throws when the machine does not allow it.</summary>
    public void MoveTo(MandateStatus next)
    {
        if (next == Status)
        {
            return;
        }

        MandateTransitions.Ensure(Status, next, Id);
        Status = next;
    }

    /// <summary>
    /// Takes the gateway's view of the agreement when the machine allows the move. Notifications arrive late and
    /// out of order, so a move the machine refuses (anything out of Terminated) is not an error: it is reported
    /// as not applied and the caller logs it.
    /// </summary>
    public bool ApplyGatewayStatus(string? status)
    {
        if (ParseGatewayStatus(status) is not { } next || next == Status || !MandateTransitions.IsAllowed(Status, next))
        {
            return false;
        }

        Status = next;
        return true;
    }
}

/// <summary>
/// The allowed moves of a mandate. A revoked mandate (Terminated) is final: SEPA requires a new mandate, so no
/// notification, lookup or operator action may bring it back.
/// </summary>
public static class MandateTransitions
{
    private static readonly Dictionary<MandateStatus, MandateStatus[]> Allowed = new()
    {
        [MandateStatus.Pending] = [MandateStatus.Available, MandateStatus.Suspended, MandateStatus.Error, MandateStatus.Terminated, MandateStatus.Expired],
        [MandateStatus.Available] = [MandateStatus.Suspended, MandateStatus.Error, MandateStatus.Terminated, MandateStatus.Expired],
        [MandateStatus.Suspended] = [MandateStatus.Available, MandateStatus.Error, MandateStatus.Terminated, MandateStatus.Expired],
        [MandateStatus.Error] = [MandateStatus.Terminated],
        [MandateStatus.Expired] = [MandateStatus.Terminated],
        [MandateStatus.Terminated] = [],
    };

    public static bool IsAllowed(MandateStatus from, MandateStatus to) =>
        Allowed.TryGetValue(from, out var targets) && Array.IndexOf(targets, to) >= 0;

    public static void Ensure(MandateStatus from, MandateStatus to, long mandateId)
    {
        if (!IsAllowed(from, to))
        {
            throw new InvalidMandateTransitionException(mandateId, from, to);
        }
    }
}

/// <summary>A mandate move the machine does not allow: a bug or a race, never a normal outcome.</summary>
public sealed class InvalidMandateTransitionException(long mandateId, MandateStatus from, MandateStatus to)
    : InvalidOperationException($"Mandate {mandateId} cannot move from {from} to {to}.");

/// <summary>Thrown when a debit is asked of a mandate that cannot carry one; nothing has been sent.</summary>
public sealed class MandateNotChargeableException(string message) : InvalidOperationException(message);
