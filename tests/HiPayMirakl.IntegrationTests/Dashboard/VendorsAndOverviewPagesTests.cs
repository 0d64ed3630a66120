using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.Playwright;

namespace HiPayMirakl.IntegrationTests.Dashboard;

/// <summary>The vendors pages and the overview in a real Chromium, over a cycle paid through the simulators.</summary>
[Collection(BrowserTests.Name)]
public sealed class VendorsAndOverviewPagesTests(BrowserFixture browser)
{
    public const string ScreenshotVariable = "HIPAYMIRAKL_WRITE_SCREENSHOT";

    [Fact]
    public async Task Vendors_SearchAndFilter_ListOnlyMatchingShops_AndOpenOne()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await DashboardWorld.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
            await page.GotoAsync("/vendors");
            await tab.AssertAccessibleAsync();
            var rows = page.Locator("table[data-testid=vendors] tbody tr");
            Assert.Equal(3, await rows.CountAsync());

            // A piece of the name, in another case.
            await page.Locator("#q").FillAsync("brico");
            await page.Locator("form.filters button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal(1, await rows.CountAsync());
            Assert.Contains("Brico Nord", await rows.First.InnerTextAsync(), StringComparison.Ordinal);

            // The blocked filter, then the bank filter: only the blocked shop, whose details wait for validation.
            await page.GotoAsync("/vendors");
            await page.Locator("#blocked").SelectOptionAsync("yes");
            await page.Locator("#bank").SelectOptionAsync("ToValidate");
            await page.Locator("form.filters button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal(1, await rows.CountAsync());
            Assert.Contains(DashboardWorld.BlockedShop.ToString(System.Globalization.CultureInfo.InvariantCulture), await rows.First.InnerTextAsync(), StringComparison.Ordinal);

            // Sorted by name, descending, the filters kept.
            await page.GotoAsync("/vendors?sort=Name&dir=desc");
            Assert.Contains("Cave du Sud", await rows.First.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Atelier Lumière", await rows.Last.InnerTextAsync(), StringComparison.Ordinal);

            await page.Locator($"table[data-testid=vendors] a[href='/vendors/{seeded.BlockedVendorId}']").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal(1, await page.GetByTestId("blocked").CountAsync());
            Assert.Equal(1, await page.Locator($"table[data-testid=vendor-legs] a[href='/legs/{seeded.HeldLegId}']").CountAsync());
            await tab.AssertAccessibleAsync();
        });
    }

    [Fact]
    public async Task Overview_WithAPaidCycle_ShowsFiguresAndCharts_AndIsAccessible()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await DashboardWorld.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness, width: 1366, height: 900);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
            await page.GotoAsync("/");
            await tab.AssertAccessibleAsync();

            // 113.25 + 40.00 to the sellers and 12.50 + 4.10 commission reached banks in the 2026-03-11 cycle.
            var eur = page.Locator("table[data-testid=cycles] tbody tr", new PageLocatorOptions { HasText = "EUR" });
            var cells = await eur.First.Locator("td").AllInnerTextsAsync();
            Assert.Equal("2026-03-11", cells[0]);
            Assert.Equal("169.85", cells[5]);
            Assert.Equal("1", await page.GetByTestId("dead-letters").InnerTextAsync());
            Assert.Equal("1", await page.GetByTestId("alerts").InnerTextAsync());
            Assert.Contains("held: an operator decides", await page.Locator("table[data-testid=waiting]").InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.Locator("svg.chart[role=img] > title").CountAsync() >= 2);
            Assert.Equal(9, await page.Locator("table[data-testid=next-runs] tbody tr").CountAsync());

            if (Environment.GetEnvironmentVariable(ScreenshotVariable) == "1")
            {
                var file = Path.Combine(RepositoryRoot(), "docs", "dashboard-overview.png");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            }
        });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HiPayMirakl.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HiPayMirakl.slnx not found above " + AppContext.BaseDirectory);
    }
}
