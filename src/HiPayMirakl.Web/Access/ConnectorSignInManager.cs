using HiPayMirakl.Core.Features.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.Web.Access;

/// <summary>Identity's sign-in, refusing users an admin disabled (on top of lockout).</summary>
public sealed class ConnectorSignInManager(
    UserManager<ConnectorUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ConnectorUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ConnectorUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ConnectorUser> confirmation)
    : SignInManager<ConnectorUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ConnectorUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.DisabledAt is null && await base.CanSignInAsync(user);
    }
}
