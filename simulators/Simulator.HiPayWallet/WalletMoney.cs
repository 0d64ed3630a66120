using System.Globalization;

namespace Simulator.HiPayWallet;

/// <summary>
/// Amounts travel as decimal strings ("113.25") on the wire and live as minor units internally;
/// decimal is only a parsing/formatting step.
/// </summary>
internal static class WalletMoney
{
    // ISO 4217 currencies without minor units (HiPay does not publish which wallet currencies it accepts).
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.Ordinal)
    {
        "JPY", "KRW", "ISK", "CLP", "VND", "XAF", "XOF", "XPF", "BIF", "DJF", "GNF", "KMF", "PYG", "RWF", "UGX", "VUV",
    };
    private static readonly HashSet<string> ThreeDecimals = new(StringComparer.Ordinal) { "BHD", "KWD", "JOD", "OMR", "TND", "IQD", "LYD" };
    private static readonly HashSet<string> TwoDecimals = new(StringComparer.Ordinal)
    {
        "EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "BGN", "CAD", "AUD", "NZD", "BRL", "MXN", "ZAR", "SGD", "HKD",
    };

    public static bool IsKnownCurrency(string? currency) =>
        currency is not null && (TwoDecimals.Contains(currency) || ZeroDecimal.Contains(currency) || ThreeDecimals.Contains(currency));

    public static int Exponent(string currency) =>
        ZeroDecimal.Contains(currency) ? 0 : ThreeDecimals.Contains(currency) ? 3 : 2;

    /// <summary>Parses a positive amount; rejects more decimals than the currency has (no silent rounding).</summary>
    public static bool TryParsePositive(string? text, string currency, out long minor)
    {
        minor = 0;
        if (string.IsNullOrWhiteSpace(text)
            || !decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var scaled = value * Pow10(Exponent(currency));
        if (scaled != decimal.Truncate(scaled) || scaled <= 0 || scaled > long.MaxValue / 4)
        {
            return false;
        }

        minor = (long)scaled;
        return true;
    }

    public static string Format(long minor, string currency)
    {
        var exponent = Exponent(currency);
        var value = minor / Pow10(exponent);
        return value.ToString("F" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int exponent) => exponent switch { 0 => 1m, 2 => 100m, 3 => 1000m, _ => throw new ArgumentOutOfRangeException(nameof(exponent)) };
}
