using System.Text;
using HiPayMirakl.HiPayWallet;

namespace HiPayMirakl.UnitTests.HiPayWallet;

/// <summary>The checksummed text and the element acted on must be the same bytes; the form is decoded as PHP does.</summary>
public sealed class WalletNotificationStrictnessTests
{
    private static readonly string SignedResult = Between(WalletNotificationSignatureTests.ReferenceXml, "<result>", "</result>");

    // A forged result whose end tag ("</result >") a search for the literal "</result>" does not see.
    private const string ForgedResult =
        "<result><operation>bank_info_validation</operation><status>nok</status><date>2015-07-29</date>"
        + "<time>15:57:27 UTC+0000</time><account_id>123456</account_id></result >";

    public static TheoryData<string, string> Ambiguous => new()
    {
        { "comment", Envelope($"<!--{SignedResult}-->{ForgedResult}") },
        { "cdata", Envelope($"<extra><![CDATA[{SignedResult}]]></extra>{ForgedResult}") },
        { "processing instruction", Envelope($"<?hide {SignedResult}?>{ForgedResult}") },
        { "two results", Envelope($"{SignedResult}{ForgedResult.Replace("</result >", "</result>", StringComparison.Ordinal)}") },
        { "nested result", Envelope(SignedResult.Replace("<status>", "<result>x</result><status>", StringComparison.Ordinal)) },
        { "doctype", Envelope(SignedResult).Replace("<notification>", "<!DOCTYPE notification>\n<notification>", StringComparison.Ordinal) },
    };

    [Fact]
    public void Verify_ReferenceVector_StillVerifies()
    {
        Assert.True(WalletNotificationSignature.Verify(WalletNotificationSignatureTests.ReferenceXml, "test"));
        Assert.True(WalletNotification.Parse(Envelope(SignedResult)).Verify("test"));
    }

    [Theory]
    [MemberData(nameof(Ambiguous))]
    public void Verify_SignedBlockPlusAnotherResult_IsRefused(string trick, string xml)
    {
        Assert.False(WalletNotificationSignature.Verify(xml, "test"), trick);
        Assert.Throws<FormatException>(() => WalletNotification.Parse(xml));
    }

    [Fact]
    public void Parse_FieldsAreReadFromTheChecksummedText()
    {
        var n = WalletNotification.Parse(Envelope(SignedResult));

        Assert.Equal(SignedResult, n.SignedResult);
        Assert.Equal(("bank_info_validation", "ok", 123456L), (n.Operation, n.RawStatus, n.AccountId));
    }

    [Theory]
    [InlineData("15:57:27 UTC+9900")]
    [InlineData("15:57:27 UTC-1500")]
    [InlineData("15:57:27 UTC+0075")]
    public void Parse_TimeOffsetOutOfRange_LeavesTheMomentOut(string time)
    {
        var xml = WalletNotificationSignatureTests.ReferenceXml.Replace("15:57:27 UTC+0000", time, StringComparison.Ordinal);

        var n = WalletNotification.Parse(xml);

        Assert.Null(n.OccurredAt);
    }

    [Fact]
    public void TryExtractXml_PhpFormWithPlusForSpaces_DecodesAndVerifies()
    {
        var body = "xml=" + PhpUrlEncode(WalletNotificationSignatureTests.ReferenceXml);
        Assert.Contains('+', body);

        Assert.True(WalletNotificationBody.TryExtractXml(Encoding.ASCII.GetBytes(body), out var xml, out _));

        Assert.Equal(WalletNotificationSignatureTests.ReferenceXml, xml);
        Assert.True(WalletNotificationSignature.Verify(xml, "test"));
    }

    [Fact]
    public void TryExtractXml_Percent20AndRawXml_DecodeToTheSameDocument()
    {
        var reference = WalletNotificationSignatureTests.ReferenceXml;

        Assert.True(WalletNotificationBody.TryExtractXml(Encoding.ASCII.GetBytes("xml=" + Uri.EscapeDataString(reference)), out var fromPercent, out _));
        Assert.True(WalletNotificationBody.TryExtractXml(Encoding.UTF8.GetBytes(reference), out var fromRaw, out _));

        Assert.Equal(reference, fromPercent);
        Assert.Equal(reference, fromRaw);
    }

    [Theory]
    [InlineData("other=1")]
    [InlineData("xml[]=%3Cnotification%2F%3E")]
    [InlineData("xml=%3Cnotification%2F%3E&xml[a]=1")]
    [InlineData("xml=a&xml=b")]
    public void TryExtractXml_MissingArrayOrRepeatedField_IsRefused(string body)
    {
        Assert.False(WalletNotificationBody.TryExtractXml(Encoding.ASCII.GetBytes(body), out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-8", true)]
    [InlineData("text/xml", true)]
    [InlineData("application/xml; charset=utf-8", true)]
    [InlineData("application/json", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData("not a media type", false)]
    public void IsSupportedMediaType_FormAndXml_Only(string? contentType, bool expected)
    {
        Assert.Equal(expected, WalletNotificationBody.IsSupportedMediaType(contentType));
    }

    private static string Envelope(string inner) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<notification>\n    <md5content>353ec40c9b926ae67eff6401ec455ddb</md5content>\n    "
        + inner + "\n</notification>\n";

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal) + end.Length;
        return text[from..to];
    }

    /// <summary>PHP's urlencode: letters, digits and "-_." stay, a space is '+', every other UTF-8 byte %XX.</summary>
    private static string PhpUrlEncode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            sb.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' ? ((char)b).ToString()
                : b == (byte)' ' ? "+" : "%" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
