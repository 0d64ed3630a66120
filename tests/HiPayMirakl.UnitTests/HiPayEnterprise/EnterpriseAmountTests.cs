using CsCheck;
using HiPayMirakl.HiPayEnterprise;

namespace HiPayMirakl.UnitTests.HiPayEnterprise;

public sealed class EnterpriseAmountTests
{
    [Theory]
    [InlineData(1250L, "EUR", "12.50")]
    [InlineData(11325L, "EUR", "113.25")]
    [InlineData(1L, "EUR", "0.01")]
    [InlineData(100L, "EUR", "1.00")]
    [InlineData(500L, "JPY", "500")]
    [InlineData(1234L, "KWD", "1.234")]
    public void Format_MinorUnits_GatewayDecimalString(long minor, string currency, string expected)
    {
        Assert.Equal(expected, EnterpriseAmount.Format(minor, currency));
    }

    [Theory]
    [InlineData("12.50", "EUR", 1250L)]
    [InlineData("12.5", "EUR", 1250L)]
    [InlineData("113.25", "EUR", 11325L)]
    [InlineData("500", "JPY", 500L)]
    public void Parse_DecimalString_ExactMinorUnits(string text, string currency, long expected)
    {
        Assert.Equal(expected, EnterpriseAmount.Parse(text, currency));
    }

    [Theory]
    [InlineData("12.505", "EUR")]
    [InlineData("1.5", "JPY")]
    [InlineData("12,50", "EUR")]
    [InlineData("", "EUR")]
    [InlineData("abc", "EUR")]
    public void TryParse_InexactOrMalformed_False(string text, string currency)
    {
        Assert.False(EnterpriseAmount.TryParse(text, currency, out _));
    }

    [Fact]
    public void Format_ThenParse_RoundTripsEveryAmount()
    {
        Gen.Long[0, 99_999_999_999L].Sample(minor =>
            Assert.Equal(minor, EnterpriseAmount.Parse(EnterpriseAmount.Format(minor, "EUR"), "EUR")));
    }

    [Fact]
    public void ExponentOf_LowerCaseCode_Throws()
    {
        Assert.Throws<ArgumentException>(() => EnterpriseAmount.ExponentOf("eur"));
    }
}
