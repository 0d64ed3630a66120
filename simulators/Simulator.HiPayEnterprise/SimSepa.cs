using System.Security.Cryptography;
using System.Text;

namespace Simulator.HiPayEnterprise;

/// <summary>The simulator's own SEPA checks and digests, written from the published SEPA rules (never shared with the client).</summary>
internal static class SimSepa
{
    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22,
        ["DK"] = 18, ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GI"] = 23, ["GR"] = 27,
        ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20,
        ["LV"] = 21, ["MC"] = 27, ["MT"] = 31, ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24,
        ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["VA"] = 22,
    };

    public static string Normalize(string iban) => iban.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    public static bool IsValidIban(string? iban)
    {
        if (string.IsNullOrWhiteSpace(iban))
        {
            return false;
        }

        var value = Normalize(iban);
        if (value.Length < 5 || !value.All(char.IsAsciiLetterOrDigit)
            || !IbanLengths.TryGetValue(value[..2], out var length) || value.Length != length)
        {
            return false;
        }

        var remainder = 0;
        foreach (var c in value[4..] + value[..4])
        {
            var digits = char.IsAsciiDigit(c) ? (c - '0').ToString(System.Globalization.CultureInfo.InvariantCulture) : (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var d in digits)
            {
                remainder = ((remainder * 10) + (d - '0')) % 97;
            }
        }

        return remainder == 1;
    }

    public static string Mask(string iban)
    {
        var value = Normalize(iban);
        return value.Length <= 8 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 8) + value[^4..];
    }

    /// <summary>A–Z a–z 0–9 / - ? : ( ) . , ' + and space.</summary>
    public static bool IsSepaText(string? text) =>
        text is not null && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '?' or ':' or '(' or ')' or '.' or ',' or '\'' or '+' or ' ');

    public static string Digest(ReadOnlySpan<byte> data, string algorithm) => Convert.ToHexStringLower(algorithm switch
    {
        // The gateway's back office still offers SHA-1; the fake must sign the way a real account may be set.
#pragma warning disable CA5350
        "SHA1" => SHA1.HashData(data),
#pragma warning restore CA5350
        "SHA512" => SHA512.HashData(data),
        _ => SHA256.HashData(data),
    });

    /// <summary>X-ALLOPASS-SIGNATURE: hex(HASH(raw body ‖ passphrase)).</summary>
    public static string SignBody(byte[] body, string passphrase, string algorithm)
    {
        var secret = Encoding.UTF8.GetBytes(passphrase);
        var preimage = new byte[body.Length + secret.Length];
        body.CopyTo(preimage, 0);
        secret.CopyTo(preimage, body.Length);
        return Digest(preimage, algorithm);
    }

    /// <summary>Redirect hash: sorted name ‖ value ‖ passphrase, empty values and "hash" skipped.</summary>
    public static string SignRedirect(IEnumerable<KeyValuePair<string, string>> parameters, string passphrase, string algorithm)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (name == "hash" || string.IsNullOrEmpty(value))
            {
                continue;
            }

            builder.Append(name).Append(value).Append(passphrase);
        }

        return Digest(Encoding.UTF8.GetBytes(builder.ToString()), algorithm);
    }

    /// <summary>Adds <paramref name="bankDays"/> Monday–Friday days (weekends skipped), keeping the time of day.</summary>
    public static DateTimeOffset AddBankDays(DateTimeOffset from, int bankDays)
    {
        var day = from;
        var added = 0;
        while (added < bankDays)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                added++;
            }
        }

        return day;
    }
}
