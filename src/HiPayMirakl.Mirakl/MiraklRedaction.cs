using System.Text;
using System.Text.RegularExpressions;

namespace HiPayMirakl.Mirakl;

/// <summary>Keeps IBANs and keys out of exception messages and logs.</summary>
public static partial class MiraklRedaction
{
    /// <summary>Longest body excerpt kept in an exception.</summary>
    public const int MaxExcerptLength = 512;

    /// <summary>
    /// "FR7630004012781111111111124" → "FR76****1124". Anything shaped like an IBAN (country, check digits, 11–30
    /// alphanumerics, compact or grouped by four) is masked; a false positive costs less than a leaked account.
    /// </summary>
    public static string MaskIbans(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IbanLike().Replace(text, m => MaskIban(m.Value));
    }

    /// <summary>First 4 and last 4 characters of an IBAN, the middle starred.</summary>
    public static string MaskIban(string iban)
    {
        ArgumentNullException.ThrowIfNull(iban);
        var compact = string.Concat(iban.Where(char.IsLetterOrDigit));
        return compact.Length <= 8 ? new string('*', compact.Length) : compact[..4] + "****" + compact[^4..];
    }

    /// <summary>A safe, bounded excerpt of a response body: secrets removed, IBANs masked, control characters dropped.</summary>
    public static string Excerpt(string? body, params string?[] secrets)
    {
        if (string.IsNullOrEmpty(body))
        {
            return string.Empty;
        }

        var text = body;
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        text = MaskIbans(text);
        var sb = new StringBuilder(Math.Min(text.Length, MaxExcerptLength + 1));
        foreach (var c in text)
        {
            if (sb.Length >= MaxExcerptLength)
            {
                sb.Append('…');
                break;
            }

            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        return sb.ToString().Trim();
    }

    // Compact (FR7630004012781111111111124) or printed in groups of four (FR76 3000 4012 …), as people type them.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?)(?![A-Za-z0-9])",
        RegexOptions.CultureInvariant, 1000)]
    private static partial Regex IbanLike();
}
