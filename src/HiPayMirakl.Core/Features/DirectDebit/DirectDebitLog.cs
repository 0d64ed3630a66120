using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.DirectDebit;

/// <summary>Log lines of the direct-debit slice. IBANs appear masked or not at all.</summary>
internal static partial class DirectDebitLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "SDD {OrderId}: gateway status {Status} applied ({PaymentStatus}).")]
    public static partial void Applied(ILogger logger, string orderId, int status, DirectDebitPaymentStatus paymentStatus);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "SDD {OrderId}: returned after collection (status {Status}); the amount is unpaid and the mandate needs attention.")]
    public static partial void Returned(ILogger logger, string orderId, int status);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "SDD {OrderId}: outcome unknown ({Reason}); it will be looked up by order id, never re-sent blind.")]
    public static partial void Unknown(ILogger logger, string orderId, string reason);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "SDD {OrderId}: refused by the gateway ({Code} {Message}).")]
    public static partial void Rejected(ILogger logger, string orderId, int? code, string? message);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Enterprise notification refused: signature mismatch (transaction {Reference}).")]
    public static partial void Forged(ILogger logger, string? reference);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Enterprise notification {InboxId} ({Reference}, {Status}) waits: no payment known for it yet.")]
    public static partial void Buffered(ILogger logger, long inboxId, string reference, int status);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Error, Message = "Enterprise notification {InboxId} failed; it stays pending for a retry.")]
    public static partial void ProcessingFailed(ILogger logger, Exception ex, long inboxId);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Debt of shop {ShopId} ({Amount} {Currency} minor) cannot be collected: no available mandate.")]
    public static partial void NoMandateForDebt(ILogger logger, long shopId, long amount, string currency);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Error, Message = "Schedule {ScheduleId} period {Period} failed; it will be retried by the next run.")]
    public static partial void ScheduleFailed(ILogger logger, Exception ex, long scheduleId, string period);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Error, Message = "SDD {OrderId}: status {Status} of another transaction {Reference} on this order; not applied, an operator must look at it.")]
    public static partial void OtherTransaction(ILogger logger, string orderId, string? reference, int status);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Error, Message = "SDD retired order {OrderId} (payment {PaymentId}) reports transaction {Reference} at status {Status}: the request landed after it was given up; not applied, an operator must look at it.")]
    public static partial void RetiredOrderStatus(ILogger logger, string orderId, string reference, int status, long paymentId);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Mandate {MandateId} stays {Status}: the gateway's '{Refused}' is not a move it can make (a revoked mandate stays revoked).")]
    public static partial void MandateMoveRefused(ILogger logger, long mandateId, MandateStatus status, MandateStatus refused);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Error, Message = "SDD payment {PaymentId} could not be settled or sent now; the next run tries again.")]
    public static partial void ResumeFailed(ILogger logger, Exception ex, long paymentId);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Warning, Message = "Schedule {ScheduleId}: the send window of period {Period} (collection {Collection}) was missed; nothing is sent early for the next period.")]
    public static partial void SendWindowMissed(ILogger logger, long scheduleId, string period, DateOnly collection);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Error, Message = "Debt of shop {ShopId} not collected this run; the next run tries again.")]
    public static partial void DebtFailed(ILogger logger, Exception ex, long shopId);

    [LoggerMessage(EventId = 6016, Level = LogLevel.Warning, Message = "SDD payment {PaymentId}: {Action} by {Actor}: {Reason}")]
    public static partial void OperatorAction(ILogger logger, long paymentId, string action, string actor, string reason);
}
