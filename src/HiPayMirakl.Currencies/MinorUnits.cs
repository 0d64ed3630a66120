using System.Globalization;

namespace HiPayMirakl.Currencies;

/// <summary>
/// Exact conversions between minor units and the decimal strings providers speak ("113.25", "1000", "1.500").
/// Nothing here rounds: a value with more decimals than the currency has is refused, because silently rounding money
/// is how cents go missing. Rounding, when it is wanted, happens in one place in the core.
/// </summary>
public static class MinorUnits
{
    /// <summary>Minor units → invariant decimal string with exactly <paramref name="exponent"/> decimals.</summary>
    public static string Format(long minorUnits, int exponent)
    {
        var value = minorUnits / CurrencyTable.ScaleOf(exponent);
        return value.ToString("F" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Minor units → decimal string in <paramref name="currency"/> (an <see cref="UnknownCurrencyException"/> when unknown).</summary>
    public static string Format(long minorUnits, string currency) => Format(minorUnits, CurrencyTable.ExponentOf(currency));

    /// <summary>
    /// A decimal value → minor units when it is exact at <paramref name="exponent"/> decimals and fits a
    /// <see cref="long"/>; false otherwise.
    /// </summary>
    public static bool TryFromDecimal(decimal value, int exponent, out long minorUnits)
    {
        minorUnits = 0;
        if (value > long.MaxValue || value < long.MinValue)
        {
            // Out of range whatever the exponent; checked first so that the scaling below cannot overflow decimal.
            return false;
        }

        var scaled = value * CurrencyTable.ScaleOf(exponent);
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue)
        {
            return false;
        }

        minorUnits = decimal.ToInt64(scaled);
        return true;
    }

    /// <summary>A decimal string ("12.50", "-3") → minor units when exact; false for anything else.</summary>
    public static bool TryParse(string? text, int exponent, out long minorUnits)
    {
        minorUnits = 0;
        return !string.IsNullOrWhiteSpace(text)
            && decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && TryFromDecimal(value, exponent, out minorUnits);
    }
}
