using System.Net;
using HiPayMirakl.Mirakl;

namespace HiPayMirakl.UnitTests.Mirakl;

public sealed class MiraklRedactionTests
{
    [Fact]
    public void MaskIbans_IbanInJson_FirstFourAndLastFourKept()
    {
        var masked = MiraklRedaction.MaskIbans("""{"iban":"FR7630004012781111111111124","bic":"BNPAFRPP"}""");

        Assert.Equal("""{"iban":"FR76****1124","bic":"BNPAFRPP"}""", masked);
    }

    [Fact]
    public void MaskIbans_GroupedAndLowerCase_Masked()
    {
        var masked = MiraklRedaction.MaskIbans("account de89 3704 0044 0532 0130 00 refused");

        Assert.Equal("account de89****3000 refused", masked);
        Assert.DoesNotContain("0532", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void MaskIbans_OrdinaryText_Unchanged()
    {
        const string text = "Shop 2001 ALL_PROOF_OF_BANK_ACCOUNT missing, status 400";

        Assert.Equal(text, MiraklRedaction.MaskIbans(text));
    }

    [Fact]
    public void Excerpt_SecretAndIban_Removed()
    {
        var excerpt = MiraklRedaction.Excerpt("key operator-secret-123 used for GB82WEST12345698765432", "operator-secret-123");

        Assert.DoesNotContain("operator-secret-123", excerpt, StringComparison.Ordinal);
        Assert.DoesNotContain("12345698765432", excerpt, StringComparison.Ordinal);
        Assert.Contains("GB82****5432", excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void Excerpt_LongBody_Bounded()
    {
        var excerpt = MiraklRedaction.Excerpt(new string('x', 10_000));

        Assert.True(excerpt.Length <= MiraklRedaction.MaxExcerptLength + 1);
    }

    [Fact]
    public void ApiException_Message_CarriesOperationStatusAndRequestId()
    {
        var ex = new MiraklApiException("S20", HttpStatusCode.Unauthorized, "req-1", """{"message":"Unauthorized"}""", "error response");

        Assert.Contains("S20", ex.Message, StringComparison.Ordinal);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("req-1", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }
}
