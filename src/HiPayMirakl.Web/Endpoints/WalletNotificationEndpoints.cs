using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.WalletNotifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HiPayMirakl.Web.Endpoints;

/// <summary>
/// <c>POST /notifications/hipay-wallet</c>: HiPay's form field <c>xml</c> (or the XML posted raw). Verified over the
/// text received, stored raw, answered 204; a redelivery is also 204; a forgery is 403 and stores nothing. When the
/// account's salt cannot be read from HiPay now, the answer is 503 so that HiPay delivers it again later.
/// <c>WalletNotifications:ExtraPath</c>, when set, maps the same endpoint on a second path (the predecessor's URL).
/// </summary>
public static class WalletNotificationEndpoints
{
    public static void Map(IEndpointRouteBuilder app, WalletNotificationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        app.MapPost(WalletNotificationsOptions.Path, ReceiveAsync).AllowAnonymous();
        if (!string.IsNullOrEmpty(options.ExtraPath))
        {
            app.MapPost(options.ExtraPath, ReceiveAsync).AllowAnonymous();
        }
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, WalletNotificationReceiver receiver, InboxSignal inbox, CancellationToken ct)
    {
            var (body, refusal) = await NotificationRequestBody.ReadAsync(http, WalletNotificationReceiver.MaxBodyBytes, ct);
            if (refusal is not null || body is null)
            {
                return refusal ?? Results.BadRequest();
            }

            var result = await receiver.ReceiveAsync(body, http.Request.ContentType, ct);
            if (result.Outcome == ReceiveOutcome.Stored)
            {
                inbox.Wake();
            }

            return result.Outcome switch
            {
                ReceiveOutcome.Stored or ReceiveOutcome.Duplicate => Results.NoContent(),
                ReceiveOutcome.Forged => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Signature mismatch",
                    detail: "The md5content does not match this account's callback salt."),
                ReceiveOutcome.Unavailable => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cannot verify now",
                    detail: result.Detail),
                ReceiveOutcome.UnsupportedMediaType => Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "Unsupported content type", detail: result.Detail),
                _ => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable notification", detail: result.Detail),
            };
    }
}
