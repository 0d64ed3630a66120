using System.Text.Json;
using Simulator.Mirakl.Json;

namespace Simulators.Tests.Mirakl;

public sealed class MinorUnitsJsonConverterTests
{
    [Theory]
    [InlineData(11325L, "113.25")]
    [InlineData(-5L, "-0.05")]
    [InlineData(0L, "0.00")]
    [InlineData(-123456L, "-1234.56")]
    [InlineData(100L, "1.00")]
    public void Format_MinorUnits_TwoDecimalText(long minor, string expected) =>
        Assert.Equal(expected, MinorUnitsJsonConverter.Format(minor));

    [Theory]
    [InlineData("113.25", 11325L)]
    [InlineData("-0.05", -5L)]
    [InlineData("12.3", 1230L)]
    [InlineData("7", 700L)]
    public void ToMinor_DecimalText_ExactMinorUnits(string text, long expected) =>
        Assert.Equal(expected, MinorUnitsJsonConverter.ToMinor(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ToMinor_ThreeDecimals_Throws() =>
        Assert.Throws<JsonException>(() => MinorUnitsJsonConverter.ToMinor(1.005m));
}
