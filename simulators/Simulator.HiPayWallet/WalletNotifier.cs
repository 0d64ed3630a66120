using System.Globalization;
using System.Text;
using Simulator.Common;

namespace Simulator.HiPayWallet;

/// <summary>Turns notification content into the signed, form-encoded POST HiPay sends, and queues it on the kit's outbox.</summary>
internal sealed class WalletNotifier(NotificationOutbox outbox, VirtualClock clock, HiPayWalletSimulatorOptions options)
{
    private long _sequence;

    /// <summary>
    /// Queues a notification for <paramref name="account"/>; returns false when nobody is listening (no callback URL
    /// on the account and no default), which the caller records instead of failing.
    /// </summary>
    public bool Emit(WalletAccount account, WalletNotificationContent content, string? md5Override = null, string? saltOverride = null)
    {
        var target = ResolveTarget(account);
        if (target is null)
        {
            return false;
        }

        var xml = WalletNotificationXml.Build(content, clock.GetUtcNow(), saltOverride ?? account.CallbackSalt, md5Override);
        var body = Encoding.ASCII.GetBytes("xml=" + FormEncode(xml, options.NotificationFormEncoding));
        var id = "wallet-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        var description = $"{content.Operation} {content.Status} account {account.AccountId.ToString(CultureInfo.InvariantCulture)}"
            + (content.TransId is null ? "" : " transid " + content.TransId);
        outbox.Enqueue(
            new OutgoingNotification(id, target, "application/x-www-form-urlencoded", body, new Dictionary<string, string>(StringComparer.Ordinal), description),
            TimeSpan.Zero);
        return true;
    }

    public void Reset() => Interlocked.Exchange(ref _sequence, 0);

    /// <summary>
    /// PHP's urlencode, as <c>http_build_query</c> applies it: letters, digits and "-_." stay, a space becomes '+',
    /// every other UTF-8 byte %XX. <see cref="NotificationFormEncoding.Rfc3986"/> sends a space as %20 instead.
    /// </summary>
    internal static string FormEncode(string value, NotificationFormEncoding encoding)
    {
        var sb = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.')
            {
                sb.Append((char)b);
            }
            else if (b == (byte)' ' && encoding == NotificationFormEncoding.Php)
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private Uri? ResolveTarget(WalletAccount account) =>
        !string.IsNullOrWhiteSpace(account.CallbackUrl) && Uri.TryCreate(account.CallbackUrl, UriKind.Absolute, out var own)
            ? own
            : options.DefaultCallbackUrl;
}
