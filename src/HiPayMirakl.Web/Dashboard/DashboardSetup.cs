using System.Globalization;
using HiPayMirakl.Core.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Web.Dashboard;

/// <summary>
/// The operator dashboard: server-rendered Razor Pages in the connector's own host. Every page needs a signed-in
/// viewer (the folder convention); a page that changes something names the operator or admin policy on its model,
/// so the role is refused by the server whatever the page shows. Forms carry anti-forgery tokens (Razor Pages
/// validates them on every POST). Assets are embedded in the assembly and served by us: no CDN.
/// </summary>
public static class DashboardSetup
{
    /// <summary>The cultures the dashboard speaks; the first one is the fallback.</summary>
    public static readonly IReadOnlyList<string> Cultures = ["en", "fr"];

    /// <summary>The cookie that keeps a user's language choice.</summary>
    public static readonly string CultureCookie = CookieRequestCultureProvider.DefaultCookieName;

    public static void AddDashboard(IServiceCollection services, ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddLocalization();
        services
            .AddRazorPages(o =>
            {
                o.RootDirectory = "/Dashboard/Pages";
                o.Conventions.AuthorizeFolder("/", ConnectorPolicies.Viewer);
                o.Conventions.AllowAnonymousToPage("/Login");
            })
            .AddApplicationPart(typeof(DashboardSetup).Assembly)
            .AddViewLocalization()
            .AddDataAnnotationsLocalization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "hipaymirakl.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        services.AddSingleton(new DashboardFormat(settings.Dashboard.Locale, settings.Cycle.TimeZone));
        services.AddSingleton<DashboardJobRuns>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var supported = Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(settings.Dashboard.Locale);
            o.SupportedCultures = supported;
            o.SupportedUICultures = supported;
            // The user's own choice (cookie) wins, then the query string (?culture=fr); the browser's Accept-Language
            // is not consulted: the operator's setting decides for everyone who has not chosen.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new QueryStringRequestCultureProvider()];
        });
    }

    public static void MapDashboard(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        DashboardAssets.Map(app);
        app.MapRazorPages();
    }

    /// <summary>
    /// Paths of the machine interfaces: there, a refusal is a 401/403 ProblemDetails; everywhere else (the dashboard)
    /// a browser that is not signed in is sent to the sign-in page.
    /// </summary>
    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/account")
        // The providers' notification endpoints; /notifications itself is the dashboard's inbox page.
        || path.StartsWithSegments("/notifications/hipay-wallet") || path.StartsWithSegments("/notifications/hipay-enterprise")
        || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/openapi")
        || path.StartsWithSegments("/assets");
}
