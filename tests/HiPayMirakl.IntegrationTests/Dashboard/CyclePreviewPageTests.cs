using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HiPayMirakl.IntegrationTests.Dashboard;

/// <summary>The cycle preview page in a real Chromium: totals, treasury, filters, CSV download, nothing recorded.</summary>
[Collection(BrowserTests.Name)]
public sealed class CyclePreviewPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task CyclePreviewPage_PickADate_ShowsTotalsTreasuryAndFilteredRows_DownloadsCsv_AndIsAccessible()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedInvoiceAsync(harness, 9601, 2001, 25.50m, 2.55m);
        await PayoutWorld.SeedVendorAsync(harness, 2002, withDbRow: false);
        await PayoutWorld.SeedInvoiceAsync(harness, 9603, 2002, 7.00m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 1_000);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
            await page.GotoAsync("/");
            await page.Locator("nav a[href='/preview']").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.Locator("#date").FillAsync("2026-03-11");
            await page.Locator("form.filters button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await tab.AssertAccessibleAsync();

            var totals = await page.Locator("table[data-testid=preview-totals] tbody").InnerTextAsync();
            Assert.Contains("28.05 EUR", totals, StringComparison.Ordinal);
            // 10.00 in the wallet, 28.05 needed by the next cycle: short by 18.05.
            var treasury = await page.Locator("table[data-testid=preview-treasury] tbody").InnerTextAsync();
            Assert.Contains("18.05 EUR", treasury, StringComparison.Ordinal);
            Assert.Equal(3, await page.Locator("table[data-testid=preview-rows] tbody tr").CountAsync());

            await page.Locator("#show").SelectOptionAsync("blocked");
            await page.Locator("form.filters button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var blocked = page.Locator("table[data-testid=preview-rows] tbody tr");
            Assert.Equal(1, await blocked.CountAsync());
            Assert.Contains("9603", await blocked.First.InnerTextAsync(), StringComparison.Ordinal);
            await tab.AssertAccessibleAsync();

            await page.Locator("#show").SelectOptionAsync("new");
            await page.Locator("form.filters button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("preview-csv").ClickAsync());
            var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(string.Join(',', Core.Features.Payouts.CyclePreviewCsv.Header), lines[0]);
            var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.Equal(("new", "9601"), (r[0], r[1])));

            await page.GotoAsync("/preview?date=31/03/2026");
            Assert.Contains("2026-01-31", await page.GetByTestId("preview-error").InnerTextAsync(), StringComparison.Ordinal);
        });

        await using var db = harness.CreateDbContext();
        Assert.Equal(0, await db.Legs.CountAsync());
    }
}
