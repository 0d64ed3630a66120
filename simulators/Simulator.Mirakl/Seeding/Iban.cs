using System.Globalization;
using System.Text;

namespace Simulator.Mirakl.Seeding;

/// <summary>IBAN check digits (ISO 13616 / ISO 7064 mod 97-10).</summary>
internal static class Iban
{
    /// <summary>Builds "CCkkBBAN" with correct check digits.</summary>
    public static string Create(string countryCode, string bban)
    {
        var remainder = Mod97(bban + countryCode + "00");
        var check = 98 - remainder;
        return countryCode + check.ToString("00", CultureInfo.InvariantCulture) + bban;
    }

    public static bool IsValid(string iban)
    {
        ArgumentNullException.ThrowIfNull(iban);
        if (iban.Length < 5)
        {
            return false;
        }

        return Mod97(iban[4..] + iban[..4]) == 1;
    }

    /// <summary>Remainder of the number obtained by replacing letters with 10..35, computed digit by digit.</summary>
    private static int Mod97(string text)
    {
        var digits = new StringBuilder(text.Length * 2);
        foreach (var c in text.ToUpperInvariant())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                digits.Append((c - 'A' + 10).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                throw new FormatException($"Invalid IBAN character '{c}'.");
            }
        }

        var remainder = 0;
        foreach (var d in digits.ToString())
        {
            remainder = ((remainder * 10) + (d - '0')) % 97;
        }

        return remainder;
    }
}
