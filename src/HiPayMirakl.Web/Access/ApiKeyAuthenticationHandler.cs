using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using HiPayMirakl.Core.Features.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.Web.Access;

/// <summary>Authenticates a request by its API key; the principal carries the key's role and is named <c>apikey:&lt;name&gt;</c>.</summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string KeyIdClaim = "api_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ConnectorAuthentication.PresentedKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var key = await Context.RequestServices.GetRequiredService<ApiKeyService>().AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            // The presented key is never part of the message: it is logged by the authentication middleware.
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "apikey:" + key.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, "apikey:" + key.Name),
            new Claim(ClaimTypes.Role, key.Role),
            new Claim(KeyIdClaim, key.Id.ToString(CultureInfo.InvariantCulture)),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
