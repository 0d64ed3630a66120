using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.WalletNotifications;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.DirectDebit;

/// <summary>
/// Receiving half of HiPay Enterprise notifications: verify the signature over the bytes received (constant
/// time), store them raw in the inbox under (transaction reference, status), acknowledge. A forgery stores
/// nothing; a redelivery finds the unique key and changes nothing.
/// </summary>
public sealed class EnterpriseNotificationReceiver(
    ConnectorDbContext db,
    EnterpriseGatewayOptions gateway,
    TimeProvider clock,
    ILogger<EnterpriseNotificationReceiver> logger)
{
    public const int MaxBodyBytes = 64 * 1024;

    public async Task<ReceiveResult> ReceiveAsync(byte[] rawBody, string? contentType, string? signature, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        if (rawBody.Length > MaxBodyBytes)
        {
            return new ReceiveResult(ReceiveOutcome.Malformed, $"body larger than {MaxBodyBytes} bytes");
        }

        // The signature comes first: nothing of an unsigned body is parsed or kept.
        if (!HiPayEnterpriseSignature.Verify(rawBody, signature, gateway.Passphrase, Algorithm(gateway.SignatureAlgorithm)))
        {
            DirectDebitLog.Forged(logger, null);
            return new ReceiveResult(ReceiveOutcome.Forged, "signature mismatch");
        }

        if (!EnterpriseNotificationParser.TryParse(rawBody, out var notification, out var wellFormed) || notification is null)
        {
            if (!wellFormed)
            {
                return new ReceiveResult(ReceiveOutcome.Malformed, "not a notification");
            }

            // Signed, hence the gateway's, but with values we cannot use (currency "eur", decimals 5…): kept, and
            // dead-lettered by the dispatcher with the reason, rather than refused and redelivered for ever.
            return await StoreAsync(new InboxMessage
            {
                Source = NotificationSource.HiPayEnterprise,
                DedupeKey = "unusable|" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(rawBody)),
                RawBody = rawBody,
                ContentType = InboxStore.Fit(contentType ?? "", InboxStore.MaxContentTypeLength),
                ReceivedAt = clock.GetUtcNow(),
            }, ct);
        }

        var dedupeKey = SddStatus.DedupeKey(notification.TransactionReference, notification.Status, notification.Amount, notification.OperationId);
        if (dedupeKey.Length > InboxStore.MaxDedupeKeyLength || notification.TransactionReference.Length > InboxStore.MaxReferenceLength)
        {
            return new ReceiveResult(ReceiveOutcome.Malformed, "transaction reference or operation id too long");
        }

        var message = new InboxMessage
        {
            Source = NotificationSource.HiPayEnterprise,
            DedupeKey = dedupeKey,
            RawBody = rawBody,
            ContentType = InboxStore.Fit(contentType ?? "", InboxStore.MaxContentTypeLength),
            Kind = notification.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Reference = notification.TransactionReference,
            ReceivedAt = clock.GetUtcNow(),
        };
        return await StoreAsync(message, ct);
    }

    private async Task<ReceiveResult> StoreAsync(InboxMessage message, CancellationToken ct) =>
        await InboxStore.AddOnceAsync(db, message, logger, ct)
            ? new ReceiveResult(ReceiveOutcome.Stored, null, message.Id)
            : new ReceiveResult(ReceiveOutcome.Duplicate);

    public static HiPayEnterpriseSignatureAlgorithm Algorithm(string name) => name switch
    {
        "SHA1" => HiPayEnterpriseSignatureAlgorithm.Sha1,
        "SHA512" => HiPayEnterpriseSignatureAlgorithm.Sha512,
        _ => HiPayEnterpriseSignatureAlgorithm.Sha256,
    };
}
