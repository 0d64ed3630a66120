using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;

namespace HiPayMirakl.UnitTests.VendorOnboarding;

public sealed class VendorMappingTests
{
    [Theory]
    [InlineData("Café Crème Müller 2001", 2001L, "mirakl_CafCrmeMller2001_2001")]
    [InlineData("Atelier O'Brien & Fils", 2002L, "mirakl_AtelierOBrienFils_2002")]
    [InlineData("", 7L, "mirakl__7")]
    [InlineData(null, 8L, "mirakl__8")]
    [InlineData("ÉÀÜ", 9L, "mirakl__9")]
    public void Login_ShopNameAndId_StripsToAsciiAlphanumerics(string? shopName, long shopId, string expected)
    {
        Assert.Equal(expected, VendorMapping.Login(shopName, shopId));
    }

    [Theory]
    [InlineData("Mr", 1)]
    [InlineData("MR", 1)]
    [InlineData("Mrs", 2)]
    [InlineData("Miss", 3)]
    [InlineData(" miss ", 3)]
    [InlineData("Neutral", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Civility_MiraklValue_MapsToHiPayCode(string? civility, int? expected)
    {
        Assert.Equal(expected, VendorMapping.Civility(civility));
    }

    [Theory]
    [InlineData("Adélka", "Adlka")]
    [InlineData("1 rue des Écoles", "1 rue des coles")]
    [InlineData("  München  ", "Mnchen")]
    [InlineData("O'Brien & Co.", "OBrien  Co")]
    [InlineData(null, "")]
    public void Sanitise_Text_KeepsOnlyAsciiAlphanumericsAndSpaces(string? input, string expected)
    {
        Assert.Equal(expected, VendorMapping.Sanitise(input));
    }

    [Fact]
    public void CreateAccountRequest_CompanyShop_MapsEveryField()
    {
        var shop = Shop(isProfessional: true, phone: "+33123456789", street2: "Bâtiment B");

        var request = VendorMapping.CreateAccountRequest(shop, "fr_FR", "Europe/Paris");

        Assert.Equal("elodie.muller+2001@example.com", request.Email);
        Assert.Equal("Élodie", request.Firstname);
        Assert.Equal("Müller", request.Lastname);
        Assert.Equal("EUR", request.Currency);
        Assert.Equal("mirakl_AtelierMller_2001", request.Login);
        Assert.Equal(2, request.Civility);
        Assert.Equal("fr_FR", request.Locale);
        Assert.Equal("Europe/Paris", request.Timezone);
        Assert.Equal("Müller SARL", request.CompanyName);
        Assert.Equal("FR12345678901", request.VatNumber);
        Assert.Equal(1, request.ProType);
        Assert.NotNull(request.Address);
        Assert.Equal("12 rue des Écoles Bâtiment B", request.Address.Address);
        Assert.Equal("FR", request.Address.Country);
        Assert.Equal("+33123456789", request.Address.PhoneNumber);
        Assert.Equal("75007", request.Address.ZipCode);
        Assert.Equal("Paris", request.Address.City);
    }

    [Fact]
    public void CreateAccountRequest_IndividualWithoutPhone_OmitsPhoneAndIsAPerson()
    {
        var shop = Shop(isProfessional: false, phone: null, street2: null);

        var request = VendorMapping.CreateAccountRequest(shop, "fr_FR", "Europe/Paris");

        Assert.Null(request.Address!.PhoneNumber);
        Assert.Equal("12 rue des Écoles", request.Address.Address);
        Assert.Null(request.CompanyName);
        Assert.Equal(2, request.ProType);
    }

    [Fact]
    public void BankDetails_PaymentInfo_SanitisedAndCountryFromIban()
    {
        var details = VendorMapping.BankDetails(Shop(isProfessional: true, phone: null, street2: null));

        Assert.NotNull(details);
        Assert.Equal("FR7630004000031234567890143", details.Iban);
        Assert.Equal("FR", details.BankCountry);
        Assert.Equal("BNPAFRPP", details.Swift);
        Assert.Equal("BNP Paribas", details.BankName);
        Assert.Equal("1 rue des coles", details.BankAddress);
        Assert.Equal("Pars", details.BankCity);
    }

    [Fact]
    public void BankDetails_OnlyBillingInfo_FallsBackToIt()
    {
        var shop = new MiraklShop
        {
            ShopId = 3,
            BillingInfo = new MiraklBillingInfo { Iban = "DE89 3704 0044 0532 0130 00", Bic = "COBADEFFXXX", BankName = "Commerzbank", ZipCode = "50667", BankCity = "Köln" },
        };

        var details = VendorMapping.BankDetails(shop);

        Assert.NotNull(details);
        Assert.Equal("DE89370400440532013000", details.Iban);
        Assert.Equal("50667", details.BankZipCode);
        Assert.Equal("Kln", details.BankCity);
    }

    [Fact]
    public void BankDetails_NoIban_IsNull()
    {
        Assert.Null(VendorMapping.BankDetails(new MiraklShop { ShopId = 4 }));
    }

    [Fact]
    public void Fingerprint_SameDetails_IsStableHexAndHidesTheIban()
    {
        var a = new BankDetails("FR7630004000031234567890143", "BNPAFRPP", "BNP", "1 rue", "75007", "Paris");
        var b = a with { };

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal(64, a.Fingerprint.Length);
        Assert.Matches("^[0-9a-f]{64}$", a.Fingerprint);
        Assert.DoesNotContain("30004", a.Fingerprint, StringComparison.Ordinal);
        Assert.NotEqual(a.Fingerprint, (a with { Iban = "FR7630004000031234567890144" }).Fingerprint);
        Assert.NotEqual(a.Fingerprint, (a with { BankCity = "Lyon" }).Fingerprint);
    }

    [Fact]
    public void ToString_BankDetails_MasksTheIban()
    {
        var details = new BankDetails("FR7630004000031234567890143", "BNPAFRPP", "BNP", "1 rue", "75007", "Paris");

        var text = details.ToString();

        Assert.DoesNotContain("FR7630004000031234567890143", text, StringComparison.Ordinal);
        Assert.Contains("FR76", text, StringComparison.Ordinal);
        Assert.Contains("0143", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchesHiPay_SameIbanAndFields_True()
    {
        var details = new BankDetails("FR7630004000031234567890143", "BNPAFRPP", "BNP Paribas", "1 rue", "75007", "Paris");

        Assert.True(details.MatchesHiPay(Info(2, "FR76 3000 4000 0312 3456 7890 143", "BNPAFRPP", "BNP Paribas", "Paris")));
        Assert.True(details.MatchesHiPay(Info(3, "FR7630004000031234567890143", null, null, null)));
    }

    [Fact]
    public void MatchesHiPay_BlankOtherIbanOrOtherField_False()
    {
        var details = new BankDetails("FR7630004000031234567890143", "BNPAFRPP", "BNP Paribas", "1 rue", "75007", "Paris");

        Assert.False(details.MatchesHiPay(Info(1, null, null, null, null)));
        Assert.False(details.MatchesHiPay(Info(2, "FR7630004000031234567890144", "BNPAFRPP", "BNP Paribas", "Paris")));
        Assert.False(details.MatchesHiPay(Info(3, "FR7630004000031234567890143", "BNPAFRPP", "BNP Paribas", "Lyon")));
    }

    private static HiPayBankInfo Info(int status, string? iban, string? swift, string? name, string? city) =>
        new(status, null, "FR", name, null, null, city, iban, swift, null, null, null, null, null);

    private static MiraklShop Shop(bool isProfessional, string? phone, string? street2) => new()
    {
        ShopId = 2001,
        ShopName = "Atelier Müller",
        IsProfessional = isProfessional,
        CurrencyIsoCode = "EUR",
        ContactInformations = new MiraklContactInformations
        {
            Civility = "Mrs",
            Firstname = "Élodie",
            Lastname = "Müller",
            Email = "elodie.muller+2001@example.com",
            Phone = phone,
            Street1 = "12 rue des Écoles",
            Street2 = street2,
            ZipCode = "75007",
            City = "Paris",
            Country = "FRA",
        },
        ProDetails = isProfessional ? new MiraklProDetails { CorporateName = "Müller SARL", VatNumber = "FR12345678901" } : new MiraklProDetails(),
        PaymentInfo = new MiraklPaymentInfo
        {
            Type = "IBAN",
            Iban = "FR76 3000 4000 0312 3456 7890 143",
            Bic = "BNPAFRPP",
            BankName = "BNP Paribas",
            BankStreet = "1 rue des Écoles",
            BankZip = "75007",
            BankCity = "Parîs",
        },
    };
}
