using CsCheck;
using HiPayMirakl.Core.Money;
using HiPayMirakl.Currencies;
using HiPayMirakl.HiPayEnterprise;
using HiPayMirakl.HiPayWallet;

namespace HiPayMirakl.UnitTests.Money;

public sealed class CurrencyTableTests
{
    [Fact]
    public void Codes_EveryEntry_IsThreeUpperCaseLettersAndUnique()
    {
        var codes = CurrencyTable.Codes.ToList();

        Assert.InRange(codes.Count, 150, 200);
        Assert.All(codes, c => Assert.Matches("^[A-Z]{3}$", c));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(codes, c => Assert.InRange(CurrencyTable.ExponentOf(c), 0, CurrencyTable.MaxExponent));
        Assert.DoesNotContain(codes, c => CurrencyTable.ExponentOf(c) == 1);
    }

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("GBP", 2)]
    [InlineData("THB", 2)]
    [InlineData("CHF", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("BIF", 0)]
    [InlineData("XPF", 0)]
    [InlineData("UYI", 0)]
    [InlineData("ISK", 0)]
    [InlineData("XOF", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("TND", 3)]
    [InlineData("CLF", 4)]
    [InlineData("UYW", 4)]
    public void ExponentOf_KnownCode_IsTheIsoMinorUnit(string code, int exponent)
    {
        Assert.Equal(exponent, CurrencyTable.ExponentOf(code));
    }

    [Theory]
    [InlineData("XXX")] // "no currency": no minor unit in ISO 4217
    [InlineData("XAU")] // gold
    [InlineData("HRK")] // withdrawn when Croatia joined the euro
    [InlineData("ZZZ")]
    [InlineData("eur")] // the table takes ISO's spelling only; callers normalise
    [InlineData("EURO")]
    [InlineData("")]
    [InlineData(null)]
    public void ExponentOf_UnknownCode_RefusedWithAClearError(string? code)
    {
        var error = Assert.Throws<UnknownCurrencyException>(() => CurrencyTable.ExponentOf(code));

        Assert.Contains("not an active ISO 4217 currency code", error.Message, StringComparison.Ordinal);
        Assert.Equal(code, error.Code);
        Assert.False(CurrencyTable.TryGetExponent(code, out _));
    }

    [Theory]
    [InlineData(1234L, "JPY", "1234")]
    [InlineData(-5L, "XPF", "-5")]
    [InlineData(11325L, "EUR", "113.25")]
    [InlineData(-50L, "THB", "-0.50")]
    [InlineData(1500L, "KWD", "1.500")]
    [InlineData(1L, "BHD", "0.001")]
    [InlineData(12345L, "CLF", "1.2345")]
    [InlineData(10000L, "UYW", "1.0000")]
    public void FormatAndParse_ZeroToFourDecimals_RoundTrip(long minor, string code, string text)
    {
        var exponent = CurrencyTable.ExponentOf(code);

        Assert.Equal(text, MinorUnits.Format(minor, code));
        Assert.True(MinorUnits.TryParse(text, exponent, out var back));
        Assert.Equal(minor, back);
        Assert.Equal(text, Core.Money.Money.Of(minor, code).ToDecimalString());
        Assert.Equal(text, WalletAmount.Format(minor, code));
        Assert.Equal(text, EnterpriseAmount.Format(minor, code));
        Assert.Equal(minor, WalletAmount.ToMinor(text, code));
        Assert.Equal(minor, EnterpriseAmount.Parse(text, code));
    }

    [Theory]
    [InlineData("1.5", "JPY")]
    [InlineData("0.001", "EUR")]
    [InlineData("0.0001", "KWD")]
    [InlineData("0.00001", "CLF")]
    [InlineData("99999999999999999999", "EUR")]
    [InlineData("1e3", "EUR")]
    public void TryParse_MoreDecimalsThanTheCurrencyOrOutOfRange_Refused(string text, string code)
    {
        Assert.False(MinorUnits.TryParse(text, CurrencyTable.ExponentOf(code), out _));
    }

    [Fact]
    public void FormerConsumers_EveryCode_AgreeOnTheExponent()
    {
        foreach (var code in CurrencyTable.Codes)
        {
            var exponent = CurrencyTable.ExponentOf(code);
            Assert.Equal(exponent, Currency.Of(code).Exponent);
            Assert.Equal(exponent, WalletAmount.Exponent(code));
            Assert.Equal(exponent, EnterpriseAmount.ExponentOf(code));
        }

        Assert.Equal(CurrencyTable.Codes.OrderBy(c => c, StringComparer.Ordinal), Currency.KnownCodes.OrderBy(c => c, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("ANG")]
    [InlineData("ZZZ")]
    public void FormerConsumers_UnknownCode_AllRefuseIt(string code)
    {
        Assert.Throws<UnknownCurrencyException>(() => Currency.Of(code));
        Assert.Throws<UnknownCurrencyException>(() => WalletAmount.Exponent(code));
        Assert.Throws<UnknownCurrencyException>(() => EnterpriseAmount.ExponentOf(code));
        Assert.Throws<UnknownCurrencyException>(() => WalletAmount.Format(100, code));
        Assert.Throws<UnknownCurrencyException>(() => EnterpriseAmount.Format(100, code));
    }

    [Fact]
    public void FormatParse_AnyAmountInAnyCode_RoundTripsThroughEveryConsumer()
    {
        var codes = CurrencyTable.Codes.ToArray();
        Gen.Select(Gen.Long[-999_999_999_999_999L, 999_999_999_999_999L], Gen.Int[0, codes.Length - 1])
            .Sample((minor, i) =>
            {
                var code = codes[i];
                var text = MinorUnits.Format(minor, code);
                return WalletAmount.ToMinor(text, code) == minor
                    && EnterpriseAmount.Parse(text, code) == minor
                    && Core.Money.Money.Parse(text, Currency.Of(code)).MinorUnits == minor;
            });
    }
}
