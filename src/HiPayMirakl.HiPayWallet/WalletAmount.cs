using System.Globalization;
using HiPayMirakl.Currencies;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// HiPay's decimal amount strings ("113.25") to and from minor units, exactly. <c>decimal</c> only lives inside
/// these conversions; nothing here goes through double. The exponents come from the product's one currency table.
/// </summary>
public static class WalletAmount
{
    private const NumberStyles Style = NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>
    /// Digits after the decimal point of an ISO 4217 currency (JPY 0, EUR 2, KWD 3, CLF 4). HiPay writes codes in
    /// upper case but is not strict about it, so the code is upper-cased first; an unknown code is refused
    /// (<see cref="UnknownCurrencyException"/>) rather than guessed.
    /// </summary>
    public static int Exponent(string currency)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        return CurrencyTable.ExponentOf(currency.Trim().ToUpperInvariant());
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

    public static long ToMinor(decimal value, string currency) =>
        MinorUnits.TryFromDecimal(value, Exponent(currency), out var minor)
            ? minor
            : throw new FormatException($"{value.ToString(CultureInfo.InvariantCulture)} has more decimals than {currency} allows, or is too large.");

    /// <summary>Formats minor units the way HiPay expects them in a form field: "113.25", "-0.50", "1000".</summary>
    public static string Format(long minor, string currency) => MinorUnits.Format(minor, Exponent(currency));
}
