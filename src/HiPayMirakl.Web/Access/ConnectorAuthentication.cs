using HiPayMirakl.Core.Features.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Web.Access;

/// <summary>
/// Who is calling. Machine clients send an API key (<c>Authorization: Bearer hmk_…</c> or <c>X-Api-Key</c>); people
/// sign in with <c>POST /account/login</c> and carry Identity's cookie. A policy scheme picks one per request: a
/// request that presents a key is judged by the key alone. Routes answer 401 and 403 (ProblemDetails), never a
/// redirect to a login page; dashboard pages send a browser that is not signed in to <c>/login</c>.
/// </summary>
public static class ConnectorAuthentication
{
    public const string Scheme = "connector";
    public const string ApiKeyScheme = "api-key";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string CookieName = "hipaymirakl.auth";

    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static void Add(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpContextAccessor();
        services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "API key or sign-in cookie", o =>
                o.ForwardDefaultSelector = http => PresentedKey(http.Request) is not null || HasBearer(http.Request)
                    ? ApiKeyScheme
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, "API key", null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            // Strict: a page on another site cannot make the browser send the cookie with a state-changing request.
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = SessionLifetime;
            o.SlidingExpiration = true;
            // The machine interfaces answer 401/403; a browser on a dashboard page is sent to the sign-in page, or told
            // that its role does not reach the page (with the 403 status).
            o.Events.OnRedirectToLogin = context => Dashboard.DashboardSetup.IsMachinePath(context.Request.Path)
                ? Answer(context.Response, StatusCodes.Status401Unauthorized)
                : Dashboard.DashboardDenied.SignInAsync(context.HttpContext);
            o.Events.OnRedirectToAccessDenied = context => Dashboard.DashboardSetup.IsMachinePath(context.Request.Path)
                ? Answer(context.Response, StatusCodes.Status403Forbidden)
                : Dashboard.DashboardDenied.ForbiddenAsync(context.HttpContext);
            o.Events.OnRedirectToLogout = context => Answer(context.Response, StatusCodes.Status204NoContent);
        });
        // Every request with a cookie checks the user's security stamp: a disabled user, a new password or a new role
        // ends the sessions opened before, at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        new IdentityBuilder(typeof(ConnectorUser), typeof(IdentityRole<long>), services).AddSignInManager<ConnectorSignInManager>();
    }

    /// <summary>The key a request presents in <c>X-Api-Key</c> or as a bearer token, or null.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(ApiKeyHeader, out var header) && header.Count == 1 && !string.IsNullOrWhiteSpace(header[0]))
        {
            return header[0]!.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }

    private static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) || request.Headers.ContainsKey(ApiKeyHeader);

    private static Task Answer(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
