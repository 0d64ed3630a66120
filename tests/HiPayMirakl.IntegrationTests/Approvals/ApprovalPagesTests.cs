using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Approvals;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HiPayMirakl.IntegrationTests.Approvals;

/// <summary>The approval pages in a real Chromium: the list by role, approving from it, editing the rules.</summary>
[Collection(BrowserTests.Name)]
public sealed class ApprovalPagesTests(BrowserFixture browser)
{
    private const long Shop = 3201;

    /// <summary>Rules saved by alice hold the shop's 75 EUR leg.</summary>
    private static async Task<(ConnectorHarness Harness, long LegId)> HeldAsync()
    {
        var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApprovalService>().UpdateRulesAsync(
                new ApprovalRulesDocument { AmountAbove = { ["EUR"] = "50.00" } }, "alice@example.test", CancellationToken.None);
        }

        await PayoutWorld.SeedVendorAsync(harness, Shop);
        await PayoutWorld.FundTechnicalAsync(harness, 1_000_000);
        await PayoutWorld.SeedInvoiceAsync(harness, 9601, Shop, 75m, 0m);
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        await using var db = harness.CreateDbContext();
        var leg = await db.Legs.AsNoTracking().SingleAsync(l => l.Kind == LegKind.SellerPayout);
        Assert.Equal(LegStatus.AwaitingApproval, leg.Status);
        return (harness, leg.Id);
    }

    [Fact]
    public async Task Approvals_ViewerSeesNoButtons_OperatorApproves_PagesAccessible()
    {
        var (harness, legId) = await HeldAsync();
        await using var _ = harness;

        await using (var viewerTab = await DashboardSession.OpenAsync(browser, harness))
        {
            await viewerTab.RunAsync(async page =>
            {
                await viewerTab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
                await page.GotoAsync("/approvals");
                Assert.Contains("above 50.00 EUR", await page.Locator("table[data-testid=approvals] tbody").InnerTextAsync(), StringComparison.Ordinal);
                Assert.Equal(0, await page.GetByTestId("approve").CountAsync());
                Assert.Equal(0, await page.GetByTestId("reject").CountAsync());
                await viewerTab.AssertAccessibleAsync();
                await page.GotoAsync("/");
                Assert.Equal("1", (await page.GetByTestId("awaiting-approval").InnerTextAsync()).Trim());
            });
        }

        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await tab.SignInAsNewUserAsync(ConnectorRoles.Operator, "olivia@example.test");
            await page.GotoAsync("/approvals");
            await tab.AssertAccessibleAsync();
            await page.Locator($"#approve-reason-{legId}").FillAsync("seller known to us");
            await page.Locator($"tr[data-leg='{legId}'] [data-testid=approve]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Contains("approved by olivia@example.test", await page.Locator("p.flash").InnerTextAsync(), StringComparison.Ordinal);

            await page.GotoAsync($"/legs/{legId}");
            Assert.Contains("Approved by olivia@example.test", await page.GetByTestId("approval-decision").InnerTextAsync(), StringComparison.Ordinal);
            await tab.AssertAccessibleAsync();
        });

        await using var db = harness.CreateDbContext();
        Assert.Equal(LegStatus.Created, (await db.Legs.AsNoTracking().SingleAsync(l => l.Id == legId)).Status);
        var decision = await db.Set<ApprovalDecision>().AsNoTracking().SingleAsync();
        Assert.Equal((ApprovalVerdict.Approved, "olivia@example.test", 1), (decision.Verdict, decision.DecidedBy, decision.RulesVersion));
    }

    [Fact]
    public async Task ApprovalRules_AdminSavesANewVersion_ExtraDecimalsRefused_PageAccessible()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Admin, "ada@example.test");
            await page.GotoAsync("/admin/approval-rules");
            await tab.AssertAccessibleAsync();

            await page.Locator("#amount-above").FillAsync("EUR 1.005");
            await page.GetByTestId("save-rules").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Contains("EUR 1.005", await page.GetByTestId("rules-errors").InnerTextAsync(), StringComparison.Ordinal);
            await tab.AssertAccessibleAsync();

            await page.Locator("#amount-above").FillAsync("EUR 5 000,50\nJPY 20000");
            await page.Locator("#first-payout").CheckAsync();
            await page.GetByTestId("save-rules").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Contains("Version 1, saved by ada@example.test", await page.GetByTestId("rules-version").InnerTextAsync(), StringComparison.Ordinal);
        });

        await using var db = harness.CreateDbContext();
        var version = await db.Set<ApprovalRulesVersion>().AsNoTracking().SingleAsync();
        var rules = ApprovalRules.FromJson(version.RulesJson);
        Assert.Equal((500_050L, 20_000L, true), (rules.AmountAbove["EUR"].MinorUnits, rules.AmountAbove["JPY"].MinorUnits, rules.FirstPayout));
    }
}
