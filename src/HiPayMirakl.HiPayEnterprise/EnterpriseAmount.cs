using HiPayMirakl.Currencies;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// Converts between minor units and the gateway's decimal strings ("113.25"). The gateway speaks decimals with a
/// dot; we store <c>long</c> minor units, so every conversion must be exact or fail loudly. The exponents come from
/// the product's one currency table.
/// </summary>
public static class EnterpriseAmount
{
    /// <summary>
    /// The exponent of a currency as the gateway must receive it: exactly three upper-case letters (a lower-case code
    /// is a bug on our side, not something to fix up), and a code of the ISO table (<see cref="UnknownCurrencyException"/>
    /// otherwise).
    /// </summary>
    public static int ExponentOf(string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException("Currency must be a 3-letter upper-case ISO 4217 code.", nameof(currency));
        }

        return CurrencyTable.ExponentOf(currency);
    }

    /// <summary>1250 EUR → "12.50"; 5 JPY → "5".</summary>
    public static string Format(long minorUnits, string currency) => MinorUnits.Format(minorUnits, ExponentOf(currency));

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

        // The gateway writes plain decimals: surrounding spaces are not part of its format.
        return text is not null && text.Length == text.Trim().Length && MinorUnits.TryParse(text, exponent, out minorUnits);
    }
}
