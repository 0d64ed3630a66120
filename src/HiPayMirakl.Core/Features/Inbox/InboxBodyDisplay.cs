using System.Text;
using System.Text.RegularExpressions;
using System.Web;
using HiPayMirakl.HiPayEnterprise;
using HiPayMirakl.HiPayWallet;

namespace HiPayMirakl.Core.Features.Inbox;

/// <summary>One field of a stored notification as a person may see it: its name and its redacted value.</summary>
public sealed record InboxBodyField(string Name, string Value);

/// <summary>
/// A stored notification's body made fit to show: form bodies split into their fields, and every secret gone. The
/// inbox keeps only the body and its content type (not the request headers, so not the gateway's signature header),
/// but the body itself carries what proves it: HiPay Wallet's &lt;md5content&gt; and, in some notifications, the
/// account's callback salt; HiPay Enterprise may send a hash field. Those values never leave here; IBANs keep their
/// first and last four characters, as in the logs.
/// </summary>
public static partial class InboxBodyDisplay
{
    public const string Hidden = "***";

    /// <summary>The fields of a form body, or a single field "body" holding the redacted text of any other body.</summary>
    public static IReadOnlyList<InboxBodyField> Fields(InboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = Encoding.UTF8.GetString(message.RawBody);
        if (!message.ContentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return [new InboxBodyField("body", Redact(message.Source, text))];
        }

        var form = HttpUtility.ParseQueryString(text);
        var fields = new List<InboxBodyField>();
        foreach (var name in form.AllKeys)
        {
            foreach (var value in form.GetValues(name) ?? [])
            {
                var key = name ?? "";
                fields.Add(new InboxBodyField(key, SecretName().IsMatch(key) ? Hidden : Redact(message.Source, value)));
            }
        }

        return fields;
    }

    /// <summary>Text with every secret value hidden: signature elements and fields, salts, credentials, IBANs.</summary>
    public static string Redact(NotificationSource source, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var withoutElements = SecretElement().Replace(text, m => m.Groups["open"].Value + Hidden + m.Groups["close"].Value);
        var withoutFields = SecretField().Replace(withoutElements, m => m.Groups["head"].Value + Hidden);
        return source == NotificationSource.HiPayEnterprise ? Redaction.RedactBody(withoutFields) : WalletRedaction.Redact(withoutFields);
    }

    [GeneratedRegex("(signature|hash|md5|salt|secret|password|passphrase|token|auth)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    // <md5content>…</md5content>, <callback_salt>…</callback_salt>, <hash>…</hash>…
    [GeneratedRegex("""(?<open><(?<name>[A-Za-z_:]*(?:signature|hash|md5content|md5|salt|secret|password|passphrase|token)[A-Za-z_]*)(?:\s[^>]*)?>)[^<]*(?<close></\k<name>>)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretElement();

    // "hash":"…", hash=…, md5content=… in JSON or form text.
    [GeneratedRegex("""(?<head>(?:signature|hash|md5content|md5|salt)["']?\s*(?:[:=]\s*["']?|%3D))[^"'&<\s,}]+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretField();
}
