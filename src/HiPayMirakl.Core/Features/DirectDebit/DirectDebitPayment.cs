using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Core.Features.DirectDebit;

public enum DirectDebitKind
{
    /// <summary>eci 7 with the IBAN: creates the mandate.</summary>
    First = 1,

    /// <summary>eci 7 through HiPay's hosted page: the mandate comes with the 142 notification.</summary>
    Hosted = 2,

    /// <summary>eci 9 on an existing mandate.</summary>
    Recurring = 3,
}

/// <summary>
/// One SEPA debit. The order id is minted and stored before the gateway is called, so that an answer lost to a
/// timeout or a crash is found again by <c>?orderid=</c> instead of debiting twice.
/// </summary>
public sealed class DirectDebitPayment : IVersioned, ITimestamped
{
    public long Id { get; set; }

    public string OrderId { get; set; } = "";

    public long MandateId { get; set; }

    public DirectDebitKind Kind { get; set; }

    public long AmountMinor { get; set; }

    public string Currency { get; set; } = "EUR";

    public string Description { get; set; } = "";

    public DirectDebitPaymentStatus Status { get; private set; } = DirectDebitPaymentStatus.Created;

    /// <summary>Last applied gateway status code (142, 118, 129…); its rank guards against regressions.</summary>
    public int? GatewayStatus { get; private set; }

    public string? TransactionReference { get; set; }

    /// <summary>Calls made to the gateway. Above zero, the next step is a lookup by order id, never a blind send.</summary>
    public int Attempt { get; set; }

    public long? ScheduleId { get; set; }

    /// <summary>Period of the schedule this debit pays (e.g. 2026-11, 2026-W47); unique with the schedule.</summary>
    public string? PeriodKey { get; set; }

    public string? ReasonCode { get; set; }

    public string? ReasonMessage { get; set; }

    public string? ForwardUrl { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? CollectedAt { get; set; }

    public long Version { get; set; }

    public bool IsSettledOrPending => Status is not (DirectDebitPaymentStatus.Failed or DirectDebitPaymentStatus.Created or DirectDebitPaymentStatus.Unknown);

    /// <summary>
    /// Applies a gateway status if it moves the payment forward; a duplicate or an older status is ignored and
    /// reported as not applied.
    /// </summary>
    public bool ApplyGatewayStatus(int status, string? transactionReference, DateTimeOffset at)
    {
        if (transactionReference is not null)
        {
            if (TransactionReference is not null && !string.Equals(TransactionReference, transactionReference, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Payment {OrderId} belongs to transaction {TransactionReference}, not {transactionReference}.");
            }

            TransactionReference = transactionReference;
        }

        if (!SddStatus.Advances(GatewayStatus, status))
        {
            return false;
        }

        GatewayStatus = status;
        Status = SddStatus.ToPaymentStatus(status);
        if (status == 118)
        {
            CollectedAt = at;
        }

        return true;
    }

    /// <summary>The call's ending is ambiguous and the lookup has not settled it.</summary>
    public void MarkUnknown(string reason)
    {
        EnsureNoGatewayStatus(DirectDebitPaymentStatus.Unknown);
        Status = DirectDebitPaymentStatus.Unknown;
        ReasonMessage = reason;
    }

    /// <summary>The gateway refused the request itself (HTTP 4xx): nothing was created.</summary>
    public void MarkRejected(int? code, string? message)
    {
        EnsureNoGatewayStatus(DirectDebitPaymentStatus.Failed);
        Status = DirectDebitPaymentStatus.Failed;
        ReasonCode = code?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ReasonMessage = message;
    }

    public void MarkForwarding(Uri forwardUrl)
    {
        ArgumentNullException.ThrowIfNull(forwardUrl);
        EnsureNoGatewayStatus(DirectDebitPaymentStatus.Forwarding);
        Status = DirectDebitPaymentStatus.Forwarding;
        ForwardUrl = forwardUrl.ToString();
    }

    private void EnsureNoGatewayStatus(DirectDebitPaymentStatus next)
    {
        if (GatewayStatus is not null)
        {
            throw new InvalidOperationException(
                $"Payment {OrderId} is at gateway status {GatewayStatus}; it cannot move to {next}.");
        }
    }
}

/// <summary>Links a debt-collection debit to the netting legs (PendingNetting) whose debt it collects.</summary>
public sealed class DirectDebitLegLink
{
    public long Id { get; set; }

    public long PaymentId { get; set; }

    public long LegId { get; set; }

    /// <summary>Debt of the leg covered by this debit, positive minor units.</summary>
    public long AmountMinor { get; set; }
}
