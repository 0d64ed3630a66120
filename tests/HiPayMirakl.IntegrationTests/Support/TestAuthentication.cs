using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>
/// Test-only authentication: the role comes from the <c>X-Test-Role</c> header; no header means anonymous (401 on a
/// protected route). Registered through <c>ConnectorWebHost.Build</c>'s services hook, never by the connector itself.
/// </summary>
public sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string RoleHeader = "X-Test-Role";

    public static void Register(IServiceCollection services) =>
        services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuthentication>(SchemeName, null);

    /// <summary>A client for the harness's host that sends <paramref name="role"/> with every request.</summary>
    public static HttpClient ClientFor(ConnectorHarness harness, string role)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var client = new HttpClient { BaseAddress = harness.WebBaseAddress };
        client.DefaultRequestHeaders.Add(RoleHeader, role);
        return client;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(RoleHeader, out var role) || string.IsNullOrEmpty(role))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "test-" + role), new Claim(ClaimTypes.Role, role.ToString())], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
