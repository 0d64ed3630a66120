using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace HiPayMirakl.Web.Dashboard;

/// <summary>The user's language choice, kept for a year in the culture cookie; only the supported cultures are kept.</summary>
public static class DashboardCulture
{
    public static void KeepChoice(HttpContext http, string? culture = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        culture ??= http.Request.Query["culture"].ToString();
        if (string.IsNullOrEmpty(culture) || !DashboardSetup.Cultures.Contains(culture))
        {
            return;
        }

        http.Response.Cookies.Append(
            DashboardSetup.CultureCookie,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
    }
}
