using System.Security.Cryptography;
using System.Text;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.WalletNotifications;

public enum ReceiveOutcome
{
    /// <summary>Verified and stored; processing follows in the background.</summary>
    Stored = 1,

    /// <summary>Verified, and the same notification was already stored: acknowledged, nothing new.</summary>
    Duplicate = 2,

    /// <summary>The signature does not match: refused, nothing stored.</summary>
    Forged = 3,

    /// <summary>Not a notification we can read (no xml field, not XML, ambiguous, too large).</summary>
    Malformed = 4,

    /// <summary>A content type we do not read.</summary>
    UnsupportedMediaType = 5,

    /// <summary>Cannot be verified now (the salt could not be read from HiPay): the sender should deliver it again.</summary>
    Unavailable = 6,
}

public sealed record ReceiveResult(ReceiveOutcome Outcome, string? Detail = null, long? InboxId = null);

public enum SaltRefreshOutcome
{
    /// <summary>HiPay gave the account's current salt.</summary>
    Refreshed = 1,

    /// <summary>The salt we hold was read from HiPay a moment ago: it is current, no need to ask again.</summary>
    AlreadyCurrent = 2,

    /// <summary>HiPay knows no such wallet (or has no salt for it).</summary>
    UnknownAccount = 3,

    /// <summary>HiPay could not be asked now (failure, timeout, or the look-up budget is spent).</summary>
    Unavailable = 4,
}

public sealed record SaltRefresh(SaltRefreshOutcome Outcome, string? Salt = null);

/// <summary>Where a wallet's callback salt comes from: our copy first, HiPay's current one when ours does not match.</summary>
public interface IWalletSaltSource
{
    Task<string?> StoredSaltAsync(long accountId, CancellationToken ct);

    /// <summary>Reads the account's current salt from HiPay and keeps it (salts rotate), within the look-up limits.</summary>
    Task<SaltRefresh> RefreshSaltAsync(long accountId, CancellationToken ct);
}

/// <summary>
/// The receiving half of wallet notifications: verify over the bytes received, store raw in the inbox, acknowledge.
/// Effects are applied later, idempotently, by <see cref="WalletNotificationProcessor"/>.
/// </summary>
public sealed class WalletNotificationReceiver(
    ConnectorDbContext db,
    IWalletSaltSource salts,
    TimeProvider clock,
    ILogger<WalletNotificationReceiver> logger)
{
    public const int MaxBodyBytes = WalletNotification.MaxBytes;

    public async Task<ReceiveResult> ReceiveAsync(byte[] rawBody, string? contentType, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        if (rawBody.Length > MaxBodyBytes)
        {
            return new ReceiveResult(ReceiveOutcome.Malformed, $"body larger than {MaxBodyBytes} bytes");
        }

        if (!WalletNotificationBody.IsSupportedMediaType(contentType))
        {
            return new ReceiveResult(ReceiveOutcome.UnsupportedMediaType, "expected application/x-www-form-urlencoded, text/xml or application/xml");
        }

        if (!WalletNotificationBody.TryExtractXml(rawBody, out var xml, out var error))
        {
            return new ReceiveResult(ReceiveOutcome.Malformed, error);
        }

        WalletNotification notification;
        try
        {
            notification = WalletNotification.Parse(xml);
        }
        catch (FormatException ex)
        {
            return new ReceiveResult(ReceiveOutcome.Malformed, ex.Message);
        }

        switch (await VerifyAsync(notification, ct))
        {
            case SaltRefreshOutcome.Unavailable:
                return new ReceiveResult(ReceiveOutcome.Unavailable, "the account's callback salt cannot be read from HiPay now");
            case not SaltRefreshOutcome.Refreshed:
                WalletNotificationsLog.Forged(logger, notification.Operation, notification.AccountId);
                return new ReceiveResult(ReceiveOutcome.Forged, "signature mismatch");
        }

        var message = new InboxMessage
        {
            Source = NotificationSource.HiPayWallet,
            DedupeKey = DedupeKey(notification),
            RawBody = rawBody,
            ContentType = InboxStore.Fit(contentType ?? "", InboxStore.MaxContentTypeLength),
            Kind = notification.Operation,
            Reference = notification.TransId ?? notification.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReceivedAt = clock.GetUtcNow(),
        };
        return await InboxStore.AddOnceAsync(db, message, logger, ct)
            ? new ReceiveResult(ReceiveOutcome.Stored, null, message.Id)
            : new ReceiveResult(ReceiveOutcome.Duplicate);
    }

    /// <summary>The notification XML of a stored body (see <see cref="WalletNotificationBody.TryExtractXml"/>).</summary>
    internal static string? ExtractXml(byte[] rawBody) =>
        WalletNotificationBody.TryExtractXml(rawBody, out var xml, out _) ? xml : null;

    /// <summary>
    /// Same event, same key: HiPay re-sends the same signed <c>&lt;result&gt;</c>, so its checksummed form identifies
    /// the event (what lies outside it, or how the form was encoded, does not).
    /// </summary>
    internal static string DedupeKey(WalletNotification n)
    {
        var signed = WalletNotificationSignature.Normalise(n.SignedResult);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signed)));
        return $"{n.Operation}|{n.RawStatus}|{n.AccountId}|{n.TransId}|{hash}";
    }

    /// <summary>Refreshed when a salt matched (ours or HiPay's current one); otherwise why not.</summary>
    private async Task<SaltRefreshOutcome> VerifyAsync(WalletNotification notification, CancellationToken ct)
    {
        var stored = await salts.StoredSaltAsync(notification.AccountId, ct);
        if (stored is not null && notification.Verify(stored))
        {
            return SaltRefreshOutcome.Refreshed;
        }

        // Our copy may be stale (salts rotate) or missing: ask HiPay, within the look-up limits.
        var refresh = await salts.RefreshSaltAsync(notification.AccountId, ct);
        if (refresh is { Outcome: SaltRefreshOutcome.Refreshed, Salt: { } current })
        {
            return !string.Equals(current, stored, StringComparison.Ordinal) && notification.Verify(current)
                ? SaltRefreshOutcome.Refreshed
                : SaltRefreshOutcome.AlreadyCurrent;
        }

        return refresh.Outcome;
    }
}
