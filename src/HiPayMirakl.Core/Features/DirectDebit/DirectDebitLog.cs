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
}
