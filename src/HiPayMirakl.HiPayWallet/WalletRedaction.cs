using System.Text.RegularExpressions;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// Keeps secrets out of logs and exceptions: IBANs shrink to first 4 + last 4; passwords, credentials and callback
/// salts lose their value entirely, whatever the encoding (JSON, form, XML).
/// </summary>
public static partial class WalletRedaction
{
    private const int MaxExcerpt = 512;

    public static string MaskIban(string? iban)
    {
        if (string.IsNullOrEmpty(iban))
        {
            return "";
        }

        var compact = iban.Replace(" ", "", StringComparison.Ordinal);
        return compact.Length <= 8
            ? new string('*', compact.Length)
            : string.Concat(compact.AsSpan(0, 4), new string('*', compact.Length - 8), compact.AsSpan(compact.Length - 4));
    }

    /// <summary>Redacts a body and cuts it to a short excerpt suitable for an exception message or a log line.</summary>
    public static string Excerpt(string? body)
    {
        var redacted = Redact(body);
        return redacted.Length <= MaxExcerpt ? redacted : string.Concat(redacted.AsSpan(0, MaxExcerpt), "…");
    }

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var withoutSecrets = SecretField().Replace(text, m => m.Groups["head"].Value + "***");
        var withoutXmlSecrets = SecretElement().Replace(withoutSecrets, m => m.Groups["open"].Value + "***" + m.Groups["close"].Value);
        return IbanLike().Replace(withoutXmlSecrets, m => MaskIban(m.Value));
    }

    // "wspassword":"x", credential[wspassword]=x, callback_salt=x, "php-auth-pw": "x" …
    [GeneratedRegex("""(?<head>(?:password|passwd|wspassword|php-auth-pw|callback_salt|salt|secret|token|authorization)(?:\]|%5D)?["']?\s*(?:[:=]\s*["']?|%3D|%5D%3D))[^"'&<\s,}]+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretField();

    [GeneratedRegex("""(?<open><(?<name>callback_salt|wspassword|password)>)[^<]*(?<close></\k<name>>)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretElement();

    // Two letters, two check digits and 11–30 alphanumerics: the shape of any IBAN.
    [GeneratedRegex("(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex IbanLike();
}
