using Microsoft.AspNetCore.Http;

namespace HiPayMirakl.Web.Endpoints;

/// <summary>
/// Reads a notification body under a size limit. Too large is 413 and a broken request 400, both as ProblemDetails:
/// a provider's notification endpoint answers bad input with 4xx, never with a 500.
/// </summary>
internal static class NotificationRequestBody
{
    public static async Task<(byte[]? Body, IResult? Refusal)> ReadAsync(HttpContext http, int limit, CancellationToken ct)
    {
        // The rest of an oversized body (up to the server's own cap) is read and dropped rather than left unread:
        // a sender still writing when we answer would otherwise see the connection reset instead of our 413.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        var tooLarge = false;
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                tooLarge |= buffer.Length + read > limit;
                if (!tooLarge)
                {
                    buffer.Write(chunk, 0, read);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            tooLarge = true;
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable request", detail: ex.Message));
        }

        return tooLarge ? (null, TooLarge(limit)) : (buffer.ToArray(), null);
    }

    private static IResult TooLarge(int limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Notification too large",
            detail: $"A notification is at most {limit} bytes.");
}
