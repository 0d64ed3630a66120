using System.Globalization;
using System.Text;
using HiPayMirakl.HiPayWallet;

namespace HiPayMirakl.IntegrationTests.WalletNotifications;

/// <summary>Seeded mutations of a valid notification body: what a hostile or broken sender may post.</summary>
internal static class WireFuzz
{
    private const string Form = "application/x-www-form-urlencoded";

    public static (byte[] Body, string? ContentType) Mutate(Random random, string signedXml, int round) =>
        Mutate(random, signedXml, round, WalletNotificationWireTests.Signed);

    /// <summary>As above, re-signing with <paramref name="sign"/> (the salt of the account the document names).</summary>
    public static (byte[] Body, string? ContentType) Mutate(Random random, string signedXml, int round, Func<string, string> sign)
    {
        var xml = signedXml;
        string Resign(string changed) => ResignWith(sign, changed);
        switch (round % 16)
        {
            case 0:
                return (Truncate(random, Ascii("xml=" + PhpUrlEncode(xml))), Form);
            case 1:
                return (Ascii("xml=" + PhpUrlEncode(FlipChars(random, xml))), Form);
            case 2:
                return (FlipBytes(random, Ascii("xml=" + PhpUrlEncode(xml))), Form);
            case 3:
                return (Ascii("xml=" + PhpUrlEncode(Resign(xml.Replace("</status>", "</status><label>" + new string('x', random.Next(1_000, 70_000)) + "</label>", StringComparison.Ordinal)))), Form);
            case 4:
                var depth = random.Next(10, 20_000);
                var nested = string.Concat(Enumerable.Repeat("<a>", depth)) + "x" + string.Concat(Enumerable.Repeat("</a>", depth));
                return (Ascii("xml=" + PhpUrlEncode(Resign(xml.Replace("</status>", "</status><label>" + nested + "</label>", StringComparison.Ordinal)))), Form);
            case 5:
                var bomb = xml.Replace("<notification>", "<!DOCTYPE notification [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<notification>", StringComparison.Ordinal)
                    .Replace("<status>ok</status>", "<status>&b;</status>", StringComparison.Ordinal);
                return (Ascii("xml=" + PhpUrlEncode(bomb)), Form);
            case 6:
                return random.Next(3) switch
                {
                    0 => (Encoding.Unicode.GetBytes(xml), "text/xml"),
                    1 => (Encoding.Latin1.GetBytes(Resign(xml.Replace("</status>", "</status><label>é – ü</label>", StringComparison.Ordinal))), "application/xml"),
                    _ => (Ascii("xml=" + Latin1Percent(xml.Replace("</status>", "</status><label>é</label>", StringComparison.Ordinal))), Form),
                };
            case 7:
                var encoded = PhpUrlEncode(xml);
                return (Ascii(random.Next(4) switch
                {
                    0 => "xml[]=" + encoded,
                    1 => "xml[a]=" + encoded,
                    2 => "xml=" + encoded + "&xml[]=" + encoded,
                    _ => "xml=" + encoded + "&xml=" + encoded,
                }), Form);
            case 8:
                var offset = random.Next(2) == 0 ? "+" : "-";
                return (Ascii("xml=" + PhpUrlEncode(Resign(xml.Replace("UTC+0000", "UTC" + offset + random.Next(0, 10_000).ToString("D4", CultureInfo.InvariantCulture), StringComparison.Ordinal)))), Form);
            case 9:
                var huge = random.Next(3) switch
                {
                    0 => xml.Replace("<account_id>", "<account_id>99999999999999999999", StringComparison.Ordinal),
                    1 => xml.Replace("identification</operation>", new string('o', random.Next(50, 5_000)) + "</operation>", StringComparison.Ordinal)
                        .Replace("capture</operation>", new string('o', random.Next(50, 5_000)) + "</operation>", StringComparison.Ordinal),
                    _ => xml.Replace("<status>ok", "<status>" + new string('k', random.Next(50, 5_000)), StringComparison.Ordinal),
                };
                return (Ascii("xml=" + PhpUrlEncode(Resign(huge))), Form);
            case 10:
                string[] types = ["application/json", "text/plain", "multipart/form-data; boundary=x", ";;;", "text/xml; charset=" + new string('x', 500), "application/x-www-form-urlencoded; charset=utf-8"];
                return (Ascii("xml=" + PhpUrlEncode(xml)), types[random.Next(types.Length)]);
            case 11:
                return ([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("  \r\n" + xml)], random.Next(2) == 0 ? null : "text/xml");
            case 12:
                string[] garbage = ["xml=%zz%", "xml=%", "xml=%%41", "xml=%3Cnotification%", "=%3C&&&xml", "xml=%00%00", "xml=%C3%28"];
                return (Ascii(garbage[random.Next(garbage.Length)]), Form);
            case 13:
                return (random.Next(2) == 0 ? [] : Ascii("xml="), random.Next(2) == 0 ? null : Form);
            case 14:
                return (Ascii("xml=" + new string('a', random.Next(64 * 1024, 200 * 1024))), Form);
            default:
                var bytes = new byte[random.Next(1, 4_000)];
                random.NextBytes(bytes);
                return (bytes, random.Next(2) == 0 ? "text/xml" : Form);
        }
    }

    /// <summary>PHP's urlencode: letters, digits and "-_." stay, a space is '+', every other UTF-8 byte %XX.</summary>
    public static string PhpUrlEncode(string value) => Percent(Encoding.UTF8.GetBytes(value));

    private static string Latin1Percent(string value) => Percent(Encoding.Latin1.GetBytes(value));

    private static string Percent(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.')
            {
                sb.Append((char)b);
            }
            else if (b == (byte)' ')
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

    /// <summary>Re-signs with the vendor's salt when the document still has a result to sign, so parsing is what gets tested.</summary>
    private static string ResignWith(Func<string, string> sign, string xml)
    {
        try
        {
            return sign(xml);
        }
        catch (FormatException)
        {
            return xml;
        }
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Truncate(Random random, byte[] body) => body[..random.Next(0, body.Length)];

    private static byte[] FlipBytes(Random random, byte[] body)
    {
        var copy = (byte[])body.Clone();
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private static string FlipChars(Random random, string text)
    {
        var chars = text.ToCharArray();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            const string Alphabet = "<>/&;![]?-x0 \"'";
            chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(chars);
    }
}
