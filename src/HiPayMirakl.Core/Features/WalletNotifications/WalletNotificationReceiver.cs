using System.Security.Cryptography;
using System.Text;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>Not a notification we can read (no xml field, not XML, too large).</summary>
    Malformed = 4,
}

public sealed record ReceiveResult(ReceiveOutcome Outcome, string? Detail = null, long? InboxId = null);

/// <summary>Where a wallet's callback salt comes from: our copy first, HiPay's current one when ours does not match.</summary>
public interface IWalletSaltSource
{
    Task<string?> StoredSaltAsync(long accountId, CancellationToken ct);

    /// <summary>Reads the account's current salt from HiPay and keeps it (salts rotate).</summary>
    Task<string?> RefreshSaltAsync(long accountId, CancellationToken ct);
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

        if (ExtractXml(rawBody) is not { } xml)
        {
            return new ReceiveResult(ReceiveOutcome.Malformed, "no form field 'xml'");
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
        catch (System.Xml.XmlException ex)
        {
            return new ReceiveResult(ReceiveOutcome.Malformed, ex.Message);
        }

        if (!await VerifyAsync(notification, ct))
        {
            WalletNotificationsLog.Forged(logger, notification.Operation, notification.AccountId);
            return new ReceiveResult(ReceiveOutcome.Forged, "signature mismatch");
        }

        var message = new InboxMessage
        {
            Source = NotificationSource.HiPayWallet,
            DedupeKey = DedupeKey(notification),
            RawBody = rawBody,
            ContentType = contentType ?? "",
            Kind = notification.Operation,
            Reference = notification.TransId ?? notification.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReceivedAt = clock.GetUtcNow(),
        };
        return await InboxStore.AddOnceAsync(db, message, ct)
            ? new ReceiveResult(ReceiveOutcome.Stored, null, message.Id)
            : new ReceiveResult(ReceiveOutcome.Duplicate);
    }

    /// <summary>
    /// The form value decoded like PHP's rawurldecode (the predecessor's contract): '+' stays '+', so a literal
    /// "UTC+0000" sent unencoded still hashes to what HiPay signed.
    /// </summary>
    internal static string? ExtractXml(byte[] rawBody)
    {
        var body = Encoding.UTF8.GetString(rawBody);
        foreach (var pair in body.Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair.AsSpan(0, eq).SequenceEqual("xml"))
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }

    /// <summary>Same event, same key: HiPay re-sends identical XML, so the signed content identifies the event.</summary>
    internal static string DedupeKey(WalletNotification n)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(n.RawXml)));
        return $"{n.Operation}|{n.RawStatus}|{n.AccountId}|{n.TransId}|{hash}";
    }

    private async Task<bool> VerifyAsync(WalletNotification notification, CancellationToken ct)
    {
        var stored = await salts.StoredSaltAsync(notification.AccountId, ct);
        if (stored is not null && notification.Verify(stored))
        {
            return true;
        }

        // Our copy may be stale (salts rotate) or missing: ask HiPay once.
        var current = await salts.RefreshSaltAsync(notification.AccountId, ct);
        return current is not null && !string.Equals(current, stored, StringComparison.Ordinal) && notification.Verify(current);
    }
}
