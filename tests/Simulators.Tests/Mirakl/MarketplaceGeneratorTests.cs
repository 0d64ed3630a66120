using System.Numerics;
using System.Text.Json;
using Simulator.Mirakl.Json;
using Simulator.Mirakl.Model;
using Simulator.Mirakl.Seeding;

namespace Simulators.Tests.Mirakl;

public sealed class MarketplaceGeneratorTests
{
    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["FR"] = 27, ["DE"] = 22, ["ES"] = 24, ["IT"] = 27, ["BE"] = 16, ["NL"] = 18, ["PT"] = 25, ["AT"] = 20,
        ["LU"] = 20, ["IE"] = 22, ["GB"] = 22,
    };

    private static readonly Dictionary<string, string> Alpha3To2 = new(StringComparer.Ordinal)
    {
        ["FRA"] = "FR", ["DEU"] = "DE", ["ESP"] = "ES", ["ITA"] = "IT", ["BEL"] = "BE", ["NLD"] = "NL", ["PRT"] = "PT",
        ["AUT"] = "AT", ["LUX"] = "LU", ["IRL"] = "IE", ["GBR"] = "GB",
    };

    private static MarketplaceData Generate(int seed, int shops = 400, int cycles = 2) =>
        new MarketplaceGenerator(new MarketplaceSeedRequest(shops, cycles, seed, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))).Generate();

    /// <summary>ISO 7064 mod 97-10, computed here independently of the simulator with BigInteger.</summary>
    private static bool PassesMod97(string iban)
    {
        var rearranged = iban[4..] + iban[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % 97 == 1;
    }

    private static string IbanOf(MiraklShop s) =>
        s.PaymentInfo?.Iban ?? s.BillingInfo!.Value.GetProperty("iban").GetString()!;

    [Fact]
    public void PassesMod97_KnownValidAndInvalidIbans_BehavesAsIso7064()
    {
        Assert.True(PassesMod97("GB82WEST12345698765432"));
        Assert.True(PassesMod97("DE89370400440532013000"));
        Assert.False(PassesMod97("DE89370400440532013001"));
    }

    [Fact]
    public void Generate_EveryIban_PassesMod97AndHasCountryLength()
    {
        var data = Generate(7);

        foreach (var shop in data.Shops)
        {
            var iban = IbanOf(shop);
            var country = Alpha3To2[shop.ContactInformations.Country!];
            Assert.StartsWith(country, iban, StringComparison.Ordinal);
            Assert.Equal(IbanLengths[country], iban.Length);
            Assert.True(PassesMod97(iban), iban);
            var bic = shop.PaymentInfo?.Bic ?? shop.BillingInfo!.Value.GetProperty("bic").GetString()!;
            Assert.Equal(country, bic[4..6]);
        }
    }

    [Fact]
    public void Generate_SameSeed_ProducesIdenticalMarketplace()
    {
        var a = Serialize(Generate(11));
        var b = Serialize(Generate(11));
        var c = Serialize(Generate(12));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        static string Serialize(MarketplaceData d) =>
            JsonSerializer.Serialize(d.Shops, MiraklJson.Options) + JsonSerializer.Serialize(d.Invoices, MiraklJson.Options) +
            JsonSerializer.Serialize(d.Documents.Select(x => new { x.Id, x.ShopId, x.Type, x.FileName, x.DateUploaded, Bytes = Convert.ToBase64String(x.Bytes) }));
    }

    [Fact]
    public void Generate_400Shops_CoversTheVarietyConnectorsMustHandle()
    {
        var data = Generate(3);
        var shops = data.Shops;

        string? Process(MiraklShop s) => s.ShopAdditionalFields.FirstOrDefault(f => f.Code == "hipay-process")?.Value;
        Assert.Contains(shops, s => Process(s) == "true");
        Assert.Contains(shops, s => Process(s) == "false");
        Assert.Contains(shops, s => Process(s) is null);
        Assert.Contains(shops, s => s.IsProfessional && s.ProDetails?.CorporateName is not null);
        Assert.Contains(shops, s => !s.IsProfessional);
        Assert.Contains(shops, s => s.ContactInformations.Phone is null);
        Assert.Contains(shops, s => s.CurrencyIsoCode == "GBP");
        Assert.True(shops.Count(s => s.CurrencyIsoCode == "EUR") > shops.Count / 2);
        Assert.Contains(shops, s => (s.ContactInformations.Firstname + s.ContactInformations.Lastname).Any(ch => ch > 127));
        Assert.True(shops.Select(s => s.ContactInformations.Country).Distinct().Count() >= 10);
        Assert.Equal(shops.Count, shops.Select(s => s.ContactInformations.Email).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(shops, s => Assert.Equal(3, s.ContactInformations.Country!.Length));

        Assert.Contains(data.Documents, d => d.FileName.EndsWith(".csv", StringComparison.Ordinal) || d.FileName.EndsWith(".docx", StringComparison.Ordinal));
        Assert.Contains(data.Documents, d => d.Type == "ALL_PROOF_OF_BANK_ACCOUNT");
        Assert.Contains(data.Documents, d => d.Type == "LEGAL_IDENTITY_OF_REP_REAR");
        Assert.Contains(data.Documents, d => d.Type == "SOLE_MAN_BUS_IDENTITY");
        Assert.All(data.Documents, d => Assert.Contains(d.ShopId, shops.Select(s => s.ShopId)));

        Assert.Equal(800, data.Invoices.Count);
        Assert.Contains(data.Invoices, i => i.Summary.AmountTransferred == 0);
        Assert.Contains(data.Invoices, i => i.Summary.AmountTransferred < 0);
        Assert.Contains(data.Invoices, i => i.Summary.AmountTransferred > 0 && i.Summary.AmountTransferredToOperator > 0);
        Assert.All(data.Invoices, i => Assert.Equal(
            i.Summary.TotalPayableOrdersInclTax - i.Summary.TotalRefundOrdersInclTax,
            i.Summary.AmountTransferred + i.Summary.AmountTransferredToOperator));
        Assert.All(data.Invoices, i => Assert.Equal(shops.Single(s => s.ShopId == i.ShopId).CurrencyIsoCode, i.CurrencyIsoCode));
        Assert.Equal(data.Invoices.Count, data.Invoices.Select(i => i.InvoiceId).Distinct().Count());
    }

    [Fact]
    public void CycleDates_FromMidMonth_AreThe1st11thAnd21st()
    {
        var dates = MarketplaceGenerator.CycleDates(new DateTimeOffset(2026, 1, 25, 8, 0, 0, TimeSpan.Zero), 4);

        Assert.Equal(
        [
            new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 11, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 2, 21, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
        ], dates);
    }

    [Fact]
    public void Generate_InvoiceDates_FallInTheirCycleMorning()
    {
        var data = Generate(5, shops: 50, cycles: 3);
        var cycles = MarketplaceGenerator.CycleDates(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 3);

        Assert.All(data.Invoices, i => Assert.Contains(cycles, c => i.DateCreated >= c && i.DateCreated < c.AddHours(6)));
        Assert.All(cycles, c => Assert.Equal(50, data.Invoices.Count(i => i.EndTime == c)));
    }
}
