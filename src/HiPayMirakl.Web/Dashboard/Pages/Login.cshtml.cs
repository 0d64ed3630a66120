using System.ComponentModel.DataAnnotations;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages;

/// <summary>
/// Sign-in for people. Five wrong passwords in a row lock the account for 15 minutes (Identity's lockout, the same as
/// <c>POST /account/login</c>); a refusal reads the same whatever the reason, so the page does not tell which
/// accounts exist. After signing in, the browser goes back to the page it asked for, if that page is ours.
/// </summary>
public sealed class LoginModel(SignInManager<ConnectorUser> signIn, IStringLocalizer<SharedText> text) : PageModel
{
    [BindProperty]
    [Required]
    [EmailAddress]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet() => DashboardCulture.KeepChoice(HttpContext);

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await signIn.UserManager.FindByEmailAsync(Email.Trim());
        if (user is null)
        {
            // Hash anyway, so that an unknown e-mail takes as long to refuse as a wrong password.
            signIn.UserManager.PasswordHasher.HashPassword(new ConnectorUser(), Password);
            return Refused();
        }

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            return Refused();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    private PageResult Refused()
    {
        Error = text["Wrong e-mail or password, or the account is locked or disabled."];
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
