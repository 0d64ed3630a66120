using System.Globalization;
using System.Net;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HiPayMirakl.IntegrationTests.Dashboard;

/// <summary>The operations pages in a real Chromium: run a job, export logs, replay a dead letter, manage users and keys, roles.</summary>
[Collection(BrowserTests.Name)]
public sealed class OperationsPagesTests(BrowserFixture browser)
{
    private static readonly LocatorAssertionsToHaveTextOptions Patiently = new() { Timeout = 60_000 };

    /// <summary>Vendor log rows of shop 12 at level Success (odd rows, not multiples of 3), newest first.</summary>
    private static readonly int[] Shop12Successes = [7, 5, 1];

    [Fact]
    public async Task Jobs_RunNowAsOperator_BatchOutcomeAppearsWithoutReload()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        string? shown = null;
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Operator);
            await page.GotoAsync("/jobs");
            await tab.AssertAccessibleAsync();
            page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();

            await page.Locator("[data-testid=schedule] tr[data-job='inbox-digest'] button").ClickAsync();
            await page.Locator(".flash").WaitForAsync();
            await page.EvaluateAsync("() => { window.sameDocument = true; }");

            // The batch's row shows its final outcome (whatever the job met) without the page being loaded again.
            var outcome = page.Locator("[data-testid=batches] tr[data-job='inbox-digest'] [data-testid=outcome]");
            await Assertions.Expect(outcome).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^$|Running"), Patiently);
            await Assertions.Expect(page.Locator("#batches[data-refresh-done='true']")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
            Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
            shown = (await outcome.InnerTextAsync()).Trim();
            await tab.AssertAccessibleAsync();
        });

        await using var db = harness.CreateDbContext();
        var batch = await db.Batches.AsNoTracking().SingleAsync(b => b.Name == "inbox:digest");
        Assert.NotEqual(BatchStatus.Running, batch.Status);
        Assert.Equal(batch.Status.ToString(), shown);
        Assert.Equal(JobTrigger.Manual, batch.Trigger);
    }

    [Fact]
    public async Task Logs_ExportCsvOfFilteredView_DownloadHoldsTheFilteredRows()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await OperationsSeed.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
            await page.GotoAsync("/logs");
            await page.Locator("#shop").FillAsync("12");
            await page.Locator("#level").SelectOptionAsync("Success");
            await page.Locator("form.filters button[type=submit]").ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await tab.AssertAccessibleAsync();

            // Shop 12 is every odd row; Success every row not a multiple of 3: rows 1, 5 and 7.
            var expected = Shop12Successes.Select(i => seeded.VendorLogIds[i]).ToList();
            var shown = await page.Locator("[data-testid=logs] tbody tr[data-log]").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.log))");
            Assert.Equal(expected, shown);

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
            var path = await download.PathAsync();
            var lines = (await File.ReadAllTextAsync(path!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("id,time (" + harness.Settings.Cycle.TimeZone + "),level,shop,subject,message,batch", lines[0]);
            var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(expected, rows.Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)));
            Assert.All(rows, r => Assert.Equal(("Success", "12"), (r[2], r[3])));
        });
    }

    [Fact]
    public async Task Notifications_ReplayDeadLetterAsOperator_RowIsBackInTheQueue()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await OperationsSeed.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Operator);
            await page.GotoAsync("/notifications?state=DeadLetter");
            await tab.AssertAccessibleAsync();
            Assert.Equal(1, await page.Locator("[data-testid=inbox] tbody tr[data-inbox]").CountAsync());
            page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();

            await page.Locator($"tr[data-inbox='{seeded.DeadLetterId}'] button").ClickAsync();
            await page.WaitForURLAsync($"**/notifications/{seeded.DeadLetterId}");
            await Assertions.Expect(page.GetByTestId("outcome")).ToHaveTextAsync("Pending");
            Assert.Contains($"#{seeded.DeadLetterId}", await page.Locator(".flash").InnerTextAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(OperationsSeed.Salt, await page.ContentAsync(), StringComparison.Ordinal);
            await tab.AssertAccessibleAsync();
        });

        await using var db = harness.CreateDbContext();
        var row = await db.Inbox.AsNoTracking().SingleAsync(m => m.Id == seeded.DeadLetterId);
        Assert.Equal((InboxOutcome.Pending, 0), (row.Outcome, row.Attempts));
    }

    [Fact]
    public async Task AdminUsers_AdminAddsUserAndCreatesApiKey_KeyIsShownOnceAndWorks()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        string? key = null;
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Admin);
            await page.GotoAsync("/admin/users");
            await tab.AssertAccessibleAsync();

            await page.Locator("#new-email").FillAsync("new.operator@example.test");
            await page.Locator("#new-password").FillAsync(DashboardSession.Password);
            await page.Locator("#new-role").SelectOptionAsync(ConnectorRoles.Operator);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Assertions.Expect(page.Locator("tr[data-user='new.operator@example.test'] select")).ToHaveValueAsync(ConnectorRoles.Operator);

            await page.Locator("#key-name").FillAsync("monitoring");
            await page.Locator("#key-role").SelectOptionAsync(ConnectorRoles.Viewer);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            key = await page.GetByTestId("created-key").InnerTextAsync();
            Assert.StartsWith(ApiKeyService.KeyStart, key, StringComparison.Ordinal);
            await tab.AssertAccessibleAsync();

            // Shown once: the next visit lists the key by its start only.
            await page.GotoAsync("/admin/users");
            Assert.Equal(0, await page.GetByTestId("created-key").CountAsync());
            Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
            Assert.Equal(1, await page.Locator("tr[data-key='monitoring']").CountAsync());
        });

        await using (var db = harness.CreateDbContext())
        {
            Assert.Equal(1, await db.Users.CountAsync(u => u.Email == "new.operator@example.test"));
        }

        using var client = harness.NewClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var jobs = await client.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
    }

    [Fact]
    public async Task OperationsPages_AsViewer_ShowNoRunOrReplay_AndPostsAreRefused()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var seeded = await OperationsSeed.SeedAsync(harness);
        await using var tab = await DashboardSession.OpenAsync(browser, harness);
        await tab.RunAsync(async page =>
        {
            await tab.SignInAsNewUserAsync(ConnectorRoles.Viewer);
            await page.GotoAsync("/jobs");
            Assert.Equal(0, await page.Locator("form[action*='/run'] button").CountAsync());
            await page.GotoAsync("/notifications?state=DeadLetter");
            Assert.Equal(1, await page.Locator("[data-testid=inbox] tbody tr[data-inbox]").CountAsync());
            Assert.Equal(0, await page.Locator("form[action*='/replay'] button").CountAsync());
            await page.GotoAsync($"/notifications/{seeded.DeadLetterId}");
            Assert.Equal(0, await page.Locator("form[action*='/replay'] button").CountAsync());
            await tab.AssertAccessibleAsync();

            // A form posted with a valid anti-forgery token (the sign-out form's) is still refused by role.
            var token = await page.Locator("header form input[name=__RequestVerificationToken]").GetAttributeAsync("value");
            foreach (var url in new[] { "/jobs/vendor-sync/run", $"/notifications/{seeded.DeadLetterId}/replay", "/admin/users?handler=Add" })
            {
                var response = await page.APIRequest.PostAsync(url, new APIRequestContextOptions
                {
                    Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!).Set("Email", "x@example.test").Set("Password", "p").Set("Role", "admin"),
                    MaxRedirects = 0,
                });
                Assert.True(response.Status == (int)HttpStatusCode.Forbidden, $"{url}: {response.Status}");
            }

            await page.GotoAsync("/direct-debit");
            await tab.AssertAccessibleAsync();
        });

        await using var db = harness.CreateDbContext();
        Assert.Equal(InboxOutcome.DeadLetter, (await db.Inbox.AsNoTracking().SingleAsync(m => m.Id == seeded.DeadLetterId)).Outcome);
        Assert.Equal(2, await db.Batches.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync(u => u.Email == "x@example.test"));
    }
}
