using System.Globalization;
using HiPayMirakl.Currencies;
using ExactAmounts = HiPayMirakl.Currencies.MinorUnits;

namespace HiPayMirakl.Core.Money;

/// <summary>
/// An amount in minor units of one currency. Providers speak decimal strings ("113.25"); we store and add
/// <see cref="long"/> minor units so that no amount is ever approximated.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    public Money(long minorUnits, Currency currency)
    {
        if (currency.Code is null)
        {
            throw new ArgumentException("Money needs a currency.", nameof(currency));
        }

        MinorUnits = minorUnits;
        Currency = currency;
    }

    public long MinorUnits { get; }

    public Currency Currency { get; }

    public bool IsZero => MinorUnits == 0;

    public bool IsPositive => MinorUnits > 0;

    public bool IsNegative => MinorUnits < 0;

    public static Money Zero(Currency currency) => new(0, currency);

    public static Money Of(long minorUnits, string currencyCode) => new(minorUnits, Currency.Of(currencyCode));

    /// <summary>
    /// Parses a provider decimal string exactly. More decimals than the currency has are refused
    /// (they would be a silent rounding); use <see cref="FromDecimal"/> when rounding is intended.
    /// </summary>
    public static Money Parse(string text, Currency currency)
    {
        if (!TryParse(text, currency, out var money, out var error))
        {
            throw new FormatException(error);
        }

        return money;
    }

    public static bool TryParse(string? text, Currency currency, out Money money, out string? error)
    {
        money = default;
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            error = "An amount is required.";
            return false;
        }

        if (!decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{s}' is not a decimal amount.";
            return false;
        }

        if (value.Scale > currency.Exponent && decimal.Round(value, currency.Exponent) != value)
        {
            error = $"'{s}' has more than {currency.Exponent} decimal(s) for {currency.Code}.";
            return false;
        }

        if (!ExactAmounts.TryFromDecimal(value, currency.Exponent, out var minor))
        {
            error = $"'{s}' is too large.";
            return false;
        }

        money = new Money(minor, currency);

        error = null;
        return true;
    }

    /// <summary>Converts a decimal amount to minor units, rounding half away from zero (see <see cref="Rounding"/>).</summary>
    public static Money FromDecimal(decimal amount, Currency currency) =>
        new(Rounding.ToMinorUnits(amount, currency.Exponent), currency);

    /// <summary>The amount as a decimal (for display and wire formatting only).</summary>
    public decimal ToDecimal() => MinorUnits / CurrencyTable.ScaleOf(Currency.Exponent);

    /// <summary>Invariant decimal string with exactly the currency's decimals: "113.25", "1000", "1.500".</summary>
    public string ToDecimalString() => ExactAmounts.Format(MinorUnits, Currency.Exponent);

    public override string ToString() => $"{ToDecimalString()} {Currency.Code}";

    public Money Negate() => new(checked(-MinorUnits), Currency);

    public Money Add(Money other)
    {
        EnsureSameCurrency(other);
        return new Money(checked(MinorUnits + other.MinorUnits), Currency);
    }

    public Money Subtract(Money other)
    {
        EnsureSameCurrency(other);
        return new Money(checked(MinorUnits - other.MinorUnits), Currency);
    }

    public int CompareTo(Money other)
    {
        EnsureSameCurrency(other);
        return MinorUnits.CompareTo(other.MinorUnits);
    }

    public static Money operator +(Money left, Money right) => left.Add(right);

    public static Money operator -(Money left, Money right) => left.Subtract(right);

    public static Money operator -(Money value) => value.Negate();

    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    public static Money Sum(IEnumerable<Money> values, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Aggregate(Zero(currency), (acc, m) => acc + m);
    }

    private void EnsureSameCurrency(Money other)
    {
        if (Currency.Code != other.Currency.Code)
        {
            throw new CurrencyMismatchException(Currency, other.Currency);
        }
    }
}
