using HiPayMirakl.HiPayWallet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.UnitTests.HiPayWallet;

public sealed class WalletRedactionAndOptionsTests
{
    [Fact]
    public void MaskIban_FrenchIban_KeepsFirstFourAndLastFour()
    {
        Assert.Equal("FR76*******************0189", WalletRedaction.MaskIban("FR76 3000 6000 0112 3456 7890 189"));
    }

    [Theory]
    [InlineData("credential%5Bwspassword%5D=hunter2&email=a%40b.c", "hunter2")]
    [InlineData("""{"callback_salt":"s4lt-value","code":0}""", "s4lt-value")]
    [InlineData("<result><callback_salt>HiPay2017</callback_salt></result>", "HiPay2017")]
    [InlineData("php-auth-pw: topsecret", "topsecret")]
    [InlineData("""{"wspassword": "pw-123"}""", "pw-123")]
    public void Redact_SecretsInAnyEncoding_AreRemoved(string text, string secret)
    {
        var redacted = WalletRedaction.Redact(text);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains("***", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Excerpt_LongBody_IsCut()
    {
        Assert.True(WalletRedaction.Excerpt(new string('a', 5000)).Length < 600);
    }

    [Theory]
    [InlineData("113.25", "EUR", 11325)]
    [InlineData("0.1", "EUR", 10)]
    [InlineData("-5", "EUR", -500)]
    [InlineData("1000", "JPY", 1000)]
    [InlineData("1.234", "KWD", 1234)]
    [InlineData("92233720368547758.07", "EUR", long.MaxValue)]
    public void ToMinor_DecimalStrings_AreExact(string text, string currency, long expected)
    {
        Assert.Equal(expected, WalletAmount.ToMinor(text, currency));
    }

    [Theory]
    [InlineData("1.005", "EUR")]
    [InlineData("1.5", "JPY")]
    [InlineData("1e3", "EUR")]
    [InlineData("12,30", "EUR")]
    public void ToMinor_TooPreciseOrMalformed_Throws(string text, string currency)
    {
        Assert.Throws<FormatException>(() => WalletAmount.ToMinor(text, currency));
    }

    [Theory]
    [InlineData(11325, "EUR", "113.25")]
    [InlineData(5, "EUR", "0.05")]
    [InlineData(-50, "EUR", "-0.50")]
    [InlineData(1000, "JPY", "1000")]
    public void Format_MinorUnits_IsHiPayDecimalString(long minor, string currency, string expected)
    {
        Assert.Equal(expected, WalletAmount.Format(minor, currency));
    }

    [Fact]
    public void AddHiPayWalletClient_InvalidOptions_NamesEveryKeyButNoSecret()
    {
        var options = new HiPayWalletClientOptions
        {
            BaseUrl = new Uri("/relative", UriKind.Relative),
            WsLogin = "",
            WsPassword = "",
            Entity = " ",
            Locale = "french",
            TimeZone = "Mars/Olympus",
            Timeout = TimeSpan.Zero,
            MaxRetries = 42,
        };

        var ex = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddHiPayWalletClient(options));

        foreach (var key in new[] { "BaseUrl", "WsLogin", "WsPassword", "Entity", "Locale", "TimeZone", "Timeout", "MaxRetries" })
        {
            Assert.Contains(ex.Failures, f => f.Contains("HiPayWallet:" + key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AddHiPayWalletClient_ConfiguredInCode_ValidatesWhenOptionsAreRead()
    {
        var services = new ServiceCollection();
        services.AddHiPayWalletClient(o => o.WsLogin = "only-login");
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HiPayWalletClientOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("HiPayWallet:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("HiPayWallet:WsPassword", StringComparison.Ordinal));
    }
}
