using System.Text.RegularExpressions;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// Keeps IBANs and credentials out of logs and exceptions: IBANs shrink to first 4 + last 4, secret-bearing fields
/// lose their value entirely.
/// </summary>
public static partial class Redaction
{
    public static string MaskIban(string? iban)
    {
        if (string.IsNullOrEmpty(iban))
        {
            return "";
        }

        var normalized = SepaRules.NormalizeIban(iban);
        return normalized.Length <= 8
            ? new string('*', normalized.Length)
            : string.Concat(normalized.AsSpan(0, 4), new string('*', normalized.Length - 8), normalized.AsSpan(normalized.Length - 4));
    }

    /// <summary>Redacts a response or request body of any of the gateway's encodings (JSON, XML, form).</summary>
    public static string RedactBody(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return "";
        }

        var withoutSecrets = SecretField().Replace(body, m => m.Groups["head"].Value + "***");
        return IbanLike().Replace(withoutSecrets, m => MaskIban(m.Value));
    }

    // Values of fields that carry credentials, whatever the encoding: "password":"x", password=x, <password>x<.
    [GeneratedRegex("""(?<head>(?:password|passphrase|secret|api_?key|authorization|token)["']?\s*(?:[:=>]\s*["']?|%3D))[^"'&<\s,}]+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretField();

    // Two letters, two check digits and 11–30 alphanumerics: the shape of any IBAN.
    [GeneratedRegex("(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex IbanLike();
}
