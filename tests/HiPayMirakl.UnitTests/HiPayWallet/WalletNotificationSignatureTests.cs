using HiPayMirakl.HiPayWallet;

namespace HiPayMirakl.UnitTests.HiPayWallet;

public sealed class WalletNotificationSignatureTests
{
    // Reference §B.5 fixture; its md5content is reproduced with the salt "test" (not the salt in its body).
    internal const string ReferenceXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <notification>
            <md5content>353ec40c9b926ae67eff6401ec455ddb</md5content>
            <result>
                <operation>bank_info_validation</operation>
                <status>ok</status>
                <date>2015-07-29</date>
                <time>15:57:27 UTC+0000</time>
                <account_id>123456</account_id>
                <callback_salt>HiPay2017</callback_salt>
            </result>
        </notification>
        """;

    [Fact]
    public void Verify_ReferenceFixtureWithSaltTest_IsTrue()
    {
        Assert.True(WalletNotificationSignature.Verify(ReferenceXml, "test"));
    }

    [Fact]
    public void Sign_ReferenceFixture_ReproducesItsMd5Content()
    {
        Assert.Equal("353ec40c9b926ae67eff6401ec455ddb", WalletNotificationSignature.Sign(ReferenceXml, "test"));
    }

    [Fact]
    public void Verify_SaltCarriedInTheBody_IsFalse()
    {
        Assert.False(WalletNotificationSignature.Verify(ReferenceXml, "HiPay2017"));
    }

    [Theory]
    [InlineData("<status>ok</status>", "<status>nok</status>")]
    [InlineData("<account_id>123456</account_id>", "<account_id>123457</account_id>")]
    [InlineData("15:57:27", "15:57:28")]
    [InlineData("353ec40c9b926ae67eff6401ec455ddb", "353ec40c9b926ae67eff6401ec455ddc")]
    public void Verify_OneChangedByte_IsFalse(string from, string to)
    {
        var tampered = ReferenceXml.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(ReferenceXml, tampered);
        Assert.False(WalletNotificationSignature.Verify(tampered, "test"));
    }

    [Fact]
    public void Verify_CrLfLineEnds_IsTrue()
    {
        var crlf = ReferenceXml.Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.Contains("\r\n", crlf, StringComparison.Ordinal);
        Assert.True(WalletNotificationSignature.Verify(crlf, "test"));
    }

    [Fact]
    public void Verify_TabsAndExtraSpacesBetweenTags_IsTrue()
    {
        var loose = ReferenceXml
            .Replace("    <status>", "\t\t<status>", StringComparison.Ordinal)
            .Replace("</operation>", "</operation>      ", StringComparison.Ordinal)
            .Replace("<result>", "<result>   \n\n   ", StringComparison.Ordinal);
        Assert.True(WalletNotificationSignature.Verify(loose, "test"));
    }

    [Fact]
    public void Verify_SpaceInsideAValue_IsFalse()
    {
        // Only whitespace between tags is insignificant; text content is signed as sent.
        var changed = ReferenceXml.Replace("<status>ok</status>", "<status> ok</status>", StringComparison.Ordinal);
        Assert.False(WalletNotificationSignature.Verify(changed, "test"));
    }

    [Fact]
    public void Verify_UpperCaseHex_IsTrue()
    {
        var upper = ReferenceXml.Replace("353ec40c9b926ae67eff6401ec455ddb", "353EC40C9B926AE67EFF6401EC455DDB", StringComparison.Ordinal);
        Assert.True(WalletNotificationSignature.Verify(upper, "test"));
    }

    [Theory]
    [InlineData("353ec40c9b926ae67eff6401ec455ddb", "not-hex")]
    [InlineData("353ec40c9b926ae67eff6401ec455ddb", "353ec40c")]
    [InlineData("<md5content>353ec40c9b926ae67eff6401ec455ddb</md5content>", "")]
    public void Verify_MissingOrMalformedChecksum_IsFalse(string from, string to)
    {
        Assert.False(WalletNotificationSignature.Verify(ReferenceXml.Replace(from, to, StringComparison.Ordinal), "test"));
    }

    [Fact]
    public void Normalise_ReferenceResult_IsTheCompactElement()
    {
        var start = ReferenceXml.IndexOf("<result>", StringComparison.Ordinal);
        var end = ReferenceXml.IndexOf("</result>", StringComparison.Ordinal) + "</result>".Length;
        var result = ReferenceXml[start..end];
        Assert.Equal(
            "<result><operation>bank_info_validation</operation><status>ok</status><date>2015-07-29</date><time>15:57:27 UTC+0000</time>"
            + "<account_id>123456</account_id><callback_salt>HiPay2017</callback_salt></result>",
            WalletNotificationSignature.Normalise(result));
    }

    [Fact]
    public void WithSignature_NewSaltAndUtf8Label_VerifiesOnlyWithThatSalt()
    {
        var xml = ReferenceXml.Replace("<account_id>", "<label>public 2001 – 500000 - 2026-01-01</label><account_id>", StringComparison.Ordinal);
        var signed = WalletNotificationSignature.WithSignature(xml, "s3cr3t-salt");

        Assert.True(WalletNotificationSignature.Verify(signed, "s3cr3t-salt"));
        Assert.False(WalletNotificationSignature.Verify(signed, "test"));
        Assert.False(WalletNotificationSignature.Verify(signed.Replace("–", "-", StringComparison.Ordinal), "s3cr3t-salt"));
    }
}
