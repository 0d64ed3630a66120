using System.Text;
using System.Text.RegularExpressions;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// SEPA input rules checked before anything is sent: IBAN (length per country + mod-97), BIC format, the SEPA
/// Latin character set, and the length limits of order ids (32, gateway) and mandate references (35, scheme).
/// </summary>
public static partial class SepaRules
{
    public const int MaxOrderIdLength = 32;
    public const int MaxMandateReferenceLength = 35;
    public const int MaxDescriptionLength = 255;

    // IBAN lengths of the SEPA scheme countries (EPC list); an IBAN from elsewhere cannot be debited by SDD.
    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22,
        ["DK"] = 18, ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GI"] = 23, ["GR"] = 27,
        ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20,
        ["LV"] = 21, ["MC"] = 27, ["MT"] = 31, ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24,
        ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["VA"] = 22,
    };

    /// <summary>Upper-cases and removes spaces, the form the gateway expects.</summary>
    public static string NormalizeIban(string iban)
    {
        ArgumentNullException.ThrowIfNull(iban);
        var builder = new StringBuilder(iban.Length);
        foreach (var c in iban)
        {
            if (c != ' ')
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>Returns null when valid, else a reason that never repeats the IBAN.</summary>
    public static string? CheckIban(string? iban)
    {
        if (string.IsNullOrWhiteSpace(iban))
        {
            return "IBAN is missing.";
        }

        var normalized = NormalizeIban(iban);
        if (normalized.Length < 5 || !normalized.All(char.IsAsciiLetterOrDigit))
        {
            return "IBAN holds invalid characters.";
        }

        if (!IbanLengths.TryGetValue(normalized[..2], out var length))
        {
            return "IBAN country is not a SEPA country.";
        }

        if (normalized.Length != length)
        {
            return $"IBAN must have {length} characters for its country.";
        }

        if (!char.IsAsciiDigit(normalized[2]) || !char.IsAsciiDigit(normalized[3]))
        {
            return "IBAN check digits are not numeric.";
        }

        return Mod97(normalized) == 1 ? null : "IBAN check digits do not match (mod 97).";
    }

    public static bool IsValidIban(string? iban) => CheckIban(iban) is null;

    private static int Mod97(string iban)
    {
        var rearranged = iban[4..] + iban[..4];
        var digits = new StringBuilder(rearranged.Length * 2);
        foreach (var c in rearranged)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else
            {
                digits.Append(c - 'A' + 10);
            }
        }

        // Piecewise remainder keeps the arithmetic in int without a big-number type.
        var remainder = 0;
        foreach (var d in digits.ToString())
        {
            remainder = ((remainder * 10) + (d - '0')) % 97;
        }

        return remainder;
    }

    /// <summary>ISO 9362: 8 or 11 characters.</summary>
    public static bool IsValidBic(string? bic) => bic is not null && BicPattern().IsMatch(bic);

    /// <summary>A–Z a–z 0–9 / - ? : ( ) . , ' + and space: the SEPA Latin subset banks accept everywhere.</summary>
    public static bool IsSepaText(string? text)
    {
        if (text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsSepaChar(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSepaChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '?' or ':' or '(' or ')' or '.' or ',' or '\'' or '+' or ' ';

    /// <summary>
    /// Maps common accented Latin letters onto the SEPA set and replaces anything else with a space, so a name
    /// like "Zoë Müller-Straße" still reaches the bank readably ("Zoe Mueller-Strasse").
    /// </summary>
    public static string Transliterate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsSepaChar(c))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(c switch
            {
                'à' or 'á' or 'â' or 'ã' or 'å' => "a",
                'À' or 'Á' or 'Â' or 'Ã' or 'Å' => "A",
                'ä' or 'æ' => "ae",
                'Ä' or 'Æ' => "Ae",
                'ç' => "c",
                'Ç' => "C",
                'è' or 'é' or 'ê' or 'ë' => "e",
                'È' or 'É' or 'Ê' or 'Ë' => "E",
                'ì' or 'í' or 'î' or 'ï' => "i",
                'Ì' or 'Í' or 'Î' or 'Ï' => "I",
                'ñ' => "n",
                'Ñ' => "N",
                'ò' or 'ó' or 'ô' or 'õ' or 'ø' => "o",
                'Ò' or 'Ó' or 'Ô' or 'Õ' or 'Ø' => "O",
                'ö' or 'œ' => "oe",
                'Ö' or 'Œ' => "Oe",
                'ù' or 'ú' or 'û' => "u",
                'Ù' or 'Ú' or 'Û' => "U",
                'ü' => "ue",
                'Ü' => "Ue",
                'ý' or 'ÿ' => "y",
                'Ý' => "Y",
                'ß' => "ss",
                _ => " ",
            });
        }

        return builder.ToString();
    }

    /// <summary>Order id: 1–32 characters from the SEPA set without spaces (it ends up in the end-to-end id).</summary>
    public static string? CheckOrderId(string? orderId)
    {
        if (string.IsNullOrEmpty(orderId))
        {
            return "orderid is required.";
        }

        if (orderId.Length > MaxOrderIdLength)
        {
            return $"orderid must be at most {MaxOrderIdLength} characters.";
        }

        return orderId.Contains(' ', StringComparison.Ordinal) || !IsSepaText(orderId)
            ? "orderid may only use A-Z a-z 0-9 / - ? : ( ) . , ' +."
            : null;
    }

    /// <summary>Mandate reference (UMR): 1–35 SEPA characters, no leading/trailing '/', no '//'.</summary>
    public static string? CheckMandateReference(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return "mandate reference is required.";
        }

        if (reference.Length > MaxMandateReferenceLength)
        {
            return $"mandate reference must be at most {MaxMandateReferenceLength} characters.";
        }

        if (!IsSepaText(reference) || reference.Contains(' ', StringComparison.Ordinal))
        {
            return "mandate reference may only use A-Z a-z 0-9 / - ? : ( ) . , ' +.";
        }

        return reference.StartsWith('/') || reference.EndsWith('/') || reference.Contains("//", StringComparison.Ordinal)
            ? "mandate reference must not start or end with '/' nor contain '//'."
            : null;
    }

    [GeneratedRegex("^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex BicPattern();
}
