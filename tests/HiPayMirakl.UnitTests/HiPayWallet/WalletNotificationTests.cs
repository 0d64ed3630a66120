using System.Text;
using HiPayMirakl.HiPayWallet;

namespace HiPayMirakl.UnitTests.HiPayWallet;

public sealed class WalletNotificationTests
{
    private const string CaptureXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <notification>
            <md5content>00000000000000000000000000000000</md5content>
            <result>
                <operation>capture</operation>
                <status>ok</status>
                <date>2019-10-01</date>
                <time>16:39:42 Europe/Paris+0200</time>
                <transid>5d935783d9cd316415</transid>
                <account_id>470153</account_id>
                <amount>113.25</amount>
                <currency>EUR</currency>
                <label>public 2001 – 470153 - 2019-10-01 - 123456</label>
            </result>
        </notification>
        """;

    private const string DocumentXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <notification>
            <md5content>00000000000000000000000000000000</md5content>
            <result>
                <operation>document_validation</operation>
                <status>nok</status>
                <message>Incoherence : error with address</message>
                <date>2015-07-29</date>
                <time>13:41:25 UTC+0000</time>
                <document_type>4</document_type>
                <document_type_label>Company registration</document_type_label>
                <account_id>123456</account_id>
            </result>
        </notification>
        """;

    [Fact]
    public void Parse_ReferenceBankInfoValidation_ReadsEveryField()
    {
        var n = WalletNotification.Parse(WalletNotificationSignatureTests.ReferenceXml);

        Assert.Equal("bank_info_validation", n.Operation);
        Assert.Equal(WalletNotificationStatus.Ok, n.Status);
        Assert.Equal(new DateTimeOffset(2015, 7, 29, 15, 57, 27, TimeSpan.Zero), n.OccurredAt);
        Assert.Equal(123456, n.AccountId);
        Assert.Equal("HiPay2017", n.CallbackSalt);
        Assert.Equal("353ec40c9b926ae67eff6401ec455ddb", n.Md5Content);
        Assert.Null(n.TransId);
        Assert.Null(n.Amount);
        Assert.True(n.Verify("test"));
    }

    [Fact]
    public void Parse_CaptureWithParisOffset_ReadsAmountExactlyAndOffset()
    {
        var n = WalletNotification.Parse(CaptureXml);

        Assert.Equal("capture", n.Operation);
        Assert.Equal("5d935783d9cd316415", n.TransId);
        Assert.Equal(113.25m, n.Amount);
        Assert.Equal(11325, n.AmountMinor);
        Assert.Equal("EUR", n.Currency);
        Assert.Equal("public 2001 – 470153 - 2019-10-01 - 123456", n.Label);
        Assert.Equal(new DateTimeOffset(2019, 10, 1, 16, 39, 42, TimeSpan.FromHours(2)), n.OccurredAt);
        Assert.Equal(new DateTimeOffset(2019, 10, 1, 14, 39, 42, TimeSpan.Zero), n.OccurredAt!.Value.ToUniversalTime());
    }

    [Fact]
    public void Parse_DocumentValidationNok_ReadsMessageAndDocumentType()
    {
        var n = WalletNotification.Parse(DocumentXml);

        Assert.Equal(WalletNotificationStatus.Nok, n.Status);
        Assert.Equal("Incoherence : error with address", n.Message);
        Assert.Equal(4, n.DocumentType);
        Assert.Equal("Company registration", n.DocumentTypeLabel);
    }

    [Fact]
    public void Parse_Utf8BytesWithBom_ReadsTheLabel()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(CaptureXml)).ToArray();

        var n = WalletNotification.Parse(bytes);

        Assert.Equal("public 2001 – 470153 - 2019-10-01 - 123456", n.Label);
    }

    [Fact]
    public void Parse_ResignedCapture_VerifiesWithItsSaltOnly()
    {
        var signed = WalletNotificationSignature.WithSignature(CaptureXml, "vendor-salt");

        var n = WalletNotification.Parse(signed);

        Assert.True(n.Verify("vendor-salt"));
        Assert.False(n.Verify("test"));
    }

    [Fact]
    public void Parse_DocumentTypeDeclaration_IsRefused()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE notification [<!ENTITY x "boom">]>
            <notification><md5content>0</md5content><result><operation>&x;</operation><status>ok</status><account_id>1</account_id></result></notification>
            """;
        Assert.Throws<FormatException>(() => WalletNotification.Parse(xml));
    }

    [Fact]
    public void Parse_ExternalEntity_IsRefused()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE notification [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <notification><md5content>0</md5content><result><operation>&xxe;</operation><status>ok</status><account_id>1</account_id></result></notification>
            """;
        Assert.Throws<FormatException>(() => WalletNotification.Parse(xml));
    }

    [Fact]
    public void Parse_OverSizeLimit_IsRefused()
    {
        var xml = CaptureXml.Replace("<label>", "<label>" + new string('x', WalletNotification.MaxBytes), StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => WalletNotification.Parse(xml));
        Assert.Throws<FormatException>(() => WalletNotification.Parse(Encoding.UTF8.GetBytes(xml)));
    }

    [Theory]
    [InlineData("<account_id>470153</account_id>", "")]
    [InlineData("<account_id>470153</account_id>", "<account_id>abc</account_id>")]
    [InlineData("<amount>113.25</amount>", "<amount>1,13</amount>")]
    [InlineData("<operation>capture</operation>", "")]
    public void Parse_MissingOrInvalidField_IsRefused(string from, string to)
    {
        Assert.Throws<FormatException>(() => WalletNotification.Parse(CaptureXml.Replace(from, to, StringComparison.Ordinal)));
    }

    [Fact]
    public void ToString_NotificationWithSalt_DoesNotShowTheSalt()
    {
        var n = WalletNotification.Parse(WalletNotificationSignatureTests.ReferenceXml);
        Assert.DoesNotContain("HiPay2017", n.ToString(), StringComparison.Ordinal);
    }
}
