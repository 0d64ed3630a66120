using CsCheck;
using HiPayMirakl.Core.Money;
using HiPayMirakl.Currencies;

namespace HiPayMirakl.UnitTests.Money;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("113.25", "EUR", 11325L, "113.25")]
    [InlineData("0.01", "EUR", 1L, "0.01")]
    [InlineData("-42.5", "EUR", -4250L, "-42.50")]
    [InlineData("1000", "JPY", 1000L, "1000")]
    [InlineData("1.500", "KWD", 1500L, "1.500")]
    [InlineData("0.005", "KWD", 5L, "0.005")]
    [InlineData("12", "CHF", 1200L, "12.00")]
    [InlineData("99999999999.99", "SEK", 9999999999999L, "99999999999.99")]
    public void Parse_ProviderDecimalString_IsExactAndFormatsBack(string text, string currency, long minor, string formatted)
    {
        var money = Core.Money.Money.Parse(text, Currency.Of(currency));

        Assert.Equal(minor, money.MinorUnits);
        Assert.Equal(currency, money.Currency.Code);
        Assert.Equal(formatted, money.ToDecimalString());
    }

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("GBP", 2)]
    [InlineData("CHF", 2)]
    [InlineData("SEK", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    public void Currency_KnownCode_HasIsoExponent(string code, int exponent)
    {
        Assert.Equal(exponent, Currency.Of(code).Exponent);
    }

    [Theory]
    [InlineData("1.234", "EUR")]
    [InlineData("1.5", "JPY")]
    [InlineData("0.0001", "KWD")]
    [InlineData("abc", "EUR")]
    [InlineData("", "EUR")]
    [InlineData("1e3", "EUR")]
    public void Parse_MoreDecimalsThanCurrencyOrGarbage_IsRefused(string text, string currency)
    {
        Assert.Throws<FormatException>(() => Core.Money.Money.Parse(text, Currency.Of(currency)));
    }

    [Fact]
    public void Parse_TrailingZerosBeyondExponent_AreExact()
    {
        Assert.Equal(150, Core.Money.Money.Parse("1.500", Currency.EUR).MinorUnits);
    }

    [Theory]
    [InlineData("2.345", "EUR", 235L)]
    [InlineData("-2.345", "EUR", -235L)]
    [InlineData("2.344", "EUR", 234L)]
    [InlineData("2.5", "JPY", 3L)]
    [InlineData("-2.5", "JPY", -3L)]
    [InlineData("0.0005", "KWD", 1L)]
    [InlineData("1.0045", "KWD", 1005L)]
    public void FromDecimal_Midpoint_RoundsHalfAwayFromZero(string amount, string currency, long expected)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, Core.Money.Money.FromDecimal(value, Currency.Of(currency)).MinorUnits);
    }

    [Fact]
    public void Add_MixedCurrencies_Throws()
    {
        var eur = Core.Money.Money.Of(100, "EUR");
        var gbp = Core.Money.Money.Of(100, "GBP");

        Assert.Throws<CurrencyMismatchException>(() => eur + gbp);
        Assert.Throws<CurrencyMismatchException>(() => eur - gbp);
        Assert.Throws<CurrencyMismatchException>(() => eur < gbp);
    }

    [Fact]
    public void Arithmetic_SameCurrency_IsExact()
    {
        var a = Core.Money.Money.Parse("0.10", Currency.EUR);
        var b = Core.Money.Money.Parse("0.20", Currency.EUR);

        Assert.Equal(Core.Money.Money.Parse("0.30", Currency.EUR), a + b);
        Assert.Equal(-10, (a - b).MinorUnits);
        Assert.True(b > a);
    }

    [Fact]
    public void Add_Overflow_Throws()
    {
        var max = new Core.Money.Money(long.MaxValue, Currency.EUR);

        Assert.Throws<OverflowException>(() => max + Core.Money.Money.Of(1, "EUR"));
    }

    [Fact]
    public void Currency_UnknownCode_Throws()
    {
        Assert.Throws<UnknownCurrencyException>(() => Currency.Of("EURO"));
        Assert.False(Currency.TryOf("XXX", out _));
    }

    [Fact]
    public void FormatParse_AnyAmountInAnyCurrency_RoundTripsExactly()
    {
        var codes = Currency.KnownCodes.ToArray();
        Gen.Select(Gen.Long[-999_999_999_999_999L, 999_999_999_999_999L], Gen.Int[0, codes.Length - 1])
            .Sample((minor, i) =>
            {
                var money = new Core.Money.Money(minor, Currency.Of(codes[i]));
                var back = Core.Money.Money.Parse(money.ToDecimalString(), money.Currency);
                return back == money;
            });
    }

    [Fact]
    public void ApplyBasisPoints_RoundsOnceHalfAwayFromZero()
    {
        // 12.5% of 0.99 EUR = 0.12375 → 0.12
        Assert.Equal(12, Rounding.ApplyBasisPoints(Core.Money.Money.Of(99, "EUR"), 1250).MinorUnits);
        // 50% of 0.05 EUR = 0.025 → 0.03
        Assert.Equal(3, Rounding.ApplyBasisPoints(Core.Money.Money.Of(5, "EUR"), 5000).MinorUnits);
        Assert.Equal(-3, Rounding.ApplyBasisPoints(Core.Money.Money.Of(-5, "EUR"), 5000).MinorUnits);
    }
}
