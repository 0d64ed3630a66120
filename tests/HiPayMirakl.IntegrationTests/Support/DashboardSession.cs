using System.Runtime.CompilerServices;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using HiPayMirakl.Core.Persistence;
using Microsoft.Playwright;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>
/// A browser tab on the connector's dashboard: a fresh browser context (own cookies) against a running
/// <see cref="ConnectorHarness"/>. <see cref="RunAsync"/> saves a full-page screenshot under
/// <c>TestResults/screenshots</c> when a step fails, then lets the failure through.
/// </summary>
public sealed class DashboardSession : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly IBrowserContext _context;

    private DashboardSession(ConnectorHarness harness, IBrowserContext context, IPage page)
    {
        Harness = harness;
        _context = context;
        Page = page;
    }

    public ConnectorHarness Harness { get; }

    public IPage Page { get; }

    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>A tab on <paramref name="harness"/>'s dashboard, not signed in.</summary>
    public static async Task<DashboardSession> OpenAsync(BrowserFixture browser, ConnectorHarness harness, int width = 1280, int height = 900)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(harness);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = harness.WebBaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return new DashboardSession(harness, context, await context.NewPageAsync());
    }

    /// <summary>Creates a user with <paramref name="role"/> (null: none) and signs in through the sign-in form.</summary>
    public async Task SignInAsNewUserAsync(string? role, string? email = null)
    {
        email ??= $"{role ?? "norole"}-{Guid.NewGuid().ToString("N")[..12]}@example.test";
        await Harness.AddUserAsync(email, Password, role);
        await SignInAsync(email, Password);
    }

    public async Task SignInAsync(string email, string password)
    {
        // Stay on the sign-in page the dashboard sent us to (it carries the page to go back to).
        if (!new Uri(Page.Url, UriKind.RelativeOrAbsolute).ToString().Contains("/login", StringComparison.Ordinal))
        {
            await Page.GotoAsync("/login");
        }

        await Page.Locator("input[name=Email]").FillAsync(email);
        await Page.Locator("input[name=Password]").FillAsync(password);
        await Page.Locator("form button[type=submit]").Last.ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>Runs the test's steps; on failure, saves a screenshot named after the test and rethrows.</summary>
    public async Task RunAsync(Func<IPage, Task> steps, [CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(steps);
        try
        {
            await steps(Page);
        }
        catch
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            var file = Path.Combine(ScreenshotDirectory, $"{name}-{DateTime.UtcNow:HHmmss}.png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            Console.Error.WriteLine($"screenshot of the failed step: {file}");
            throw;
        }
    }

    /// <summary>
    /// Runs axe-core on the current page; fails listing every serious or critical violation (rule, impact and the
    /// offending elements).
    /// </summary>
    public async Task AssertAccessibleAsync()
    {
        var results = await Page.RunAxe();
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{Page.Url}: " + string.Join(Environment.NewLine, bad.Select(Describe)));
    }

    private static string Describe(AxeResultItem v) =>
        $"{v.Id} ({v.Impact}): {v.Help} — " + string.Join("; ", v.Nodes.Take(5).Select(n => n.Target?.ToString() ?? n.Html));

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
