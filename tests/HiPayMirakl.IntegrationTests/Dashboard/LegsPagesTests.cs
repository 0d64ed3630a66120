using System.Net;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HiPayMirakl.IntegrationTests.Dashboard;

/// <summary>The legs pages in a real Chromium: filters, one leg's timeline, hold and release by role.</summary>
[Collection(BrowserTests.Name)]
public sealed class LegsPagesTests(BrowserFixture browser)
{
    private static readonly string[] OperatorActions = ["hold", "release"];

    [Fact]
    public async Task Legs_FilterByCurrencyAndAmount_ListsOnlyMatchingLegs_AndIsAccessible()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await DashboardWorld.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
            await page.GotoAsync("/legs");
            await tab.AssertAccessibleAsync();

            // 113.25 EUR (11325 cents) is the only EUR leg between 100 and 200: the amount is read in major units.
            await page.Locator("#currency").SelectOptionAsync("EUR");
            await page.Locator("#min").FillAsync("100");
            await page.Locator("#max").FillAsync("200,00");
            await page.Locator("form.filters button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            var rows = page.Locator("table[data-testid=legs] tbody tr");
            Assert.Equal(1, await rows.CountAsync());
            Assert.Contains("113.25 EUR", await rows.First.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(seeded.PaidLegId.ToString(System.Globalization.CultureInfo.InvariantCulture), await rows.First.Locator("td a").First.InnerTextAsync());
            Assert.Contains("Page 1 of 1 (1 rows)", await page.GetByTestId("pager").InnerTextAsync(), StringComparison.Ordinal);

            // Three decimals in euros is refused with the reason, never rounded.
            await page.GotoAsync("/legs?currency=EUR&min=1.005");
            Assert.Contains("at most", await page.GetByTestId("filter-errors").InnerTextAsync(), StringComparison.Ordinal);
            await tab.AssertAccessibleAsync();
        });
    }

    [Fact]
    public async Task LegTimeline_OfAPaidLeg_ShowsCallsWithTheirKeysAndTheAppliedNotifications()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await DashboardWorld.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
            await page.GotoAsync("/legs");
            await page.Locator($"table[data-testid=legs] a[href='/legs/{seeded.PaidLegId}']").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.EndsWith($"/legs/{seeded.PaidLegId}", page.Url, StringComparison.Ordinal);

            await using var db = harness.CreateDbContext();
            var leg = await db.Legs.AsNoTracking().SingleAsync(l => l.Id == seeded.PaidLegId);
            var calls = page.Locator("ol[data-testid=timeline] li[data-kind=Call]");
            Assert.Equal(2, await calls.CountAsync());
            Assert.Contains(leg.TransferMerchantUniqueId, await calls.Nth(0).InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains(leg.WithdrawalMerchantUniqueId, await calls.Nth(1).InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.Locator("ol[data-testid=timeline] li[data-kind=Notification]").CountAsync() >= 1);

            // The notifications that settled it, by the transaction ids HiPay gave.
            var notifications = await page.Locator("table[data-testid=notifications] tbody").InnerTextAsync();
            Assert.Contains(leg.TransferId!, notifications, StringComparison.Ordinal);
            Assert.Contains(leg.WithdrawId!, notifications, StringComparison.Ordinal);
            // A viewer has no hand on it.
            Assert.Equal(0, await page.GetByTestId("leg-actions").CountAsync());
            await tab.AssertAccessibleAsync();
        });
    }

    [Fact]
    public async Task HoldThenRelease_AsOperator_MovesTheLegAndLogsWhoDidIt()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await DashboardWorld.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await tab.SignInAsNewUserAsync(ConnectorRoles.Operator, "olivia@example.test");
            await page.GotoAsync($"/legs/{seeded.CreatedLegId}");
            await tab.AssertAccessibleAsync();

            await page.Locator("#hold-reason").FillAsync("seller asked to wait");
            await page.Locator("[data-testid=leg-actions] button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal("TransferHeld", await page.GetByTestId("leg-status").InnerTextAsync());
            Assert.Contains("olivia@example.test", await page.Locator("ol[data-testid=timeline] li[data-kind=Hold]").InnerTextAsync(), StringComparison.Ordinal);

            await using (var db = harness.CreateDbContext())
            {
                var leg = await db.Legs.AsNoTracking().SingleAsync(l => l.Id == seeded.CreatedLegId);
                Assert.Equal(LegStatus.TransferHeld, leg.Status);
                var last = await db.LegLog.AsNoTracking().Where(e => e.LegId == leg.Id).OrderByDescending(e => e.Id).FirstAsync();
                Assert.Equal((LegStatus.Created, LegStatus.TransferHeld, "olivia@example.test"), (last.FromStatus!.Value, last.ToStatus, last.Actor));
                Assert.Contains("seller asked to wait", last.Message, StringComparison.Ordinal);
            }

            // Release: HiPay's books show nothing under the leg's key, so it goes back to the transfer queue.
            await page.Locator("#release-reason").FillAsync("seller confirmed");
            await page.Locator("[data-testid=leg-actions] button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal("TransferFailed", await page.GetByTestId("leg-status").InnerTextAsync());

            await using (var db = harness.CreateDbContext())
            {
                var leg = await db.Legs.AsNoTracking().SingleAsync(l => l.Id == seeded.CreatedLegId);
                Assert.Equal(LegStatus.TransferFailed, leg.Status);
                var last = await db.LegLog.AsNoTracking().Where(e => e.LegId == leg.Id).OrderByDescending(e => e.Id).FirstAsync();
                Assert.Equal((LegStatus.TransferHeld, LegStatus.TransferFailed, "olivia@example.test"), (last.FromStatus!.Value, last.ToStatus, last.Actor));
                Assert.StartsWith("Released by olivia@example.test: seller confirmed", last.Message, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public async Task Hold_WithoutReason_ChangesNothing()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await DashboardWorld.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Operator);
            await page.GotoAsync($"/legs/{seeded.CreatedLegId}");
            var token = await page.Locator("[data-testid=leg-actions] input[name=__RequestVerificationToken]").InputValueAsync();
            var response = await page.APIRequest.PostAsync($"/legs/{seeded.CreatedLegId}/hold", new APIRequestContextOptions
            {
                Form = page.APIRequest.CreateFormData().Append("__RequestVerificationToken", token).Append("reason", "  "),
                MaxRedirects = 0,
            });
            Assert.Equal((int)HttpStatusCode.Redirect, response.Status);
            await page.GotoAsync($"/legs/{seeded.CreatedLegId}");
            Assert.Equal(1, await page.GetByTestId("leg-error").CountAsync());
        });

        await using var db = harness.CreateDbContext();
        Assert.Equal(LegStatus.Created, (await db.Legs.AsNoTracking().SingleAsync(l => l.Id == seeded.CreatedLegId)).Status);
        Assert.Equal(1, await db.LegLog.CountAsync(e => e.LegId == seeded.CreatedLegId));
    }

    [Fact]
    public async Task Hold_AsViewer_HasNoButton_AndAPostIsRefused403()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await DashboardWorld.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
            await page.GotoAsync($"/legs/{seeded.CreatedLegId}");
            Assert.Equal(0, await page.GetByTestId("leg-actions").CountAsync());
            Assert.Equal(0, await page.Locator("form[action*='/hold']").CountAsync());

            // A valid anti-forgery token (the sign-out form's) does not make the viewer an operator.
            var token = await page.Locator("header form input[name=__RequestVerificationToken]").InputValueAsync();
            foreach (var action in OperatorActions)
            {
                var response = await page.APIRequest.PostAsync($"/legs/{seeded.CreatedLegId}/{action}", new APIRequestContextOptions
                {
                    Form = page.APIRequest.CreateFormData().Append("__RequestVerificationToken", token).Append("reason", "viewer tries"),
                    MaxRedirects = 0,
                });
                Assert.Equal((int)HttpStatusCode.Forbidden, response.Status);
            }
        });

        await using var db = harness.CreateDbContext();
        Assert.Equal(LegStatus.Created, (await db.Legs.AsNoTracking().SingleAsync(l => l.Id == seeded.CreatedLegId)).Status);
        Assert.Equal(1, await db.LegLog.CountAsync(e => e.LegId == seeded.CreatedLegId));
    }
}
