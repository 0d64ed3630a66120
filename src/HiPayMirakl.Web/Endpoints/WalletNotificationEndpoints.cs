using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.WalletNotifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace HiPayMirakl.Web.Endpoints;

/// <summary>
/// <c>POST /notifications/hipay-wallet</c>: HiPay's form field <c>xml</c>. Verified over the bytes received, stored raw,
/// answered 204; a redelivery is also 204; a forgery is 403 and stores nothing.
/// </summary>
public static class WalletNotificationEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/notifications/hipay-wallet", async (HttpContext http, WalletNotificationReceiver receiver, InboxSignal inbox, CancellationToken ct) =>
        {
            var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (sizeFeature is { IsReadOnly: false })
            {
                sizeFeature.MaxRequestBodySize = WalletNotificationReceiver.MaxBodyBytes;
            }

            byte[] body;
            try
            {
                body = await ReadBodyAsync(http.Request, WalletNotificationReceiver.MaxBodyBytes, ct);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Notification too large",
                    detail: $"A wallet notification is at most {WalletNotificationReceiver.MaxBodyBytes} bytes.");
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
                _ => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable notification", detail: result.Detail),
            };
        });

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
