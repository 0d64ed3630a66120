using System.Text;
using HiPayMirakl.HiPayEnterprise;

namespace HiPayMirakl.UnitTests.HiPayEnterprise;

public sealed class WireParsingTests
{
    // Real capture of POST /rest/v1/order, card payment, numbers as strings, "" for empty objects.
    private const string OrderJson = """
        {"state":"completed","reason":"","forwardUrl":"","test":"true","mid":"00001331069","attemptId":"1",
         "authorizationCode":"no_code","transactionReference":"800272278410","referenceToPay":"",
         "dateCreated":"2023-12-12T14:49:45+0000","dateUpdated":"2023-12-12T14:49:50+0000","dateAuthorized":"2023-12-12T14:49:49+0000",
         "status":"118","message":"Captured","authorizedAmount":"500.00","capturedAmount":"500.00","refundedAmount":"0.00",
         "creditedAmount":"0.00","decimals":"2","currency":"EUR","ipAddress":"0.0.0.0","ipCountry":"","deviceId":"",
         "cdata1":"","cdata10":"","avsResult":"","eci":"7","paymentProduct":"visa",
         "paymentMethod":{"token":"t","cardId":"c","brand":"VISA","pan":"411111******1111","cardHolder":"JOHN SMITH","cardExpiryMonth":"12","cardExpiryYear":"2025","issuer":"i","country":"US"},
         "threeDSecure":{"eci":"","authenticationStatus":"Y","authenticationMessage":"Authentication Successful","authenticationToken":"","xid":""},
         "fraudScreening":{"scoring":"0","result":"ACCEPTED","review":""},
         "order":{"id":"Sp_ORDER_100432071","dateCreated":"2023-12-12T14:49:45+0000","attempts":"1","amount":"500.00","shipping":"0.00","tax":"0.00","decimals":"2","currency":"EUR","customerId":"","language":"en_US","email":""},
         "debitAgreement":{"id":"","status":""}}
        """;

    // HiPay's SDD guide (seeds/hipay-enterprise-sdd-recurring.txt), verbatim including its ". . ." elisions.
    private const string SeedFirstPaymentXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <response>
        <state>completed</state>
        <forward_url/>
        <test>false</test>
        <mid>00001328877</mid>
        <attempt_id>1</attempt_id>
        <authorization_code/>
        <transaction_reference>132256656670</transaction_reference>
        <status>142</status>
        <message>Authorization Requested</message>
        . . .
        <debit_agreement>
        <id>18505</id>
        <status>available</status>
        </debit_agreement>
        </response>
        """;

    private const string SeedRecurringXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <response>
        <state>pending</state>
        <reason/>
        <forward_url/>
        <test>false</test>
        <mid>00035167042</mid>
        <attempt_id>1</attempt_id>
        <authorization_code/>
        <transaction_reference>937783482019</transaction_reference>
        <reference_to_pay/>
        <date_created>2016-10-05T16:40:21+0000</date_created>
        <date_updated>2016-10-05T16:40:29+0000</date_updated>
        <date_authorized/>
        <status>142</status>
        <message>Authorization Requested</message>
        . . .
        <debit_agreement>
        <id>574</id>
        <status>available</status>
        </debit_agreement>
        </response>
        """;

    private const string SeedHostedXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <response>
        <forward_url>https://stage-secure-gateway.hipay-tpp.com/payment/web/pay/12...55</forward_url>
        <test>true</test>
        <mid>00001328877</mid>
        . . .
        <order>
        <id>5630ccbe32951</id>
        <date_created>2016-10-28T13:30:47+0000</date_created>
        <attempts>0</attempts>
        <amount>113.25</amount>
        <shipping>4.50</shipping>
        <tax>0.50</tax>
        <decimals>2</decimals>
        <currency>EUR</currency>
        <customer_id>test</customer_id>
        <language>fr_FR</language>
        <email>[email protected]</email>
        </order>
        </response>
        """;

    private const string SeedNotificationXml = """
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

