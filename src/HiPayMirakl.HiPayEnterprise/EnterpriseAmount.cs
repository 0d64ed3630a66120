using System.Globalization;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// Converts between minor units and the gateway's decimal strings ("113.25"). The gateway speaks decimals with a
/// dot; we store <c>long</c> minor units, so every conversion must be exact or fail loudly.
/// </summary>
public static class EnterpriseAmount
{
    // ISO 4217 exponents that differ from 2; every other code uses 2.
    private static readonly Dictionary<string, int> Exponents = new(StringComparer.Ordinal)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    public static int ExponentOf(string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException("Currency must be a 3-letter upper-case ISO 4217 code.", nameof(currency));
        }

        return Exponents.TryGetValue(currency, out var exponent) ? exponent : 2;
    }

    /// <summary>1250 EUR → "12.50"; 5 JPY → "5".</summary>
    public static string Format(long minorUnits, string currency)
    {
        var exponent = ExponentOf(currency);
        var value = (decimal)minorUnits / Pow10(exponent);
        return value.ToString("F" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>"12.50" EUR → 1250. Rejects more decimals than the currency has rather than rounding.</summary>
    public static long Parse(string text, string currency) =>
        TryParse(text, currency, out var minor)
            ? minor
            : throw new FormatException($"'{text}' is not an exact {currency} amount.");

    public static bool TryParse(string? text, string currency, out long minorUnits) =>
        TryParse(text, ExponentOf(currency), out minorUnits);

    internal static bool TryParse(string? text, int exponent, out long minorUnits)
    {
        minorUnits = 0;
        if (string.IsNullOrWhiteSpace(text)
            || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var scaled = value * Pow10(exponent);
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue)
        {
            return false;
        }

        minorUnits = (long)scaled;
        return true;
    }

    private static decimal Pow10(int exponent) => exponent switch
    {
        0 => 1m,
        2 => 100m,
        3 => 1000m,
        _ => throw new ArgumentOutOfRangeException(nameof(exponent)),
    };
}
