using System.Text.Json;
using System.Web;
using HiPayMirakl.Mirakl;
using Simulator.Mirakl.Seeding;

namespace HiPayMirakl.IntegrationTests.Mirakl;

/// <summary>The client against the Mirakl simulator with a generated marketplace of 250 shops and one payment cycle.</summary>
public sealed class MiraklClientIntegrationTests : IAsyncLifetime
{
    private MiraklTestBed _bed = null!;

    public async Task InitializeAsync() =>
        _bed = await MiraklTestBed.StartAsync(new MarketplaceSeedRequest(Shops: 250, CyclesOfInvoices: 1, Seed: 7));

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task GetShops_250Seeded_ReturnsEachShopExactlyOnce()
    {
        var expected = (await _bed.RawShopsAsync()).Select(s => s.GetProperty("shop_id").GetInt64()).ToHashSet();
        _bed.Journal.Clear();

        var shops = await Collect(_bed.Client.GetShopsAsync());

        Assert.Equal(250, expected.Count);
        Assert.Equal(250, shops.Count);
        Assert.Equal(expected, shops.Select(s => s.ShopId).ToHashSet());
        // Three pages of at most 100.
        Assert.Equal(3, _bed.Calls("GET", "/api/shops").Count);
    }

    [Fact]
    public async Task GetShops_UpdatedSince_ReturnsOnlyShopsUpdatedAtOrAfter()
    {
        var raw = await _bed.RawShopsAsync();
        var dates = raw.Select(s => s.GetProperty("last_updated_date").GetDateTimeOffset()).Order().ToList();
        var since = dates[dates.Count / 2];
        var expected = raw.Where(s => s.GetProperty("last_updated_date").GetDateTimeOffset() >= since)
            .Select(s => s.GetProperty("shop_id").GetInt64()).ToHashSet();

        var shops = await Collect(_bed.Client.GetShopsAsync(updatedSince: since));

        Assert.InRange(expected.Count, 1, 249);
        Assert.Equal(expected, shops.Select(s => s.ShopId).ToHashSet());
        Assert.Equal(expected.Count, shops.Count);
        Assert.All(shops, s => Assert.True(s.LastUpdatedDate >= since));
    }

    [Fact]
    public async Task GetShops_250IdFilter_SentInChunksOf100AndComplete()
    {
        var ids = (await _bed.RawShopsAsync()).Select(s => s.GetProperty("shop_id").GetInt64()).ToList();
        _bed.Journal.Clear();

        var shops = await Collect(_bed.Client.GetShopsAsync(shopIds: ids));

        Assert.Equal(ids.ToHashSet(), shops.Select(s => s.ShopId).ToHashSet());
        Assert.Equal(250, shops.Count);
        var sentIdCounts = _bed.Calls("GET", "/api/shops")
            .Select(e => HttpUtility.ParseQueryString(e.Query)["shop_ids"]!.Split(',').Length).ToList();
        Assert.Equal([100, 100, 50], sentIdCounts);
    }

    [Fact]
    public async Task GetShops_EmptyIdFilter_ReturnsNothingWithoutCalling()
    {
        var shops = await Collect(_bed.Client.GetShopsAsync(shopIds: []));

        Assert.Empty(shops);
        Assert.Empty(_bed.Calls("GET", "/api/shops"));
    }

    [Fact]
    public async Task GetShops_HelpersOnGeneratedShops_MatchRawJson()
    {
        var raw = (await _bed.RawShopsAsync()).ToDictionary(s => s.GetProperty("shop_id").GetInt64());

        var shops = await Collect(_bed.Client.GetShopsAsync());

        Assert.All(shops, s =>
        {
            var r = raw[s.ShopId];
            Assert.Equal(r.GetProperty("currency_iso_code").GetString(), s.CurrencyIsoCode);
            Assert.Equal(r.GetProperty("contact_informations").GetProperty("country").GetString(), s.CountryAlpha3);
            Assert.Equal(r.GetProperty("payment_details").GetProperty("payment_blocked").GetBoolean(), s.PaymentBlocked);
            var rawEnabled = r.GetProperty("shop_additional_fields").EnumerateArray()
                .Any(f => f.GetProperty("code").GetString() == "hipay-process" && f.GetProperty("value").GetString() == "true");
            Assert.Equal(rawEnabled, s.HiPayProcessEnabled);
            if (r.TryGetProperty("payment_info", out var pi) && pi.ValueKind == JsonValueKind.Object)
            {
                Assert.Equal(pi.GetProperty("iban").GetString(), s.Iban);
            }
        });
    }

