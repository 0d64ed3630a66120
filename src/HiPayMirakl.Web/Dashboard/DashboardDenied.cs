using System.Net;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard;

/// <summary>What a browser gets on a dashboard page it may not see: the sign-in page, or a 403 page.</summary>
public static class DashboardDenied
{
    public static Task SignInAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var returnUrl = http.Request.Path + http.Request.QueryString;
        http.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        return Task.CompletedTask;
    }

    public static async Task ForbiddenAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>();
        var title = WebUtility.HtmlEncode(text["Access denied"]);
        var body = WebUtility.HtmlEncode(text["Your role does not allow this page or action."]);
        var back = WebUtility.HtmlEncode(text["Back to the overview"]);
        var lang = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · HiPay Mirakl</title><link rel="stylesheet" href="{DashboardAssets.Url("dashboard.css")}"></head>
            <body><main id="main"><section class="card login"><h1>{title}</h1><p>{body}</p><p><a href="/">{back}</a></p></section></main></body></html>
            """, http.RequestAborted);
    }
}
