using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Access;

/// <summary>
/// Walks every endpoint the host maps (from its endpoint data source, so a route added later is walked too): only the
/// listed routes may be anonymous; every other one must name its policy, answer 401 without credentials, 403 to every
/// weaker caller, and let its own role and the stronger ones through.
/// </summary>
public sealed partial class RouteCrawlTests
{
    /// <summary>The predecessor's notification URL, configured as WalletNotifications:ExtraPath for the crawl.</summary>
    private const string LegacyNotificationPath = "/index.php";

    /// <summary>
    /// The only routes a caller without credentials may reach: HiPay's notifications (and the configured extra path of
    /// the wallet one), liveness, and sign-in.
    /// </summary>
    private static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal)
    {
        "POST /notifications/hipay-wallet",
        "POST " + LegacyNotificationPath,
        "POST /notifications/hipay-enterprise",
        "GET /health/live",
        "POST /account/login",
        // The dashboard's sign-in page, and its style sheet and script (embedded files, no data).
        "GET /login",
        "GET /assets/{name}",
    };

    /// <summary>Routes that change only the caller's own session, open to any signed-in caller.</summary>
    private static readonly HashSet<string> OwnSession = new(StringComparer.Ordinal) { "POST /account/logout" };

    /// <summary>Caller levels, weakest first: signed in without a role, then the three roles.</summary>
    private static readonly string[] Levels = ["authenticated", .. ConnectorRoles.All];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryRoute_AnonymousOnlyWhenListed_401WithoutCredentials_403ForWeakerRoles(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false,
            configure: s => s.WalletNotifications.ExtraPath = LegacyNotificationPath);
        var routes = Routes(harness);
        Assert.Contains(routes, r => r.Key == "POST " + LegacyNotificationPath);
        Assert.True(routes.Count >= 30, $"only {routes.Count} routes found: the crawl does not see the host's endpoints");
        Assert.Contains(routes, r => r.Key == "POST /api/legs/{id:long}/hold");

        var anonymous = harness.NewClient();
        // A signed-in user with no role: authenticated, but admitted nowhere a role is required.
        await harness.AddUserAsync("norole@example.test", "correct horse battery", role: null);
        var noRole = harness.NewClient();
        using (var login = await noRole.PostAsJsonAsync("/account/login", new { email = "norole@example.test", password = "correct horse battery" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        var callers = new Dictionary<string, HttpClient> { ["authenticated"] = noRole };
        foreach (var role in ConnectorRoles.All)
        {
            callers[role] = await harness.ClientAsync(role);
        }

        var failures = new List<string>();
        foreach (var route in routes)
        {
            if (Anonymous.Contains(route.Key))
            {
                if (!route.AllowsAnonymous)
                {
                    failures.Add($"{route.Key}: listed as anonymous but not marked AllowAnonymous");
                }

                continue;
            }

            if (route.AllowsAnonymous)
            {
                failures.Add($"{route.Key}: anonymous, and not on the list of anonymous routes");
                continue;
            }

            if (route.Policies.Count == 0)
            {
                failures.Add($"{route.Key}: no authorization metadata (RequireAuthorization missing)");
                continue;
            }

            var unknown = route.Policies.Where(p => p is not null && !ConnectorRoles.All.Contains(p)).ToList();
            if (unknown.Count > 0)
            {
                failures.Add($"{route.Key}: unknown policy {string.Join(", ", unknown)}");
                continue;
            }

            var required = route.Policies.Max(p => Array.IndexOf(Levels, p ?? "authenticated"));
            // A viewer only reads: a route that can change something must ask for an operator at least, whatever its
            // own metadata says (the checks below only hold a route to the role it names).
            if (route.Method is not ("GET" or "HEAD") && !OwnSession.Contains(route.Key)
                && required < Array.IndexOf(Levels, ConnectorRoles.Operator))
            {
                failures.Add($"{route.Key}: can change something but requires only {Levels[required]}");
            }

            var status = await SendAsync(anonymous, route);
            var expected = route.IsPage ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized;
            if (status != expected)
            {
                failures.Add($"{route.Key}: {(int)status} without credentials, expected {(int)expected}{(route.IsPage ? " to the sign-in page" : "")}");
            }

            for (var level = 0; level < required; level++)
            {
                status = await SendAsync(callers[Levels[level]], route);
                if (status != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{route.Key}: {(int)status} for {Levels[level]}, expected 403 (requires {Levels[required]})");
                }
            }
        }

        // Then the callers strong enough, with ids no row has: admitted (neither 401 nor 403), and nothing changes.
        foreach (var route in routes.Where(r => !r.AllowsAnonymous && r.Policies.Count > 0))
        {
            var required = Math.Max(1, route.Policies.Max(p => Array.IndexOf(Levels, p ?? "authenticated")));
            for (var level = required; level < Levels.Length; level++)
            {
                var status = await SendAsync(callers[Levels[level]], route);
                if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{route.Key}: {(int)status} for {Levels[level]}, which it requires or exceeds");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OpenApi_WithoutCredentials_401(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);

        using var anonymous = await harness.NewClient().GetAsync("/openapi/v1.json");
        using var viewer = await (await harness.ClientAsync(ConnectorRoles.Viewer)).GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, viewer.StatusCode);
    }

    /// <summary>
    /// A dashboard page answers every method, so the crawl above sees it as GET; a page that can change something (an
    /// OnPost handler) must name the operator or admin policy on its model, like the API's routes, except the sign-in
    /// and sign-out pages. (The server refuses a weaker role before the handler runs: the crawl sends those pages a GET
    /// and sees the 403.)
    /// </summary>
    [Fact]
    public void EveryDashboardPageThatPosts_RequiresOperatorOrAdmin()
    {
        var pages = typeof(HiPayMirakl.Web.ConnectorWebHost).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.AspNetCore.Mvc.RazorPages.PageModel).IsAssignableFrom(t) && !t.IsAbstract)
            .ToList();
        Assert.Contains(pages, p => p.Name == "LoginModel");
        var failures = new List<string>();
        foreach (var page in pages)
        {
            var posts = page.GetMethods().Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)).ToList();
            if (posts.Count == 0 || page.Name is "LoginModel" or "LogoutModel")
            {
                continue;
            }

            var policies = page.GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>().Select(a => a.Policy).ToList();
            if (!policies.Any(p => p is ConnectorRoles.Operator or ConnectorRoles.Admin))
            {
                failures.Add($"{page.FullName}: has {string.Join(", ", posts.Select(m => m.Name))} but does not require operator or admin");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private sealed record Route(string Key, string Method, string Url, bool AllowsAnonymous, IReadOnlyList<string?> Policies, bool IsPage);

    private static List<Route> Routes(ConnectorHarness harness)
    {
        var routes = new List<Route>();
        foreach (var endpoint in harness.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            // An id no row has: a caller who gets through reaches a 404 (or a refusal), never a change.
            var url = RouteParameter().Replace(pattern, "999999");
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var allowsAnonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var isPage = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null;
            routes.AddRange(methods.Select(m => new Route($"{m} {pattern}", m, url, allowsAnonymous, policies, isPage)));
        }

        return routes;
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, Route route)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
