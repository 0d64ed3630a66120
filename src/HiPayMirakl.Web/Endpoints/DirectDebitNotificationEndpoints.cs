using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.WalletNotifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HiPayMirakl.Web.Endpoints;

/// <summary>
/// <c>POST /notifications/hipay-enterprise</c>: form (bracket keys) or <c>&lt;notification&gt;</c> XML, signed in
/// <c>X-ALLOPASS-SIGNATURE</c> over the raw body. Stored then 204; a redelivery is 204 too; a forgery is 403 and
/// stores nothing. Nothing else runs in the request: the inbox dispatcher, woken here, applies the message.
/// </summary>
public static class DirectDebitNotificationEndpoints
{
    public const string SignatureHeader = "X-ALLOPASS-SIGNATURE";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/notifications/hipay-enterprise", async (
            HttpContext http,
            EnterpriseNotificationReceiver receiver,
            InboxSignal inbox,
            CancellationToken ct) =>
        {
            var (body, refusal) = await NotificationRequestBody.ReadAsync(http, EnterpriseNotificationReceiver.MaxBodyBytes, ct);
            if (refusal is not null || body is null)
            {
                return refusal ?? Results.BadRequest();
            }

            var result = await receiver.ReceiveAsync(body, http.Request.ContentType, http.Request.Headers[SignatureHeader].ToString(), ct);
            switch (result.Outcome)
            {
                case ReceiveOutcome.Stored:
                    inbox.Wake();
                    return Results.NoContent();
                case ReceiveOutcome.Duplicate:
                    return Results.NoContent();
                case ReceiveOutcome.Forged:
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Signature mismatch",
                        detail: "X-ALLOPASS-SIGNATURE does not match the body.");
                default:
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable notification", detail: result.Detail);
            }
        }).AllowAnonymous();
}
