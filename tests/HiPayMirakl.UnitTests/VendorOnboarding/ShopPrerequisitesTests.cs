using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.Core.Features.WalletNotifications;
using HiPayMirakl.Mirakl;

namespace HiPayMirakl.UnitTests.VendorOnboarding;

public sealed class ShopPrerequisitesTests
{
    private static readonly ShopPrerequisites Rules = new(new AccountsOptions { OperatorEmail = "operator@example.com", TechnicalEmail = "tech@example.com" });

    [Theory]
    [InlineData("3.210", null)]
    [InlineData("3", null)]
    [InlineData("4.01", null)]
    [InlineData("2.99", "Mirakl API version 2.99 is older than 3: HiPay requires 3 or later")]
    [InlineData("v3", "Mirakl API version 'v3' cannot be read: HiPay requires 3 or later")]
    [InlineData(null, "Mirakl did not say its API version (GET /api/version): HiPay requires 3 or later")]
    public void VersionProblem_Version_NullOnlyFrom3(string? version, string? expected)
    {
        Assert.Equal(expected, ShopPrerequisites.VersionProblem(version));
    }

    [Theory]
    [InlineData("Schönhauser Straße 1", "'ö', 'ß'")]
    [InlineData("Credit Agricole 12", "")]
    [InlineData("Saint-Denis, Île", "'-', ',', 'Î'")]
    public void RefusedCharacters_Value_ListsEachOnce(string value, string expected)
    {
        Assert.Equal(expected, ShopPrerequisites.RefusedCharacters(value));
    }

    [Fact]
    public void Check_TechnicalAccountEmailInOtherCase_Refused()
    {
        var result = Assert.Single(Rules.Check([Shop(1, "TECH@example.com")]));

        Assert.Equal([ShopProblemKind.EmailIsTechnicalAccount], result.Problems.Select(p => p.Kind));
    }

    [Fact]
    public void Check_BillingInfoOnlyWithoutOwner_NamesTheBillingField()
    {
        var shop = new MiraklShop
        {
            ShopId = 2,
            ContactInformations = new MiraklContactInformations { Email = "a@example.com", Phone = "0102030405" },
            BillingInfo = new MiraklBillingInfo { Iban = "FR7630006000011234567890189", Bic = "AGRIFRPP", BankName = "Bank", BankStreet = "1 rue", ZipCode = "75001", BankCity = "Paris" },
        };

        var problem = Assert.Single(Assert.Single(Rules.Check([shop])).Problems);

        Assert.Equal((ShopProblemKind.BankFieldMissing, "billing_info.owner"), (problem.Kind, problem.Field));
    }

    [Fact]
    public void Check_NoBankDetailsAtAll_EveryBankFieldMissing()
    {
        var shop = new MiraklShop { ShopId = 3, ContactInformations = new MiraklContactInformations { Email = "b@example.com", Phone = "0102030405" } };

        var problems = Assert.Single(Rules.Check([shop])).Problems;

        Assert.Equal(7, problems.Count);
        Assert.All(problems, p => Assert.Equal(ShopProblemKind.BankFieldMissing, p.Kind));
    }

    [Theory]
    [InlineData("/index.php", true)]
    [InlineData("/", true)]
    [InlineData("/hipay/notify", true)]
    [InlineData("index.php", false)]
    [InlineData("/api/legs", false)]
    [InlineData("/notifications/other", false)]
    [InlineData("/{anything}", false)]
    [InlineData("/a/../api", false)]
    public void WalletNotificationsExtraPath_Validate_NamesTheKeyWhenRefused(string path, bool valid)
    {
        var errors = new WalletNotificationsOptions { ExtraPath = path }.Validate().ToList();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.StartsWith("WalletNotifications:ExtraPath: ", e, StringComparison.Ordinal));
    }

    [Fact]
    public void WebKnownProxies_Validate_NamesTheBadEntry()
    {
        var options = new WebOptions { KnownProxies = ["127.0.0.1", "10.0.0.0/24", "::1", "proxy.local", "10.0.0.0/99"] };

        var errors = options.Validate().ToList();

        Assert.Equal(
            ["Web:KnownProxies:3: 'proxy.local' is not an IP address or a network like 10.0.0.0/24.", "Web:KnownProxies:4: '10.0.0.0/99' is not an IP address or a network like 10.0.0.0/24."],
            errors);
        Assert.Equal(3, options.ProxyNetworks().Count);
    }

    private static MiraklShop Shop(long id, string email) => new()
    {
        ShopId = id,
        ContactInformations = new MiraklContactInformations { Email = email, Phone = "0102030405" },
        PaymentInfo = new MiraklPaymentInfo
        {
            Type = "IBAN", Owner = "Jean", BankName = "Bank", BankStreet = "1 rue", BankZip = "75001", BankCity = "Paris",
            Iban = "FR7630006000011234567890189", Bic = "AGRIFRPP",
        },
    };
}
