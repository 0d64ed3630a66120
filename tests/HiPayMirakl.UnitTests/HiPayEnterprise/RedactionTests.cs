using System.Net;
using HiPayMirakl.HiPayEnterprise;

namespace HiPayMirakl.UnitTests.HiPayEnterprise;

public sealed class RedactionTests
{
    [Fact]
    public void MaskIban_KeepsFirstFourAndLastFour()
    {
        Assert.Equal("DE89**************3000", Redaction.MaskIban("DE89 3704 0044 0532 0130 00"));
    }

    [Fact]
    public void RedactBody_JsonFormAndXml_NoIbanNoSecret()
    {
        const string json = """{"iban":"DE89370400440532013000","password":"hunter2","lastname":"Doe"}""";
        const string form = "iban=FR1420041010050500013M02606&passphrase=s3cr3t&lastname=Doe";
        const string xml = "<properties><iban><![CDATA[DE23100000001234567890]]></iban><password>pw</password></properties>";

        var redacted = Redaction.RedactBody(json) + Redaction.RedactBody(form) + Redaction.RedactBody(xml);

        Assert.DoesNotContain("370400440532", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("2004101005050001", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("100000001234", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", redacted, StringComparison.Ordinal);
        Assert.Contains("DE89**************3000", redacted, StringComparison.Ordinal);
        Assert.Contains("Doe", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiException_BodyAndMessage_Redacted()
    {
        var ex = new HiPayEnterpriseApiException(
            HttpStatusCode.BadRequest,
            1010201,
            "Invalid Parameter iban DE88370400440532013000",
            "req-1",
            """{"code":1010201,"message":"Invalid Parameter","iban":"DE88370400440532013000","password":"x1"}""");

        Assert.DoesNotContain("370400440532", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("370400440532", ex.RedactedBody, StringComparison.Ordinal);
        Assert.DoesNotContain("x1", ex.RedactedBody, StringComparison.Ordinal);
        Assert.Equal(1010201, ex.GatewayCode);
        Assert.False(ex.IsRetryable);
        Assert.Contains("1010201", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstDebitRequest_ToString_MasksIban()
    {
        var request = new SddFirstDebitRequest("ORD-1", 1250, "EUR", "Subscription", "DE89370400440532013000", "Jane", "Doe");

        Assert.DoesNotContain("370400440532", request.ToString(), StringComparison.Ordinal);
    }
}
