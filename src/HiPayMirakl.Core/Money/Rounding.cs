using HiPayMirakl.Currencies;

namespace HiPayMirakl.Core.Money;

/// <summary>
/// The one place where amounts are rounded. Half away from zero, as the predecessor's PHP round() did and as
/// finance teams expect on statements.
/// </summary>
public static class Rounding
{
    public const MidpointRounding Mode = MidpointRounding.AwayFromZero;

    public static long ToMinorUnits(decimal amount, int exponent)
    {
        var rounded = decimal.Round(amount, exponent, Mode);
        return decimal.ToInt64(rounded * CurrencyTable.ScaleOf(exponent));
    }

    /// <summary>Splits <paramref name="total"/> by a rate expressed in basis points, rounding once.</summary>
    public static Money ApplyBasisPoints(Money total, long basisPoints)
    {
        var exact = (decimal)total.MinorUnits * basisPoints / 10_000m;
        return new Money(decimal.ToInt64(decimal.Round(exact, 0, Mode)), total.Currency);
    }
}
