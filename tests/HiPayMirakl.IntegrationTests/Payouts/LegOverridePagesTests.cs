using System.Net;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Dashboard;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HiPayMirakl.IntegrationTests.Payouts;

/// <summary>The override pages in a real Chromium: an operator skips a leg from its page; a viewer sees no override.</summary>
[Collection(BrowserTests.Name)]
public sealed class LegOverridePagesTests(BrowserFixture browser)
{
    private static readonly string[] Actions = ["mark-paid-outside", "skip", "reissue"];

    [Fact]
    public async Task Skip_AsOperatorFromTheLegPage_EndsSkippedRecordedWithTheUser_AndPagesAreAccessible()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await DashboardWorld.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await tab.SignInAsNewUserAsync(ConnectorRoles.Operator, "fiona@example.test");
            await page.GotoAsync($"/legs/{seeded.CreatedLegId}");
            await page.GetByTestId("override-skip").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.EndsWith($"/legs/{seeded.CreatedLegId}/override/skip", page.Url, StringComparison.Ordinal);
            await tab.AssertAccessibleAsync();

            await page.Locator("#override-reason").FillAsync("invoice disputed by the seller");
            await page.GetByTestId("override-submit").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal("Skipped", await page.GetByTestId("leg-status").InnerTextAsync());
            Assert.Contains("fiona@example.test", await page.Locator("ol[data-testid=timeline] li[data-kind=Override]").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.GetByTestId("leg-overrides").CountAsync());
            await tab.AssertAccessibleAsync();
        });

        await using var db = harness.CreateDbContext();
        Assert.Equal(LegStatus.Skipped, (await db.Legs.AsNoTracking().SingleAsync(l => l.Id == seeded.CreatedLegId)).Status);
        var row = await db.LegOverrides.AsNoTracking().SingleAsync();
        Assert.Equal((seeded.CreatedLegId, LegOverrideAction.Skip, "fiona@example.test", "invoice disputed by the seller"), (row.LegId, row.Action, row.Actor, row.Reason));
    }

    [Fact]
    public async Task Override_AsViewer_HasNoLinks_AndAPostIsRefused403()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await DashboardWorld.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
            await page.GotoAsync($"/legs/{seeded.CreatedLegId}");
            Assert.Equal(0, await page.GetByTestId("leg-overrides").CountAsync());

            var token = await page.Locator("header form input[name=__RequestVerificationToken]").InputValueAsync();
            foreach (var action in Actions)
            {
                var response = await page.APIRequest.PostAsync($"/legs/{seeded.CreatedLegId}/override/{action}", new APIRequestContextOptions
                {
                    Form = page.APIRequest.CreateFormData().Append("__RequestVerificationToken", token).Append("reason", "viewer tries"),
                    MaxRedirects = 0,
                });
                Assert.Equal((int)HttpStatusCode.Forbidden, response.Status);
            }
        });

        await using var db = harness.CreateDbContext();
        Assert.Equal(LegStatus.Created, (await db.Legs.AsNoTracking().SingleAsync(l => l.Id == seeded.CreatedLegId)).Status);
        Assert.Equal(0, await db.LegOverrides.CountAsync());
    }
}
