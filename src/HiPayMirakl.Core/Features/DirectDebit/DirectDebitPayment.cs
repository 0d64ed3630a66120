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

/// <summary>What a gateway status did to a payment.</summary>
public enum GatewayApplyOutcome
{
    Applied = 1,

    /// <summary>A duplicate or an older status: nothing changes.</summary>
    NoProgress = 2,

    /// <summary>
    /// The status belongs to another transaction than the one this payment follows (the gateway opens a second
    /// transaction when an order is tried again). Not applied; recorded in the payment's log for an operator.
    /// </summary>
    OtherTransaction = 3,
}

/// <summary>
/// One SEPA debit. The order id is minted and stored before the gateway is called, so that an answer lost to a
/// timeout or a crash is found again by <c>?orderid=</c> instead of debiting twice. A debit that provably never
/// reached the gateway may go out again under a fresh order id; every order id it has used is kept
/// (<see cref="DirectDebitOrder"/>) and every change is written to its log in the same commit.
/// </summary>
public sealed class DirectDebitPayment : IVersioned, ITimestamped
{
    public long Id { get; set; }

    /// <summary>The order id the payment is (or will be) sent under. Earlier ones stay in <see cref="RetiredOrders"/>.</summary>
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

    /// <summary>Calls made under the current order id. Above zero, the next step is a lookup by order id, never a blind send.</summary>
    public int Attempt { get; set; }

    /// <summary>When the last call under the current order id started: a re-send waits a grace period after it.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>An operator stopped this payment from being sent or re-sent (see the log for who and why).</summary>
    public bool Held { get; private set; }

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

    /// <summary>The payment's history; entries added here are inserted with the payment's next save.</summary>
    public ICollection<DirectDebitPaymentLogEntry> Log { get; } = new List<DirectDebitPaymentLogEntry>();

    /// <summary>Order ids used before the current one; rows added here are inserted with the payment's next save.</summary>
    public ICollection<DirectDebitOrder> RetiredOrders { get; } = new List<DirectDebitOrder>();

    public bool IsSettledOrPending => Status is not (DirectDebitPaymentStatus.Failed or DirectDebitPaymentStatus.Created or DirectDebitPaymentStatus.Unknown);

    /// <summary>No gateway transaction is known to be live for it: nothing is in flight that a hold could race.</summary>
    public bool IsNotInFlight => Status is DirectDebitPaymentStatus.Created or DirectDebitPaymentStatus.Unknown
        || (Status == DirectDebitPaymentStatus.Failed && (GatewayStatus is null || SddStatus.IsTerminalFailure(GatewayStatus.Value)));

    /// <summary>Whether a status for <paramref name="transactionReference"/> concerns the transaction this payment follows.</summary>
    public bool Follows(string? transactionReference) =>
        transactionReference is null || TransactionReference is null || string.Equals(TransactionReference, transactionReference, StringComparison.Ordinal);

    /// <summary>
    /// Applies a gateway status if it moves the payment forward; a duplicate, an older status or a status of
    /// another transaction is reported and changes nothing.
    /// </summary>
    public GatewayApplyOutcome ApplyGatewayStatus(int status, string? transactionReference, DateTimeOffset at)
    {
        if (!Follows(transactionReference))
        {
            Record(at, FormattableString.Invariant(
                $"status {status} of transaction {transactionReference} on order {OrderId} not applied: this payment follows transaction {TransactionReference}"));
            return GatewayApplyOutcome.OtherTransaction;
        }

        TransactionReference ??= transactionReference;
        if (!SddStatus.Advances(GatewayStatus, status))
        {
            return GatewayApplyOutcome.NoProgress;
        }

        var from = Status;
        GatewayStatus = status;
        Status = SddStatus.ToPaymentStatus(status);
        if (status == 118)
        {
            CollectedAt = at;
        }

        AddLog(from, at, FormattableString.Invariant($"gateway status {status} (transaction {TransactionReference})"), null);
        return GatewayApplyOutcome.Applied;
    }

    /// <summary>Counted before the call: after a crash, a positive attempt means "look up first".</summary>
    public void MarkSending(DateTimeOffset now)
    {
        if (Held)
        {
            throw new InvalidOperationException($"Payment {Id} is held; it must not be sent.");
        }

        Attempt++;
        SentAt = now;
        Record(now, FormattableString.Invariant($"call {Attempt} under order {OrderId}"));
    }

    /// <summary>The call's ending is ambiguous and the lookup has not settled it.</summary>
    public void MarkUnknown(string reason, DateTimeOffset now)
    {
        EnsureNoGatewayStatus(DirectDebitPaymentStatus.Unknown);
        var from = Status;
        Status = DirectDebitPaymentStatus.Unknown;
        ReasonMessage = reason;
        AddLog(from, now, "outcome unknown: " + reason, null);
    }