    private const string SeedDebitAgreementXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <response>
        <code>0</code>
        <message><![CDATA[success]]></message>
        <description><![CDATA[Debit agreement has been successfully created.]]></description>
        <debit_agreement>
        <id>992</id>
        <provider_reference><![CDATA[xbclql8lff2c81raderivxnqjwwhizrcbu4regh6]]></provider_reference>
        <status><![CDATA[available]]></status>
        <creation_date><![CDATA[2016-02-19T10:19:19+0100]]></creation_date>
        <properties>
        <iban><![CDATA[DE23100000001234567890]]></iban>
        <issuer_bank_id><![CDATA[MARKDEF1100]]></issuer_bank_id>
        <bank_name><![CDATA[World bank]]></bank_name>
        <gender><![CDATA[F]]></gender>
        <firstname><![CDATA[firstname]]></firstname>
        <lastname><![CDATA[lastname]]></lastname>
        <authentication_indicator><![CDATA[0]]></authentication_indicator>
        <unique_id><![CDATA[000164937158989160]]></unique_id>
        <agreement_reference><![CDATA[4465545]]></agreement_reference>
        </properties>
        </debit_agreement>
        </response>
        """;

    private static WireNode Body(string text) => EnterpriseWireReader.ParseBody(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void ReadTransaction_RealJsonCapture_TypedFields()
    {
        var transaction = EnterpriseWireReader.ReadTransaction(Body(OrderJson));

        Assert.Equal("800272278410", transaction.TransactionReference);
        Assert.Equal(118, transaction.Status);
        Assert.Equal("completed", transaction.State);
        Assert.Equal(50000L, transaction.CapturedAmount);
        Assert.Equal(0L, transaction.RefundedAmount);
        Assert.Equal("Sp_ORDER_100432071", transaction.OrderId);
        Assert.Equal(7, transaction.Eci);
        Assert.True(transaction.Test);
        Assert.Null(transaction.Reason);
        Assert.Null(transaction.ForwardUrl);
        Assert.Null(transaction.DebitAgreement);
        Assert.Equal(new DateTimeOffset(2023, 12, 12, 14, 49, 49, TimeSpan.Zero), transaction.DateAuthorized);
    }

    [Fact]
    public void ReadTransaction_SeedFirstPaymentXml_DebitAgreementAvailable()
    {
        var result = OrderResult.FromTransaction("o-1", EnterpriseWireReader.ReadTransaction(Body(SeedFirstPaymentXml)));

        Assert.Equal(OrderOutcome.Accepted, result.Outcome);
        Assert.Equal(142, result.Status);
        Assert.Equal("132256656670", result.TransactionReference);
        Assert.Equal("18505", result.DebitAgreementId);
        Assert.Equal("available", result.DebitAgreementStatus);
    }

    [Fact]
    public void ReadTransaction_SeedRecurringXml_PendingWithEmptyDateAuthorized()
    {
        var transaction = EnterpriseWireReader.ReadTransaction(Body(SeedRecurringXml));

        Assert.Equal("pending", transaction.State);
        Assert.Equal(142, transaction.Status);
        Assert.Equal("574", transaction.DebitAgreement?.Id);
        Assert.Null(transaction.DateAuthorized);
        Assert.Null(transaction.Reason);
        Assert.Equal(new DateTimeOffset(2016, 10, 5, 16, 40, 21, TimeSpan.Zero), transaction.DateCreated);
    }

    [Fact]
    public void ReadHostedPayment_SeedXmlAndReferenceJson_ForwardUrlNoAgreement()
    {
        const string json = """
            {"forwardUrl":"https://stage-secure-gateway.hipay-tpp.com/payment/web/pay/9eb3c963-907a-42af-8bc3-0b30b6149779",
             "test":true,"mid":"00001326593","numberRetry":3,
             "order":{"id":"200000173","dateCreated":"2016-01-12T15:20:43+0000","attempts":"0","amount":"165.00","shipping":"5.00",
                      "tax":"0.00","decimals":"2","currency":"EUR","customerId":"142","language":"fr_FR","email":"example@test.com"}}
            """;

        var fromXml = EnterpriseWireReader.ReadHostedPayment(Body(SeedHostedXml));
        var fromJson = EnterpriseWireReader.ReadHostedPayment(Body(json));

        Assert.Equal("5630ccbe32951", fromXml.OrderId);
        Assert.EndsWith("/payment/web/pay/12...55", fromXml.ForwardUrl.AbsoluteUri, StringComparison.Ordinal);
        Assert.True(fromXml.Test);
        Assert.Equal("200000173", fromJson.OrderId);
        Assert.Equal("00001326593", fromJson.Mid);
        Assert.True(fromJson.Test);
    }

    [Fact]
    public void ReadDebitAgreement_SeedXml_IdsAndMaskedIban()
    {
        var agreement = EnterpriseWireReader.ReadDebitAgreement(Body(SeedDebitAgreementXml));

        Assert.Equal("992", agreement.Id);
        Assert.Equal("available", agreement.Status);
        Assert.Equal("xbclql8lff2c81raderivxnqjwwhizrcbu4regh6", agreement.ProviderReference);
        Assert.Equal("000164937158989160", agreement.UniqueId);
        Assert.Equal("4465545", agreement.AgreementReference);
        Assert.Equal("DE23**************7890", agreement.MaskedIban);
        Assert.Equal(new DateTimeOffset(2016, 2, 19, 10, 19, 19, TimeSpan.FromHours(1)), agreement.CreationDate);
    }

    [Fact]
    public void ReadDebitAgreement_InferredJsonSnakeOrCamel_SameResult()
    {
        const string snake = """{"code":0,"message":"success","debit_agreement":{"id":992,"status":"available","provider_reference":"p"}}""";
        const string camel = """{"code":"0","message":"success","debitAgreement":{"id":"992","status":"available","providerReference":"p"}}""";

        Assert.Equal(EnterpriseWireReader.ReadDebitAgreement(Body(snake)), EnterpriseWireReader.ReadDebitAgreement(Body(camel)));
    }

    [Fact]
    public void ReadTransactionList_IndexMapSingleAndNull_AllShapes()
    {
        const string several = """{"transaction":{"0":{"transactionReference":"800000000001","status":"113","state":"declined","reason":{"code":"4000003","message":"Insufficient Funds"}},"1":{"transactionReference":"800000000002","status":"142","state":"pending"}}}""";
        const string one = """{"transaction":{"transactionReference":"800000000003","status":"118","state":"completed"}}""";
        const string none = """{"transaction":null}""";
        const string empty = """{"transaction":""}""";
        const string xmlSeveral = "<response><transaction><transaction_reference>1</transaction_reference><status>142</status></transaction><transaction><transaction_reference>2</transaction_reference><status>118</status></transaction></response>";

        var list = EnterpriseWireReader.ReadTransactionList(Body(several));

        Assert.Equal(["800000000001", "800000000002"], list.Select(t => t.TransactionReference));
        Assert.Equal("4000003", list[0].Reason?.Code);
        Assert.Single(EnterpriseWireReader.ReadTransactionList(Body(one)));
        Assert.Empty(EnterpriseWireReader.ReadTransactionList(Body(none)));
        Assert.Empty(EnterpriseWireReader.ReadTransactionList(Body(empty)));
        Assert.Equal([142, 118], EnterpriseWireReader.ReadTransactionList(Body(xmlSeveral)).Select(t => t.Status));
    }

    [Fact]
    public void ReadError_ReferenceShape_CodeMessage()
    {
        var (code, message, description) = EnterpriseWireReader.ReadError(Body("""{"code":1000001,"message":"Incorrect Credentials","description":"Username and/or password is incorrect."}"""));

        Assert.Equal(1000001, code);
        Assert.Equal("Incorrect Credentials", message);
        Assert.NotNull(description);
    }
}
