using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HiPayMirakl.Web.Dashboard.Pages;

/// <summary>Keeps the signed-in user's language choice in a cookie and goes back to the page they were on.</summary>
public sealed class CultureModel : PageModel
{
    public IActionResult OnGet(string? culture, string? returnUrl)
    {
        DashboardCulture.KeepChoice(HttpContext, culture);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