    /// <summary>The gateway refused the request itself (HTTP 4xx): nothing was created.</summary>
    public void MarkRejected(int? code, string? message, DateTimeOffset now)
    {
        EnsureNoGatewayStatus(DirectDebitPaymentStatus.Failed);
        var from = Status;
        Status = DirectDebitPaymentStatus.Failed;
        ReasonCode = code?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ReasonMessage = message;
        AddLog(from, now, FormattableString.Invariant($"refused by the gateway: {code} {message}"), null);
    }

    /// <summary>Given up before any call (the mandate can no longer carry it): nothing reached the gateway.</summary>
    public void MarkNotSent(string why, DateTimeOffset now)
    {
        if (Attempt > 0)
        {
            throw new InvalidOperationException($"Payment {Id} was sent under order {OrderId}; it must be looked up, not given up.");
        }

        var from = Status;
        Status = DirectDebitPaymentStatus.Failed;
        ReasonMessage = "not sent: " + why;
        AddLog(from, now, "not sent: " + why, null);
    }

    public void MarkForwarding(Uri forwardUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(forwardUrl);
        EnsureNoGatewayStatus(DirectDebitPaymentStatus.Forwarding);
        var from = Status;
        Status = DirectDebitPaymentStatus.Forwarding;
        ForwardUrl = forwardUrl.ToString();
        AddLog(from, now, "hosted page opened", null);
    }

    /// <summary>
    /// Starts over under <paramref name="orderId"/>, once the gateway's books show the current order id moved no
    /// money (not found, or definitively failed). The caller has checked that and keeps the old order id.
    /// </summary>
    public void RenewOrderId(string orderId, DateTimeOffset now, string why, string? actor)
    {
        if (!IsNotInFlight)
        {
            throw new InvalidOperationException($"Payment {Id} is {Status}; only a payment that moved nothing can get a new order id.");
        }

        var from = Status;
        var previous = OrderId;
        RetiredOrders.Add(new DirectDebitOrder { OrderId = previous, TransactionReference = TransactionReference, GatewayStatus = GatewayStatus, RetiredAt = now });
        OrderId = orderId;
        Status = DirectDebitPaymentStatus.Created;
        GatewayStatus = null;
        TransactionReference = null;
        Attempt = 0;
        SentAt = null;
        ReasonCode = null;
        ReasonMessage = null;
        AddLog(from, now, FormattableString.Invariant($"order {previous} retired, new order {orderId}: {why}"), actor);
    }

    public void Hold(DateTimeOffset now, string why, string actor)
    {
        if (Held)
        {
            throw new InvalidOperationException($"Payment {Id} is already held.");
        }

        if (!IsNotInFlight)
        {
            throw new InvalidOperationException($"Payment {Id} is {Status} at the gateway; there is nothing left to hold.");
        }

        Held = true;
        AddLog(Status, now, "held: " + why, actor);
    }

    /// <summary>Lifts the hold; the caller decides whether a fresh order id is needed (<see cref="RenewOrderId"/>).</summary>
    public void Release(DateTimeOffset now, string why, string actor)
    {
        if (!Held)
        {
            throw new InvalidOperationException($"Payment {Id} is not held.");
        }

        Held = false;
        AddLog(Status, now, "released: " + why, actor);
    }

    /// <summary>A note in the payment's log without a status change.</summary>
    public void Record(DateTimeOffset now, string message, string? actor = null) => AddLog(Status, now, message, actor);

    private void AddLog(DirectDebitPaymentStatus from, DateTimeOffset now, string message, string? actor) =>
        Log.Add(new DirectDebitPaymentLogEntry
        {
            FromStatus = from,
            ToStatus = Status,
            OrderId = OrderId,
            Actor = actor,
            Message = message.Length > 2000 ? message[..2000] : message,
            CreatedAt = now,
        });

    private void EnsureNoGatewayStatus(DirectDebitPaymentStatus next)
    {
        if (GatewayStatus is not null)
        {
            throw new InvalidOperationException(
                $"Payment {OrderId} is at gateway status {GatewayStatus}; it cannot move to {next}.");
        }
    }
}

/// <summary>One line of a payment's history: a status change, a call, an operator's action (who and why).</summary>
public sealed class DirectDebitPaymentLogEntry
{
    public long Id { get; set; }

    public long PaymentId { get; set; }

    public DirectDebitPaymentStatus FromStatus { get; set; }

    public DirectDebitPaymentStatus ToStatus { get; set; }

    /// <summary>The order id the payment had when this happened.</summary>
    public string OrderId { get; set; } = "";

    /// <summary>The operator, for a manual action; null for the connector itself.</summary>
    public string? Actor { get; set; }

    public string Message { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// An order id a payment used before its current one, with what the gateway had on it when it was retired.
/// Unique: a late notification for a retired order still finds its payment (and is recorded, never applied).
/// </summary>
public sealed class DirectDebitOrder
{
    public long Id { get; set; }

    public long PaymentId { get; set; }

    public string OrderId { get; set; } = "";

    public string? TransactionReference { get; set; }

    public int? GatewayStatus { get; set; }

    public DateTimeOffset RetiredAt { get; set; }
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
