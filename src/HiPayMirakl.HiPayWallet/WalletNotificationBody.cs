using System.Net.Http.Headers;
using System.Text;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// Gets the notification XML out of a request body the way HiPay's PHP stack and the predecessor read it. HiPay posts
/// <c>application/x-www-form-urlencoded</c> built by PHP (<c>http_build_query</c>: a space travels as '+', other bytes
/// as %XX); PHP decodes the form ('+' is a space, then percent-decoding) and the predecessor then applied
/// <c>rawurldecode</c> to the <c>xml</c> value once more ('+' kept, %XX decoded). The checksum is computed over the
/// XML as decoded this way. A raw <c>text/xml</c> or <c>application/xml</c> body is taken as is.
/// </summary>
public static class WalletNotificationBody
{
    private const string Field = "xml";

    /// <summary>Form and XML bodies are read; an absent content type is accepted and the body decides.</summary>
    public static bool IsSupportedMediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType is not { } media)
        {
            return false;
        }

        return media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/xml", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/xml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The XML text of a stored or received body. The body's first significant byte decides the format ('&lt;' is
    /// raw XML, anything else a form), so the receiver and whoever re-reads the stored body later always agree.
    /// </summary>
    public static bool TryExtractXml(ReadOnlySpan<byte> body, out string xml, out string error)
    {
        xml = "";
        byte[] bytes;
        if (LooksLikeXml(body))
        {
            bytes = body.ToArray();
        }
        else if (FormValue(body, out error) is { } value)
        {
            bytes = PercentDecode(value, plusIsSpace: true);
            bytes = PercentDecode(bytes, plusIsSpace: false);
        }
        else
        {
            return false;
        }

        try
        {
            xml = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            error = "the xml value is not valid UTF-8";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>
    /// The raw (still encoded) value of the one <c>xml</c> field. PHP would turn <c>xml[]</c> or <c>xml[a]</c> into an
    /// array and let a repeated key overwrite the first; both are ambiguous for a signed document, so they are refused.
    /// </summary>
    private static byte[]? FormValue(ReadOnlySpan<byte> body, out string error)
    {
        byte[]? found = null;
        var count = 0;
        foreach (var range in body.Split((byte)'&'))
        {
            var pair = body[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf((byte)'=');
            var rawKey = eq < 0 ? pair : pair[..eq];
            var key = PercentDecode(rawKey.ToArray(), plusIsSpace: true);
            if (key.AsSpan().SequenceEqual("xml"u8))
            {
                count++;
                found = eq < 0 ? [] : pair[(eq + 1)..].ToArray();
            }
            else if (key.AsSpan().StartsWith("xml["u8) && key.AsSpan().IndexOf((byte)']') > 0)
            {
                error = "the form field 'xml' is given as an array";
                return null;
            }
        }

        if (count != 1)
        {
            error = count == 0 ? $"no form field '{Field}'" : $"the form field '{Field}' is given {count} times";
            return null;
        }

        error = "";
        return found;
    }

    /// <summary>PHP's urldecode (<paramref name="plusIsSpace"/>) or rawurldecode: a malformed %-sequence is kept as is.</summary>
    internal static byte[] PercentDecode(ReadOnlySpan<byte> input, bool plusIsSpace)
    {
        var output = new byte[input.Length];
        var n = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b == (byte)'%' && i + 2 < input.Length && IsHex(input[i + 1]) && IsHex(input[i + 2]))
            {
                output[n++] = (byte)((HexValue(input[i + 1]) << 4) | HexValue(input[i + 2]));
                i += 2;
            }
            else
            {
                output[n++] = plusIsSpace && b == (byte)'+' ? (byte)' ' : b;
            }
        }

        return output.AsSpan(0, n).ToArray();
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static bool LooksLikeXml(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        var start = body.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && body[start] == (byte)'<';
    }
}
