using System.Net;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.Playwright;

namespace HiPayMirakl.IntegrationTests.Dashboard;

/// <summary>The dashboard's frame in a real Chromium: sign-in, lockout, menu by role, language, accessibility.</summary>
[Collection(BrowserTests.Name)]
public sealed class DashboardShellTests(BrowserFixture browser)
{
    [Fact]
    public async Task SignIn_AsViewer_ShowsOverviewWithoutAdminMenu_AndIsAccessible()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await page.GotoAsync("/?from=menu");
            Assert.Contains("/login", page.Url, StringComparison.Ordinal);
            await tab.AssertAccessibleAsync();

            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);

            // Back on the page first asked for, signed in.
            Assert.EndsWith("/?from=menu", page.Url, StringComparison.Ordinal);
            await page.GotoAsync("/");
            Assert.Equal("Overview", await page.Locator("h1").InnerTextAsync());
            Assert.Equal(0, await page.Locator("nav a[href='/admin/users']").CountAsync());
            await tab.AssertAccessibleAsync();
        });
    }

    [Fact]
    public async Task SignIn_AsAdmin_ShowsAdminMenu_AndSwitchesToFrench()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Admin);
            Assert.Equal(1, await page.Locator("nav a[href='/admin/users']").CountAsync());

            await page.Locator("a[hreflang=fr]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            Assert.Equal("Vue d'ensemble", await page.Locator("h1").InnerTextAsync());
            Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
            // The choice is kept for the next page.
            await page.GotoAsync("/");
            Assert.Equal("Se déconnecter", (await page.Locator("header form button").InnerTextAsync()).Trim());
        });
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccount()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await harness.AddUserAsync("locked@example.test", DashboardSession.Password, ConnectorRoles.Operator);
            for (var i = 0; i < 5; i++)
            {
                await tab.SignInAsync("locked@example.test", "wrong password " + i);
                Assert.Equal(1, await page.GetByTestId("login-error").CountAsync());
            }

            // The right password no longer opens the account.
            await tab.SignInAsync("locked@example.test", DashboardSession.Password);
            Assert.Equal(1, await page.GetByTestId("login-error").CountAsync());
            Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        });

        await using var db = harness.CreateDbContext();
        var user = db.Set<ConnectorUser>().Single(u => u.Email == "locked@example.test");
        Assert.NotNull(user.LockoutEnd);
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_IsRefused_AndSessionStays()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);

            // A form posted without the token (as another site would): refused, and the session is still open.
            var forged = await page.APIRequest.PostAsync("/logout", new APIRequestContextOptions { MaxRedirects = 0 });
            Assert.Equal((int)HttpStatusCode.BadRequest, forged.Status);
            await page.GotoAsync("/");
            Assert.DoesNotContain("/login", page.Url, StringComparison.Ordinal);

            // The page's own button carries the token.
            await page.Locator("header form button").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Contains("/login", page.Url, StringComparison.Ordinal);
            await page.GotoAsync("/");
            Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        });
    }
}
