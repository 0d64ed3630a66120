using HiPayMirakl.Core.Features.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HiPayMirakl.Web.Dashboard.Pages;

/// <summary>Ends the caller's own session (a POST with the anti-forgery token; a GET only shows the button).</summary>
public sealed class LogoutModel(SignInManager<ConnectorUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage("/Login");
    }
}
