using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Simulator.HiPayEnterprise;

/// <summary>HiPay's hosted SEPA mandate page: a plain HTML form that, once submitted, redirects with a signed hash.</summary>
internal static class HostedPageEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EnterpriseState state)
    {
        app.MapGet("/payment/web/pay/{uuid}", (HttpContext context, string uuid) =>
        {
            var page = state.GetHostedPage(uuid);
            return page.Session is { Transaction: not null }
                ? Page(context, 404, null, "Unknown payment page.")
                : Page(context, page.Http, page.Session, page.Error);
        });
        app.MapPost("/payment/web/pay/{uuid}", async (HttpContext context, string uuid) =>
        {
            var form = await EnterpriseApiEndpoints.FormAsync(context.Request);
            var outcome = state.SubmitHostedPage(uuid, form);
            if (outcome.Http == 302 && outcome.RedirectTo is { } target)
            {
                context.Response.Redirect(target);
                return;
            }

            if (outcome.Http == 302)
            {
                // No return URL was given: show where the customer would have gone.
                await Page(context, 200, outcome.Session, "Done. You may close this page.");
                return;
            }

            await Page(context, outcome.Http, outcome.Session, outcome.Error);
        });
        MapSignature(app, state);
    }

    private static void MapSignature(IEndpointRouteBuilder app, EnterpriseState state)
    {
        app.MapGet("/payment/web/sign/{uuid}", (HttpContext context, string uuid) =>
        {
            var page = state.GetHostedPage(uuid);
            if (page.Session is { Transaction: null })
            {
                return SignaturePage(context, 404, null, "Unknown signature page.");
            }

            return SignaturePage(context, page.Http, page.Session, page.Error);
        });
        app.MapPost("/payment/web/sign/{uuid}", async (HttpContext context, string uuid) =>
        {
            var outcome = state.SubmitSignaturePage(uuid, await EnterpriseApiEndpoints.FormAsync(context.Request));
            if (outcome.Http == 302 && outcome.RedirectTo is { } target)
            {
                context.Response.Redirect(target);
                return;
            }

            await SignaturePage(context, outcome.Http == 302 ? 200 : outcome.Http, null, outcome.Http == 302 ? "Done. You may close this page." : outcome.Error);
        });
    }

    private static Task SignaturePage(HttpContext context, int status, SimHostedSession? session, string? message)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign your SEPA mandate</title></head><body>");
        html.Append("<h1>Sign your SEPA Direct Debit mandate</h1>");
        if (message is not null)
        {
            html.Append("<p class=\"message\" role=\"alert\">").Append(EnterpriseApiEndpoints.Html(message)).Append("</p>");
        }

        if (session is { Used: false } && status == 200)
        {
            html.Append("<form method=\"post\" action=\"/payment/web/sign/").Append(EnterpriseApiEndpoints.Html(session.Uuid)).Append("\">");
            html.Append("<button type=\"submit\" name=\"action\" value=\"sign\">Sign</button> ");
            html.Append("<button type=\"submit\" name=\"action\" value=\"cancel\">Cancel</button></form>");
        }

        html.Append("</body></html>");
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html.ToString());
    }

    private static Task Page(HttpContext context, int status, SimHostedSession? session, string? message)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>SEPA Direct Debit mandate</title></head><body>");
        html.Append("<h1>SEPA Direct Debit mandate</h1>");
        if (message is not null)
        {
            html.Append("<p class=\"message\" role=\"alert\">").Append(EnterpriseApiEndpoints.Html(message)).Append("</p>");
        }

        if (session is not null && status is 200 or 400 && !session.Used)
        {
            var order = session.Order;
            html.Append("<p>Order <span id=\"orderid\">").Append(EnterpriseApiEndpoints.Html(order.Id)).Append("</span>, amount <span id=\"amount\">")
                .Append(EnterpriseWire.Amount(order.AmountMinor)).Append(' ').Append(EnterpriseApiEndpoints.Html(order.Currency)).Append("</span></p>");
            html.Append("<form method=\"post\" action=\"/payment/web/pay/").Append(EnterpriseApiEndpoints.Html(session.Uuid)).Append("\">");
            html.Append("<label>Gender <select name=\"gender\"><option value=\"M\">M</option><option value=\"F\">F</option><option value=\"U\">U</option></select></label><br>");
            foreach (var (name, label) in new[] { ("firstname", "First name"), ("lastname", "Last name"), ("bank_name", "Bank name"), ("iban", "IBAN"), ("issuer_bank_id", "BIC") })
            {
                // The IBAN is never echoed back into the page, even after a failed submit.
                html.Append("<label>").Append(label).Append(" <input name=\"").Append(name).Append("\" id=\"").Append(name).Append("\"></label><br>");
            }

            html.Append("<button type=\"submit\" name=\"action\" value=\"pay\">Sign the mandate</button> ");
            html.Append("<button type=\"submit\" name=\"action\" value=\"cancel\">Cancel</button></form>");
        }

        html.Append("</body></html>");
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html.ToString());
    }
}
