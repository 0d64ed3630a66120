using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.Mirakl;

namespace HiPayMirakl.UnitTests.VendorOnboarding;

public sealed class CountryAndDocumentTypeTests
{
    [Theory]
    [InlineData("FRA", "FR")]
    [InlineData("DEU", "DE")]
    [InlineData("GBR", "GB")]
    [InlineData("ESP", "ES")]
    [InlineData("ITA", "IT")]
    [InlineData("BEL", "BE")]
    [InlineData("NLD", "NL")]
    [InlineData("PRT", "PT")]
    [InlineData("AUT", "AT")]
    [InlineData("LUX", "LU")]
    [InlineData("IRL", "IE")]
    [InlineData("CHE", "CH")]
    [InlineData("USA", "US")]
    [InlineData("SRB", "RS")]
    [InlineData("fra", "FR")]
    [InlineData(" bel ", "BE")]
    public void ToAlpha2_KnownAlpha3_ReturnsAlpha2(string alpha3, string expected)
    {
        Assert.Equal(expected, CountryCodes.ToAlpha2(alpha3));
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("FR")]
    [InlineData("")]
    [InlineData(null)]
    public void ToAlpha2_UnknownOrBlank_IsNull(string? alpha3)
    {
        Assert.Null(CountryCodes.ToAlpha2(alpha3));
    }

    [Fact]
    public void CountryCodes_Table_HoldsEveryAssignedCode()
    {
        Assert.Equal(249, CountryCodes.Count);
    }

    [Theory]
    [InlineData(KycDocumentTypes.LegalIdentity, 3, KycDocumentTypes.LegalIdentityRear, true)]
    [InlineData(KycDocumentTypes.LegalRegistration, 4, null, false)]
    [InlineData(KycDocumentTypes.LegalArticles, 5, null, false)]
    [InlineData(KycDocumentTypes.SoleTraderIdentity, 7, KycDocumentTypes.SoleTraderIdentityRear, true)]
    [InlineData(KycDocumentTypes.SoleTraderRegistration, 8, null, false)]
    [InlineData(KycDocumentTypes.SoleTraderTaxStatus, 9, null, false)]
    public void ForMiraklCode_UploadableType_MapsToHiPayTypeWithRear(string code, int hiPayType, string? rear, bool validity)
    {
        var type = KycDocumentTypes.ForMiraklCode(code);

        Assert.NotNull(type);
        Assert.Equal(hiPayType, type.HiPayType);
        Assert.Equal(rear, type.RearCode);
        Assert.Equal(validity, type.NeedsValidityDate);
    }

    [Theory]
    [InlineData(KycDocumentTypes.BankProof)]
    [InlineData(KycDocumentTypes.LegalIdentityRear)]
    [InlineData(KycDocumentTypes.SoleTraderIdentityRear)]
    [InlineData("SOMETHING_ELSE")]
    [InlineData(null)]
    public void ForMiraklCode_BankProofRearOrUnknown_IsNotSentAsKyc(string? code)
    {
        Assert.Null(KycDocumentTypes.ForMiraklCode(code));
    }

    [Theory]
    [InlineData("id.pdf", true)]
    [InlineData("ID.PDF", true)]
    [InlineData("scan.jpeg", true)]
    [InlineData("scan.JPG", true)]
    [InlineData("scan.png", true)]
    [InlineData("scan.gif", true)]
    [InlineData("statuts.docx", false)]
    [InlineData("list.csv", false)]
    [InlineData("noextension", false)]
    [InlineData(null, false)]
    public void HasAllowedExtension_FileName_OnlyImagesAndPdf(string? fileName, bool expected)
    {
        Assert.Equal(expected, KycDocumentTypes.HasAllowedExtension(fileName));
    }

    [Theory]
    [InlineData("pièce d'identité.pdf", 5001L, "picedidentit.pdf")]
    [InlineData("../../etc/passwd.png", 5002L, "passwd.png")]
    [InlineData("ééé.jpg", 5003L, "document-5003.jpg")]
    public void SafeFileName_AnyName_IsAsciiAndKeepsTheExtension(string name, long id, string expected)
    {
        Assert.Equal(expected, KycDocumentTypes.SafeFileName(name, id));
    }

    [Fact]
    public void Evaluate_AllTypesAndBooleanField_NoProblem()
    {
        var codes = KycDocumentTypes.LegalFamily.Concat(KycDocumentTypes.SoleTraderFamily).Append(KycDocumentTypes.BankProof);

        Assert.Empty(MiraklPreflight.Evaluate(codes, [Field("BOOLEAN")]));
    }

    [Fact]
    public void Evaluate_OnlyCorporationFamily_NoProblem()
    {
        var codes = KycDocumentTypes.LegalFamily.Append(KycDocumentTypes.BankProof);

        Assert.Empty(MiraklPreflight.Evaluate(codes, [Field("BOOLEAN")]));
    }

    [Fact]
    public void Evaluate_PartialFamilyMissingBankProofAndField_NamesEachProblem()
    {
        var codes = new[] { KycDocumentTypes.LegalIdentity, KycDocumentTypes.LegalRegistration };

        var problems = MiraklPreflight.Evaluate(codes, []).ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains(KycDocumentTypes.BankProof, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(KycDocumentTypes.LegalArticles, StringComparison.Ordinal) && p.Contains(KycDocumentTypes.LegalIdentityRear, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("hipay-process", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_NoKycTypesAndFieldOfWrongType_Fails()
    {
        var problems = MiraklPreflight.Evaluate([KycDocumentTypes.BankProof], [Field("STRING")]).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("neither", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("STRING", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("24h", -24 * 60)]
    [InlineData("90m", -90)]
    [InlineData("7d", -7 * 24 * 60)]
    public void SinceParse_Duration_IsBackFromNow(string text, int minutes)
    {
        var now = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddMinutes(minutes), SinceArgument.Parse(text, now));
    }

    [Theory]
    [InlineData("2026-01-31", "2026-01-31T00:00:00+00:00")]
    [InlineData("2026-01-31T08:00:00Z", "2026-01-31T08:00:00+00:00")]
    [InlineData("2026-01-31T08:00:00+02:00", "2026-01-31T06:00:00+00:00")]
    public void SinceParse_Date_IsUtc(string text, string expected)
    {
        var parsed = SinceArgument.Parse(text, DateTimeOffset.UnixEpoch);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("24x")]
    [InlineData("0h")]
    [InlineData("")]
    public void SinceParse_Garbage_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => SinceArgument.Parse(text, DateTimeOffset.UnixEpoch));
    }

    private static MiraklAdditionalField Field(string type) => new() { Code = "hipay-process", Type = type, Entity = "SHOP" };
}
