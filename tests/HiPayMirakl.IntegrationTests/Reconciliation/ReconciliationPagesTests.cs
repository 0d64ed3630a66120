using System.Net;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HiPayMirakl.IntegrationTests.Reconciliation;

/// <summary>The reconciliation page in a real Chromium: an operator runs it, the findings and the overview's count appear.</summary>
[Collection(BrowserTests.Name)]
public sealed class ReconciliationPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task Reconciliation_RunNowAsOperator_FindingsAndOverviewCountAppear_AndIsAccessible()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        var latest = CycleCalendar.FromOptions(harness.Settings.Cycle).WindowAt(DateTimeOffset.UtcNow);
        await PayoutWorld.SeedInvoiceAsync(harness, 9801, 2001, 15.00m, 0m, created: latest.CycleInstant.AddHours(-1));
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        string? overview = null;
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Operator);
            await page.GotoAsync("/reconciliation");
            await tab.AssertAccessibleAsync();

            await page.GetByTestId("run-now").ClickAsync();
            await page.Locator(".flash").WaitForAsync();
            var row = page.Locator("[data-testid=findings] tr[data-kind='missing-leg']");
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row).ToContainTextAsync("9801/SellerPayout");
            await tab.AssertAccessibleAsync();

            await page.Locator("#kind").SelectOptionAsync(FindingKinds.DuplicateLeg);
            await page.Locator("form.filters button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=findings] tr[data-kind]")).ToHaveCountAsync(0);

            await page.GotoAsync("/");
            overview = (await page.GetByTestId("reconciliation").InnerTextAsync()).Trim();
            await Assertions.Expect(page.GetByTestId("reconciliation-kinds")).ToContainTextAsync("missing-leg: 1");
            await tab.AssertAccessibleAsync();
        });

        Assert.Equal("1 finding(s)", overview);
        await using var db = harness.CreateDbContext();
        var run = await db.ReconciliationRuns.SingleAsync();
        Assert.Equal(ReconciliationTrigger.Dashboard, run.Trigger);
        Assert.Equal(1, run.FindingCount);
    }

    [Fact]
    public async Task Reconciliation_Viewer_SeesNoRunButtonAndCannotPost()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
            await page.GotoAsync("/reconciliation");
            await Assertions.Expect(page.GetByTestId("run-now")).ToHaveCountAsync(0);
            await tab.AssertAccessibleAsync();
            // A form posted with a valid anti-forgery token (the sign-out form's) is still refused by role.
            var token = await page.Locator("header form input[name=__RequestVerificationToken]").GetAttributeAsync("value");
            var response = await page.APIRequest.PostAsync("/reconciliation/run", new APIRequestContextOptions
            {
                Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!),
                MaxRedirects = 0,
            });
            Assert.Equal((int)HttpStatusCode.Forbidden, response.Status);
        });

        await using var db = harness.CreateDbContext();
        Assert.False(await db.ReconciliationRuns.AnyAsync());
    }
}
