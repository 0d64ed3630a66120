namespace HiPayMirakl.Core.Features.DirectDebit;

/// <summary>Our reading of a direct debit, derived from the gateway's status code.</summary>
public enum DirectDebitPaymentStatus
{
    /// <summary>Order id minted and stored; the gateway may not have been called yet (attempt 0) or the call's answer was lost.</summary>
    Created = 0,

    /// <summary>The call ended ambiguously and the lookup could not settle it yet: look up again, never re-send blind.</summary>
    Unknown = 1,

    /// <summary>Hosted page opened: waiting for the account holder to fill in the mandate.</summary>
    Forwarding = 2,

    /// <summary>142: sent to the bank, waiting for the collection date.</summary>
    Requested = 3,

    /// <summary>116/117: authorised (some back offices send it before 118; SDD does not need it).</summary>
    Authorized = 4,

    /// <summary>118: collected. Provisionally final: a return (129) may still follow for 8 weeks.</summary>
    Collected = 5,

    /// <summary>Refused or cancelled (109, 110, 111, 113, 114, 115, 143, 163, 178) or rejected by the API.</summary>
    Failed = 6,

    /// <summary>129/180/181: returned or charged back after collection.</summary>
    Returned = 7,

    /// <summary>124/125/126: refund requested or done.</summary>
    Refunded = 8,
}

/// <summary>
/// Status codes of the gateway and the progress rank that decides whether a notification moves a payment:
/// a status is applied only when its rank is higher than the current one, so duplicates and late arrivals
/// (142 after 118, 118 after 129) never regress a payment, whatever order they come in.
/// </summary>
public static class SddStatus
{
    /// <summary>Statuses that recur on one transaction (partial captures/refunds): their dedupe key needs the amount and operation.</summary>
    public static bool IsRepeatable(int status) => status is 117 or 118 or 119 or 124 or 126 or 173;

    public static bool IsTerminalFailure(int status) => status is 109 or 110 or 111 or 113 or 114 or 115 or 143 or 163 or 178;

    public static bool IsReturn(int status) => status is 129 or 180 or 181;

    /// <summary>Progress rank; 0 for statuses that carry no progress (they are recorded but change nothing).</summary>
    public static int Rank(int status) => status switch
    {
        101 or 140 or 141 or 144 or 169 or 172 or 174 or 177 or 200 => 10,
        112 or 142 => 20,
        116 or 117 => 30,
        _ when IsTerminalFailure(status) => 35,
        118 or 166 or 168 => 40,
        124 or 125 or 126 or 165 => 50,
        _ when IsReturn(status) => 60,
        _ => 0,
    };

    /// <summary>Whether <paramref name="incoming"/> moves a payment currently at <paramref name="current"/> (null: no status yet).</summary>
    public static bool Advances(int? current, int incoming)
    {
        var rank = Rank(incoming);
        return rank > 0 && rank > (current is { } c ? Rank(c) : 0);
    }

    public static DirectDebitPaymentStatus ToPaymentStatus(int status) => Rank(status) switch
    {
        10 => DirectDebitPaymentStatus.Forwarding,
        20 => DirectDebitPaymentStatus.Requested,
        30 => DirectDebitPaymentStatus.Authorized,
        35 => DirectDebitPaymentStatus.Failed,
        40 => DirectDebitPaymentStatus.Collected,
        50 => DirectDebitPaymentStatus.Refunded,
        60 => DirectDebitPaymentStatus.Returned,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Status carries no progress."),
    };

    /// <summary>Inbox dedupe key: (transaction reference, status), plus amount and operation for repeatable statuses.</summary>
    public static string DedupeKey(string transactionReference, int status, long? amount, string? operationId) =>
        IsRepeatable(status)
            ? FormattableString.Invariant($"{transactionReference}|{status}|{amount}|{operationId}")
            : FormattableString.Invariant($"{transactionReference}|{status}");
}
