using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// The notification checksum: md5 of the raw <c>&lt;result&gt;…&lt;/result&gt;</c>
/// text as received — LF and TAB removed, space runs between tags removed, trimmed — followed by the account's
/// callback salt, over UTF-8. HiPay's docs say SHA1; the real payloads are MD5.
/// </summary>
public static partial class WalletNotificationSignature
{
    /// <summary>
    /// True when the document is acceptable (see <see cref="WalletNotification.Parse(string)"/>) and its
    /// <c>&lt;md5content&gt;</c> matches its own <c>&lt;result&gt;</c> and this salt.
    /// </summary>
    public static bool Verify(string rawXml, string salt)
    {
        ArgumentNullException.ThrowIfNull(rawXml);
        ArgumentNullException.ThrowIfNull(salt);
        try
        {
            return WalletNotification.Parse(rawXml).Verify(salt);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Constant-time comparison of a claimed hex checksum with the one of <paramref name="signedResult"/>.</summary>
    internal static bool Matches(string md5Content, string signedResult, string salt)
    {
        ArgumentNullException.ThrowIfNull(salt);
        if (md5Content.Length != 32)
        {
            return false;
        }

        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(md5Content);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(claimed, Hash(signedResult, salt));
    }

    /// <summary>The lower-case hex checksum of a document's (or a bare element's) <c>&lt;result&gt;</c> — for tests and tools.</summary>
    public static string Sign(string rawXml, string salt)
    {
        ArgumentNullException.ThrowIfNull(rawXml);
        ArgumentNullException.ThrowIfNull(salt);
        var result = ResultElement(rawXml) ?? throw new FormatException("The document has no <result> element.");
        return Convert.ToHexStringLower(Hash(result, salt));
    }

    /// <summary>The document with its <c>&lt;md5content&gt;</c> replaced by the checksum for <paramref name="salt"/>.</summary>
    public static string WithSignature(string rawXml, string salt)
    {
        var md5 = Sign(rawXml, salt);
        return Md5ContentElement().Replace(rawXml, "<md5content>" + md5 + "</md5content>", 1);
    }

    /// <summary>The text that is hashed (before the salt), exposed so tests can pin the normalisation.</summary>
    public static string Normalise(string resultElement)
    {
        ArgumentNullException.ThrowIfNull(resultElement);
        // \r\n → \n first so a document re-written with CRLF line ends still verifies (a lone \r stays: it is content).
        var s = resultElement.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("\n", "", StringComparison.Ordinal)
            .Replace("\t", "", StringComparison.Ordinal);
        return SpacesBetweenTags().Replace(s, "><").Trim();
    }

    internal static string? ResultElement(string rawXml)
    {
        var start = FindResultStart(rawXml);
        if (start < 0)
        {
            return null;
        }

        var end = rawXml.LastIndexOf("</result>", StringComparison.Ordinal);
        return end < start ? null : rawXml[start..(end + "</result>".Length)];
    }

    private static int FindResultStart(string rawXml)
    {
        var from = 0;
        while (true)
        {
            var i = rawXml.IndexOf("<result", from, StringComparison.Ordinal);
            if (i < 0 || i + 7 >= rawXml.Length)
            {
                return -1;
            }

            var next = rawXml[i + 7];
            if (next == '>' || char.IsWhiteSpace(next))
            {
                return i;
            }

            from = i + 7;
        }
    }

    private static byte[] Hash(string resultElement, string salt)
    {
#pragma warning disable CA5351 // MD5 is the provider's checksum; we verify what HiPay sends, we do not choose it.
        return MD5.HashData(Encoding.UTF8.GetBytes(Normalise(resultElement) + salt));
#pragma warning restore CA5351
    }

    [GeneratedRegex(">( )+<", RegexOptions.CultureInvariant)]
    private static partial Regex SpacesBetweenTags();

    [GeneratedRegex(@"<md5content>\s*(?<hex>[^<]*?)\s*</md5content>", RegexOptions.CultureInvariant)]
    private static partial Regex Md5ContentElement();
}
