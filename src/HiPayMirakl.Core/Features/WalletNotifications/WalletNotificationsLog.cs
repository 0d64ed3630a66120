using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.WalletNotifications;

internal static partial class WalletNotificationsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a wallet notification {Operation} for account {AccountId}: signature mismatch")]
    public static partial void Forged(ILogger logger, string operation, long accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the callback salt of account {AccountId} from HiPay (HTTP {Status})")]
    public static partial void SaltUnavailable(ILogger logger, long accountId, int? status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback salt of account {AccountId} changed at HiPay; stored the new one")]
    public static partial void SaltRotated(ILogger logger, long accountId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing wallet notification {InboxId} ({Operation}) failed; it will be retried")]
    public static partial void ProcessingFailed(ILogger logger, Exception exception, long inboxId, string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wallet notification {Operation} for account {AccountId} is not one this connector acts on")]
    public static partial void UnknownOperation(ILogger logger, string operation, long accountId);
}
