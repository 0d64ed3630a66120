using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.VendorOnboarding;

/// <summary>
/// <c>mirakl:check --shops</c> on a generated marketplace in the Mirakl simulator: clean shops, plus one shop for each
/// thing HiPay refuses. The report names exactly those, the exit code says onboarding is blocked, and the vendor sync
/// writes the same reasons to the vendor log.
/// </summary>
public sealed class ShopPrerequisitesTests
{
    private const string ValidIban = "FR76 3000 6000 0112 3456 7890 189";

    [Fact]
    public async Task CheckShops_BadShops_ReportsExactlyThoseAndExitsNonZero()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var operatorEmail = harness.Settings.Accounts.OperatorEmail;
        var shops = CleanMarketplace(12).Concat(
        [
            Shop(901, email: "twice@example.com"),
            Shop(902, email: "TWICE@example.com "),
            Shop(903, email: operatorEmail),
            Shop(904, phone: null),
            Shop(905, bic: null),
            Shop(906, bankCity: "Málaga"),
            // Not opted in: listed, but does not block onboarding.
            Shop(907, phone: null, hipayProcess: false),
        ]).ToList();
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/shops", shops);

        var json = await CliRunner.RunAsync([.. harness.CliArgs(), "mirakl:check", "--shops", "--json"]);
        var table = await CliRunner.RunAsync([.. harness.CliArgs(), "mirakl:check", "--shops"]);
        var csv = await CliRunner.RunAsync([.. harness.CliArgs(), "mirakl:check", "--shops", "--csv"]);

        string[] expected =
        [
            "901 EmailNotUnique contact_informations.email",
            "902 EmailNotUnique contact_informations.email",
            "903 EmailIsOperatorAccount contact_informations.email",
            "904 PhoneMissing contact_informations.phone",
            "905 BankFieldMissing payment_info.bic",
            "906 NotAlphanumeric payment_info.bank_city",
            "907 PhoneMissing contact_informations.phone",
        ];
        Assert.Equal(2, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        var reported = document.RootElement.GetProperty("shops").EnumerateArray()
            .SelectMany(s => s.GetProperty("problems").EnumerateArray().Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{s.GetProperty("shopId").GetInt64()} {p.GetProperty("kind").GetString()} {p.GetProperty("field").GetString()}")))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, reported);
        Assert.Equal(19, document.RootElement.GetProperty("checkedShops").GetInt32());
        Assert.Equal(6, document.RootElement.GetProperty("blockedShops").GetInt32());
        Assert.Contains("903", json.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("907", json.Error, StringComparison.Ordinal);

        Assert.Equal(2, table.ExitCode);
        Assert.Contains("e-mail also used by shop 902", table.Output, StringComparison.Ordinal);
        Assert.Contains("bank city contains 'á'", table.Output, StringComparison.Ordinal);
        Assert.Equal(2, csv.ExitCode);
        var lines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("shopId,shopName,hipayProcess,field,kind,reason", lines[0]);
        Assert.Equal(expected.Length, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith("905,Shop 905,true,payment_info.bic,BankFieldMissing,", StringComparison.Ordinal));
        // The report never prints an IBAN.
        Assert.DoesNotContain("30006000", json.Output + table.Output + csv.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckShops_CleanMarketplace_ExitsZero()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/shops", CleanMarketplace(12));

        var result = await CliRunner.RunAsync([.. harness.CliArgs(), "mirakl:check", "--shops", "--json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        Assert.Empty(document.RootElement.GetProperty("shops").EnumerateArray());
        Assert.Equal(12, document.RootElement.GetProperty("checkedShops").GetInt32());
        Assert.Equal("3.210", document.RootElement.GetProperty("mirakl").GetProperty("version").GetString());
    }

    [Fact]
    public async Task CheckShops_MiraklVersion2_ExitsNonZeroNamingTheVersion()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, mirakl: o => o.Version = "2.9.1", processInbox: false);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/shops", CleanMarketplace(3));

        var result = await CliRunner.RunAsync([.. harness.CliArgs(), "mirakl:check", "--shops"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Mirakl API version 2.9.1 is older than 3", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VendorSync_ShopWithoutPhoneAndAccentedBankCity_VendorLogNamesTheSameReasons()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/shops", new[] { Shop(904, phone: null), Shop(906, bankCity: "Málaga"), Shop(1, email: "clean1@example.com") });

        var sync = await CliRunner.RunAsync([.. harness.CliArgs(), "vendor:process"]);

        Assert.True(sync.ExitCode is 0 or 2, sync.Error);
        await using var db = harness.CreateDbContext();
        var log = await db.VendorLog.ToListAsync();
        var noPhone = Assert.Single(log, l => l.MiraklShopId == 904);
        Assert.Contains("HiPay prerequisite: contact_informations.phone: phone missing", noPhone.Message, StringComparison.Ordinal);
        var accented = Assert.Single(log, l => l.MiraklShopId == 906);
        Assert.Contains("HiPay prerequisite: payment_info.bank_city: bank city contains 'á'", accented.Message, StringComparison.Ordinal);
        var clean = Assert.Single(log, l => l.MiraklShopId == 1);
        Assert.DoesNotContain("HiPay prerequisite", clean.Message ?? "", StringComparison.Ordinal);
    }

    /// <summary>Shops that meet every prerequisite, with distinct e-mails.</summary>
    private static IEnumerable<Dictionary<string, object?>> CleanMarketplace(int count) =>
        Enumerable.Range(1, count).Select(i => Shop(i, email: $"shop{i.ToString(CultureInfo.InvariantCulture)}@example.com"));

    private static Dictionary<string, object?> Shop(long id, string? email = "", string? phone = "+33612345678", string? bic = "AGRIFRPP", string bankCity = "Paris", bool hipayProcess = true)
    {
        var idText = id.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, object?>
        {
            ["shop_id"] = id,
            ["shop_name"] = "Shop " + idText,
            ["shop_state"] = "OPEN",
            ["is_professional"] = true,
            ["currency_iso_code"] = "EUR",
            ["date_created"] = "2026-01-05T10:00:00Z",
            ["last_updated_date"] = "2026-01-05T10:00:00Z",
            ["contact_informations"] = new Dictionary<string, object?>
            {
                ["civility"] = "Mr", ["firstname"] = "Jean", ["lastname"] = "Martin",
                ["email"] = email == "" ? $"shop{idText}@example.com" : email,
                ["phone"] = phone, ["street1"] = "1 rue de la Paix", ["zip_code"] = "75002", ["city"] = "Paris", ["country"] = "FRA",
            },
            ["payment_info"] = new Dictionary<string, object?>
            {
                ["@type"] = "IBAN", ["owner"] = "Jean Martin", ["bank_name"] = "Credit Agricole", ["bank_street"] = "12 place des Etats Unis",
                ["bank_zip"] = "92120", ["bank_city"] = bankCity, ["iban"] = ValidIban, ["bic"] = bic,
            },
            ["shop_additional_fields"] = new[] { new Dictionary<string, object?> { ["code"] = "hipay-process", ["type"] = "BOOLEAN", ["value"] = hipayProcess ? "true" : "false" } },
        };
    }
}
