using Microsoft.Extensions.Logging;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>Source-generated log messages; none of them carries a body, an IBAN or a credential.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} unknown to the gateway; the request never took effect")]
    public static partial void OrderNotFound(ILogger logger, string orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} resolved to transaction {TransactionReference} status {Status}")]
    public static partial void OrderResolved(ILogger logger, string orderId, string transactionReference, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId}: {Outcome}, transaction {TransactionReference} status {Status}")]
    public static partial void OrderAnswered(ILogger logger, string orderId, OrderOutcome outcome, string transactionReference, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} rejected by the gateway: {Code} {Message}")]
    public static partial void OrderRejected(ILogger logger, string orderId, int? code, string? message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} outcome unknown ({Reason}); resolve by orderid before any retry")]
    public static partial void OrderUnknown(ILogger logger, string orderId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId}: unreadable success answer; outcome unknown")]
    public static partial void OrderUnreadable(ILogger logger, Exception exception, string orderId);
}
