using System.Collections.Frozen;

namespace HiPayMirakl.Core.Money;

/// <summary>An ISO-4217 currency with the number of minor-unit digits it is settled in.</summary>
public readonly record struct Currency
{
    // ISO 4217 minor-unit exponents. Providers reject amounts with more decimals than this.
    private static readonly FrozenDictionary<string, int> Exponents = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["EUR"] = 2, ["USD"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["SEK"] = 2, ["DKK"] = 2, ["NOK"] = 2,
        ["PLN"] = 2, ["CZK"] = 2, ["HUF"] = 2, ["RON"] = 2, ["BGN"] = 2, ["CAD"] = 2, ["AUD"] = 2,
        ["NZD"] = 2, ["HKD"] = 2, ["SGD"] = 2, ["MXN"] = 2, ["BRL"] = 2, ["ZAR"] = 2, ["CNY"] = 2,
        ["INR"] = 2, ["MAD"] = 2, ["TRY"] = 2, ["ILS"] = 2, ["AED"] = 2,
        ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0, ["CLP"] = 0, ["VND"] = 0, ["XOF"] = 0, ["XAF"] = 0,
        ["KWD"] = 3, ["BHD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3, ["LYD"] = 3, ["IQD"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private Currency(string code, int exponent)
    {
        Code = code;
        Exponent = exponent;
    }

    public string Code { get; }

    /// <summary>Number of decimal digits of the minor unit (EUR 2, JPY 0, KWD 3).</summary>
    public int Exponent { get; }

    public static Currency EUR { get; } = Of("EUR");
    public static Currency USD { get; } = Of("USD");
    public static Currency GBP { get; } = Of("GBP");

    public static IEnumerable<string> KnownCodes => Exponents.Keys;

    public static Currency Of(string code)
    {
        if (TryOf(code, out var currency))
        {
            return currency;
        }

        throw new ArgumentException($"'{code}' is not a supported ISO-4217 currency code.", nameof(code));
    }

    public static bool TryOf(string? code, out Currency currency)
    {
        var normalised = code?.Trim().ToUpperInvariant();
        if (normalised is not null && Exponents.TryGetValue(normalised, out var exponent))
        {
            currency = new Currency(normalised, exponent);
            return true;
        }

        currency = default;
        return false;
    }

    public override string ToString() => Code ?? "";
}
