using HiPayMirakl.HiPayEnterprise;

namespace HiPayMirakl.UnitTests.HiPayEnterprise;

public sealed class SepaRulesTests
{
    [Theory]
    [InlineData("DE23100000001234567890")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("DE89370400440532013000")]
    [InlineData("de89 3704 0044 0532 0130 00")]
    public void CheckIban_ReferenceExamples_Valid(string iban)
    {
        Assert.Null(SepaRules.CheckIban(iban));
    }

    [Theory]
    [InlineData("DE88370400440532013000", "mod 97")]
    [InlineData("DE8937040044053201300", "22 characters")]
    [InlineData("US89370400440532013000", "not a SEPA country")]
    [InlineData("DE89-370400440532013000", "invalid characters")]
    [InlineData("", "missing")]
    public void CheckIban_Invalid_ReasonWithoutTheIban(string iban, string reasonPart)
    {
        var reason = SepaRules.CheckIban(iban);

        Assert.NotNull(reason);
        Assert.Contains(reasonPart, reason, StringComparison.Ordinal);
        Assert.DoesNotContain("370400440532", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MARKDEF1100", true)]
    [InlineData("COBADEFF", true)]
    [InlineData("COBADEF", false)]
    [InlineData("cobadeff", false)]
    [InlineData("COBADE1F", false)]
    public void IsValidBic_Iso9362(string bic, bool expected)
    {
        Assert.Equal(expected, SepaRules.IsValidBic(bic));
    }

    [Theory]
    [InlineData("Jean-Pierre O'Neil (SARL) 12/3 +?:.,", true)]
    [InlineData("Zoë", false)]
    [InlineData("a&b", false)]
    [InlineData("line\nbreak", false)]
    public void IsSepaText_CharacterSet(string text, bool expected)
    {
        Assert.Equal(expected, SepaRules.IsSepaText(text));
    }

    [Fact]
    public void Transliterate_AccentedName_SepaText()
    {
        var result = SepaRules.Transliterate("Zoë Müller-Straße & Françoise");

        Assert.Equal("Zoe Mueller-Strasse   Francoise", result);
        Assert.True(SepaRules.IsSepaText(result));
    }

    [Fact]
    public void CheckOrderId_LengthAndCharacters()
    {
        Assert.Null(SepaRules.CheckOrderId(new string('A', 32)));
        Assert.NotNull(SepaRules.CheckOrderId(new string('A', 33)));
        Assert.NotNull(SepaRules.CheckOrderId("ORDER 1"));
        Assert.NotNull(SepaRules.CheckOrderId("ORDER_1"));
        Assert.NotNull(SepaRules.CheckOrderId(""));
        Assert.Null(SepaRules.CheckOrderId("DUP-2026/01:A.1"));
    }

    [Fact]
    public void CheckMandateReference_LengthSlashesAndCharacters()
    {
        Assert.Null(SepaRules.CheckMandateReference(new string('M', 35)));
        Assert.Null(SepaRules.CheckMandateReference("4465545"));
        Assert.NotNull(SepaRules.CheckMandateReference(new string('M', 36)));
        Assert.NotNull(SepaRules.CheckMandateReference("/ABC"));
        Assert.NotNull(SepaRules.CheckMandateReference("ABC/"));
        Assert.NotNull(SepaRules.CheckMandateReference("AB//C"));
        Assert.NotNull(SepaRules.CheckMandateReference("AB_C"));
    }
}
