using HiPayMirakl.Currencies;

namespace HiPayMirakl.Core.Money;

/// <summary>
/// An ISO-4217 currency with the number of minor-unit digits it is settled in, as the product's one currency table
/// (<see cref="CurrencyTable"/>) gives it.
/// </summary>
public readonly record struct Currency
{
    private Currency(string code, int exponent)
    {
        Code = code;
        Exponent = exponent;
    }

    public string Code { get; }

    /// <summary>Number of decimal digits of the minor unit (EUR 2, JPY 0, KWD 3, CLF 4).</summary>
    public int Exponent { get; }

    public static Currency EUR { get; } = Of("EUR");
    public static Currency USD { get; } = Of("USD");
    public static Currency GBP { get; } = Of("GBP");

    public static IEnumerable<string> KnownCodes => CurrencyTable.Codes;

    public static Currency Of(string code)
    {
        if (TryOf(code, out var currency))
        {
            return currency;
        }

        throw new UnknownCurrencyException(code);
    }

    /// <summary>Accepts the code with surrounding spaces or in lower case (Mirakl's and people's spellings).</summary>
    public static bool TryOf(string? code, out Currency currency)
    {
        var normalised = code?.Trim().ToUpperInvariant();
        if (CurrencyTable.TryGetExponent(normalised, out var exponent))
        {
            currency = new Currency(normalised, exponent);
            return true;
        }

        currency = default;
        return false;
    }

    public override string ToString() => Code ?? "";
}
