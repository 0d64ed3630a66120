using System.Security.Claims;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Web.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace HiPayMirakl.Web.Endpoints;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record WhoAmI(string Name, IReadOnlyList<string> Roles, string? AuthenticationType);

/// <summary>
/// Sign-in for people: <c>POST /account/login</c> sets the session cookie, <c>POST /account/logout</c> ends it,
/// <c>GET /account/me</c> says who the caller is. Five wrong passwords in a row lock the account for 15 minutes. A
/// refused sign-in is the same 401 whatever the reason (unknown e-mail, wrong password, locked, disabled), so that
/// the answer does not tell which accounts exist.
/// </summary>
public static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var account = app.MapGroup("/account").WithTags("Account");

        account.MapPost("/login", async (LoginRequest request, SignInManager<ConnectorUser> signIn) =>
        {
            var refused = Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused",
                detail: "Wrong e-mail or password, or the account is locked or disabled.");
            if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
            {
                return refused;
            }

            var user = await signIn.UserManager.FindByEmailAsync(request.Email.Trim());
            if (user is null)
            {
                // Hash anyway, so that an unknown e-mail takes as long to refuse as a wrong password.
                signIn.UserManager.PasswordHasher.HashPassword(new ConnectorUser(), request.Password);
                return refused;
            }

            var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
            if (!result.Succeeded)
            {
                return refused;
            }

            return Results.Ok(new WhoAmI(user.Email ?? "", [.. await signIn.UserManager.GetRolesAsync(user)], IdentityConstants.ApplicationScheme));
        }).AllowAnonymous();

        account.MapPost("/logout", async (SignInManager<ConnectorUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.NoContent();
        }).RequireAuthorization();

        account.MapGet("/me", (ClaimsPrincipal user) =>
            Results.Ok(new WhoAmI(user.Identity?.Name ?? "", [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)], user.Identity?.AuthenticationType)))
            .RequireAuthorization();
    }
}
