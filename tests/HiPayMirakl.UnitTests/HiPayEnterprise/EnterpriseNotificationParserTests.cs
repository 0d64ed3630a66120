using System.Text;
using HiPayMirakl.HiPayEnterprise;

namespace HiPayMirakl.UnitTests.HiPayEnterprise;

public sealed class EnterpriseNotificationParserTests
{
    // PHP http_build_query shape: brackets percent-encoded, spaces as '+'.
    private const string FormBody =
        "state=completed&test=true&mid=00001342917&attempt_id=1&authorization_code=&transaction_reference=800417743755"
        + "&date_created=2026-03-05T12%3A06%3A55%2B0000&date_updated=2026-03-05T12%3A07%3A06%2B0000&date_authorized="
        + "&status=142&message=Authorization+Requested&authorized_amount=15.00&captured_amount=0.00&refunded_amount=0.00"
        + "&decimals=2&currency=EUR&eci=7&payment_product=sdd"
        + "&order%5Bid%5D=TEST-NOTIF-001&order%5Bamount%5D=15.00&order%5Bcurrency%5D=EUR"
        + "&debit_agreement%5Bid%5D=599&debit_agreement%5Bstatus%5D=available"
        + "&custom_data%5Bvendor%5D=shop+42&operation%5Bid%5D=op-1&operation%5Btype%5D=refund";

    [Fact]
    public void Parse_FormWithBracketKeys_TypedNotification()
    {
        var notification = EnterpriseNotificationParser.Parse(Encoding.UTF8.GetBytes(FormBody));

        Assert.Equal("800417743755", notification.TransactionReference);
        Assert.Equal("TEST-NOTIF-001", notification.OrderId);
        Assert.Equal(142, notification.Status);
        Assert.Equal("completed", notification.State);
        Assert.Equal(1500L, notification.Amount);
        Assert.Equal("599", notification.DebitAgreementId);
        Assert.Equal("available", notification.DebitAgreementStatus);
        Assert.Equal(1, notification.AttemptId);
        Assert.Equal("Authorization Requested", notification.Transaction.Message);
        Assert.Equal("shop 42", notification.CustomData["vendor"]);
        Assert.Equal("op-1", notification.OperationId);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 12, 7, 6, TimeSpan.Zero), notification.Date);
    }

    [Fact]
    public void Parse_XmlNotification_SameFieldsAsForm()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <notification>
            <state>declined</state>
            <reason><code>4000003</code><message>Insufficient Funds</message></reason>
            <test>true</test>
            <attempt_id>1</attempt_id>
            <transaction_reference>730844386388</transaction_reference>
            <status>113</status>
            <message>Refused</message>
            <authorized_amount>12.51</authorized_amount>
            <currency>EUR</currency>
            <order><id>ORD-9</id><amount>12.51</amount></order>
            <debit_agreement><id>599</id><status>available</status></debit_agreement>
            </notification>
            """;

        var notification = EnterpriseNotificationParser.Parse(Encoding.UTF8.GetBytes(xml));

        Assert.Equal(113, notification.Status);
        Assert.Equal("declined", notification.State);
        Assert.Equal("4000003", notification.Transaction.Reason?.Code);
        Assert.Equal(1251L, notification.Amount);
        Assert.Equal("ORD-9", notification.OrderId);
        Assert.Equal("599", notification.DebitAgreementId);
    }

    [Fact]
    public void Parse_SeedGuideNotification_AgreementReadButElidedStatusRefused()
    {
        // HiPay's guide elides most fields ("· · ·"), including status: we refuse it rather than guess a status.
        const string seed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <notification>
            <state>completed</state>
            <reason/>
            <test>true</test>
            <mid>00001328877</mid>
            <attempt_id>1</attempt_id>
            <authorization_code/>
            <transaction_reference>730844386388</transaction_reference>
            . . .
            <debit_agreement>
            <id>599</id>
            <status>available</status>
            </debit_agreement>
            </notification>
            """;
        var bytes = Encoding.UTF8.GetBytes(seed);

        var root = WireNode.FromXml(bytes);

        Assert.Equal("599", root.Obj("debit_agreement")?.Str("id"));
        Assert.Equal("730844386388", root.Str("transaction_reference"));
        Assert.False(EnterpriseNotificationParser.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_MalformedXml_False()
    {
        Assert.False(EnterpriseNotificationParser.TryParse(Encoding.UTF8.GetBytes("<notification><status>1"), out _));
    }
}