    [Fact]
    public async Task UpdateShops_OneUnknownShop_OthersUpdatedAndErrorReturned()
    {
        var ids = (await _bed.RawShopsAsync()).Select(s => s.GetProperty("shop_id").GetInt64()).Take(2).ToList();
        const long unknown = 987_654_321;
        MiraklShopUpdate[] updates =
        [
            new() { ShopId = ids[0], PaymentBlocked = true, Kyc = new MiraklKycUpdate { Status = "APPROVED", Reason = "" }, Suspend = false },
            new() { ShopId = unknown, PaymentBlocked = true },
            new() { ShopId = ids[1], PaymentBlocked = true },
        ];

        var results = await _bed.Client.UpdateShopsAsync(updates);

        Assert.Equal([ids[0], unknown, ids[1]], results.Select(r => r.ShopId));
        Assert.True(results[0].Succeeded);
        Assert.True(results[2].Succeeded);
        Assert.False(results[1].Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(results[1].ErrorMessage));
        var after = (await _bed.RawShopsAsync()).ToDictionary(s => s.GetProperty("shop_id").GetInt64());
        Assert.True(after[ids[0]].GetProperty("payment_details").GetProperty("payment_blocked").GetBoolean());
        Assert.Equal("APPROVED", after[ids[0]].GetProperty("kyc").GetProperty("status").GetString());
        Assert.True(after[ids[1]].GetProperty("payment_details").GetProperty("payment_blocked").GetBoolean());
        Assert.True(results[0].UpdatedShop!.PaymentBlocked);
    }

    [Fact]
    public async Task GetInvoices_WindowWithMoreThan100_AllReturnedOnce()
    {
        var start = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        using var rawDoc = JsonDocument.Parse(await _bed.Control.GetStringAsync(new Uri(
            "api/invoices?paginate=false&type=AUTO_INVOICE&start_date=2025-12-01T00:00:00Z&end_date=2026-03-01T00:00:00Z", UriKind.Relative)));
        var expected = rawDoc.RootElement.GetProperty("invoices").EnumerateArray()
            .ToDictionary(i => i.GetProperty("invoice_id").GetInt64(), i => i.GetProperty("summary").GetProperty("amount_transferred").GetDecimal());
        _bed.Journal.Clear();

        var invoices = await Collect(_bed.Client.GetInvoicesAsync(start, end));

        Assert.True(expected.Count > 100, $"the seed should give more than one page, got {expected.Count}");
        Assert.Equal(expected.Count, invoices.Count);
        Assert.Equal(expected.Keys.ToHashSet(), invoices.Select(i => i.InvoiceId).ToHashSet());
        Assert.All(invoices, i => Assert.Equal(expected[i.InvoiceId], i.Summary!.AmountTransferred));
        var calls = _bed.Calls("GET", "/api/invoices");
        Assert.Equal((expected.Count + 99) / 100, calls.Count);
        Assert.All(calls, c => Assert.Equal("2025-12-01T00:00:00Z", HttpUtility.ParseQueryString(c.Query)["start_date"]));
    }

    [Fact]
    public async Task GetInvoices_ShopFilter_OnlyThatShopsInvoices()
    {
        var start = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var all = await Collect(_bed.Client.GetInvoicesAsync(start, end));
        var shopId = all[0].ShopId;

        var mine = await Collect(_bed.Client.GetInvoicesAsync(start, end, shopId: shopId));

        Assert.NotEmpty(mine);
        Assert.All(mine, i => Assert.Equal(shopId, i.ShopId));
        Assert.Equal(all.Count(i => i.ShopId == shopId), mine.Count);
    }

    [Fact]
    public async Task GetDocumentTypesAndAdditionalFields_Seeded_HiPayCodesPresent()
    {
        var types = await _bed.Client.GetDocumentTypesAsync();
        var fields = await _bed.Client.GetAdditionalFieldsAsync();

        Assert.Contains(types, t => t.Code == "ALL_PROOF_OF_BANK_ACCOUNT");
        Assert.Contains(types, t => t.Code == "SOLE_MAN_BUS_PROOF_OF_TAX_STATUS");
        Assert.Contains(fields, f => f.Code == MiraklShop.HiPayProcessFieldCode && f.Type == "BOOLEAN");
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
