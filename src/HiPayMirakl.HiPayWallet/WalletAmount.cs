using System.Globalization;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// HiPay's decimal amount strings ("113.25") to and from minor units, exactly. <c>decimal</c> only lives inside
/// these conversions; nothing here goes through double.
/// </summary>
public static class WalletAmount
{
    private const NumberStyles Style = NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>Digits after the decimal point of an ISO-4217 currency (0 for JPY, 3 for KWD, else 2).</summary>
    public static int Exponent(string currency)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        return currency.ToUpperInvariant() switch
        {
            "BIF" or "CLP" or "DJF" or "GNF" or "ISK" or "JPY" or "KMF" or "KRW" or "PYG" or "RWF" or "UGX" or "VND" or "VUV" or "XAF" or "XOF" or "XPF" => 0,
            "BHD" or "IQD" or "JOD" or "KWD" or "LYD" or "OMR" or "TND" => 3,
            _ => 2,
        };
    }

    /// <summary>Parses an exact decimal string; null when the text is not a plain decimal number.</summary>
    public static decimal? ParseDecimal(string? text) =>
        !string.IsNullOrWhiteSpace(text) && decimal.TryParse(text, Style, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>
    /// Minor units of a decimal string in <paramref name="currency"/>. Throws when the text has more digits than the
    /// currency allows: silently rounding money is how cents go missing.
    /// </summary>
    public static long ToMinor(string text, string currency)
    {
        var value = ParseDecimal(text) ?? throw new FormatException($"'{text}' is not a decimal amount.");
        return ToMinor(value, currency);
    }

    public static long ToMinor(decimal value, string currency)
    {
        var scaled = value * Pow10(Exponent(currency));
        if (scaled != decimal.Truncate(scaled))
        {
            throw new FormatException($"{value.ToString(CultureInfo.InvariantCulture)} has more decimals than {currency} allows.");
        }

        return decimal.ToInt64(scaled);
    }

    /// <summary>Formats minor units the way HiPay expects them in a form field: "113.25", "-0.50", "1000".</summary>
    public static string Format(long minor, string currency)
    {
        var exponent = Exponent(currency);
        var value = (decimal)minor / Pow10(exponent);
        return value.ToString("F" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int exponent) => exponent switch
    {
        0 => 1m,
        3 => 1000m,
        _ => 100m,
    };
}
