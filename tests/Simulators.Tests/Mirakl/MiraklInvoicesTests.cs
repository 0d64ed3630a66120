using System.Globalization;
using System.Net;
using System.Text.Json;
using Simulators.Tests.TestSupport;

namespace Simulators.Tests.Mirakl;

public sealed class MiraklInvoicesTests : MiraklSimulatorTestBase
{
    /// <summary>12 invoices: shops 1..3, days 1..4 of January, one MANUAL_CREDIT and one GBP among them.</summary>
    private async Task PostFixtureInvoicesAsync()
    {
        var items = new List<string>();
        var id = 500;
        for (var day = 1; day <= 4; day++)
        {
            for (var shop = 1; shop <= 3; shop++)
            {
                id++;
                var type = id == 505 ? "MANUAL_CREDIT" : "AUTO_INVOICE";
                var currency = id == 510 ? "GBP" : "EUR";
                items.Add($$"""
                    {"invoice_id":{{id}},"shop_id":{{shop}},"type":"{{type}}","currency_iso_code":"{{currency}}",
                     "date_created":"2026-01-0{{day}}T0{{shop}}:00:00Z",
                     "summary":{"amount_transferred":{{id}}.25,"amount_transferred_to_operator":1.10} }
                    """);
            }
        }

        await PostControlAsync("_sim/mirakl/invoices", "[" + string.Join(",", items) + "]");
    }

    private static long[] Ids(JsonElement body) =>
        body.GetProperty("invoices").EnumerateArray().Select(i => i.GetProperty("invoice_id").GetInt64()).ToArray();

    [Fact]
    public async Task IV01_DefaultType_ExcludesManualDocumentsAndSortsByDateCreated()
    {
        await PostFixtureInvoicesAsync();

        var body = await GetJsonAsync("api/invoices?max=100");
        var all = await GetJsonAsync("api/invoices?type=ALL&max=100");

        Assert.Equal(11, body.GetProperty("total_count").GetInt32());
        Assert.DoesNotContain(505L, Ids(body));
        Assert.Equal(12, all.GetProperty("total_count").GetInt32());
        var dates = body.GetProperty("invoices").EnumerateArray()
            .Select(i => DateTimeOffset.Parse(i.GetProperty("date_created").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dates.Order(), dates);
    }

    [Fact]
    public async Task IV01_DateWindowShopAndCurrency_FilterOnDateCreated()
    {
        await PostFixtureInvoicesAsync();

        var window = await GetJsonAsync("api/invoices?start_date=2026-01-02T00:00:00Z&end_date=2026-01-03T02:00:00Z&max=100");
        var shop2 = await GetJsonAsync("api/invoices?shop=2&max=100");
        var gbp = await GetJsonAsync("api/invoices?currency=GBP");

        Assert.Equal([504L, 506L, 507L, 508L], Ids(window));
        Assert.Equal(4, window.GetProperty("total_count").GetInt32());
        Assert.Equal([502L, 508L, 511L], Ids(shop2));
        Assert.Equal([510L], Ids(gbp));
    }

    [Fact]
    public async Task IV01_OffsetPagination_WalksAllPagesWithStableTotal()
    {
        await PostFixtureInvoicesAsync();

        var seen = new List<long>();
        for (var offset = 0; offset < 11; offset += 5)
        {
            var page = await GetJsonAsync($"api/invoices?max=5&offset={offset}");
            Assert.Equal(11, page.GetProperty("total_count").GetInt32());
            seen.AddRange(Ids(page));
        }

        Assert.Equal(11, seen.Count);
        Assert.Equal(11, seen.Distinct().Count());
    }

    [Fact]
    public async Task IV01_LinkHeader_NextOnFirstPagePreviousOnLastKeepsFilters()
    {
        await PostFixtureInvoicesAsync();

        using var first = await Client.GetAsync("api/invoices?currency=EUR&max=5");
        using var last = await Client.GetAsync("api/invoices?currency=EUR&max=5&offset=10");

        var firstLink = string.Join(",", first.Headers.GetValues("Link"));
        var lastLink = string.Join(",", last.Headers.GetValues("Link"));
        Assert.Contains("rel=\"next\"", firstLink, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"previous\"", firstLink, StringComparison.Ordinal);
        Assert.Contains("currency=EUR", firstLink, StringComparison.Ordinal);
        Assert.Contains("offset=5", firstLink, StringComparison.Ordinal);
        Assert.Contains("rel=\"previous\"", lastLink, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", lastLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IV01_Summary_AmountsAreJsonNumbersWithTwoDecimals()
    {
        await PostFixtureInvoicesAsync();

        var body = await GetJsonAsync("api/invoices?invoice_id=501");

        var invoice = Assert.Single(body.GetProperty("invoices").EnumerateArray());
        var summary = invoice.GetProperty("summary");
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("amount_transferred").ValueKind);
        Assert.Equal("501.25", summary.GetProperty("amount_transferred").GetRawText());
        Assert.Equal("1.10", summary.GetProperty("amount_transferred_to_operator").GetRawText());
        foreach (var name in new[]
        {
            "total_payable_orders_incl_tax", "total_commissions_incl_tax", "total_subscription_incl_tax",
            "total_refund_orders_incl_tax", "total_other_credits_incl_tax", "total_other_invoices_incl_tax",
        })
        {
            Assert.Equal(JsonValueKind.Number, summary.GetProperty(name).ValueKind);
        }

        foreach (var name in new[] { "invoice_id", "shop_id" })
        {
            Assert.Equal(JsonValueKind.Number, invoice.GetProperty(name).ValueKind);
        }

        foreach (var name in new[] { "type", "currency_iso_code", "date_created", "state" })
        {
            Assert.Equal(JsonValueKind.String, invoice.GetProperty(name).ValueKind);
        }

        Assert.Equal(JsonValueKind.Object, invoice.GetProperty("payment").ValueKind);
    }

    [Fact]
    public async Task IV01_SeededCycles_WindowAroundCycleReturnsOneInvoicePerShop()
    {
        await SeedAsync(150, cycles: 3, start: "2026-01-01T00:00:00Z");

        var total = 0;
        var shops = new HashSet<long>();
        for (var offset = 0; ; offset += 100)
        {
            var page = await GetJsonAsync($"api/invoices?start_date=2026-01-10T12:00:00Z&end_date=2026-01-11T12:00:00Z&max=100&offset={offset}");
            total = page.GetProperty("total_count").GetInt32();
            foreach (var inv in page.GetProperty("invoices").EnumerateArray())
            {
                Assert.True(shops.Add(inv.GetProperty("shop_id").GetInt64()));
            }

            if (offset + 100 >= total)
            {
                break;
            }
        }

        Assert.Equal(150, total);
        Assert.Equal(150, shops.Count);
    }

    [Fact]
    public async Task IV01_InvalidType_Returns400()
    {
        using var r = await Client.GetAsync("api/invoices?type=RECEIPT");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(400, (await ReadJsonAsync(r)).GetProperty("status").GetInt32());
    }
}
