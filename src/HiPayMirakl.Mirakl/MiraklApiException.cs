using System.Globalization;
using System.Net;

namespace HiPayMirakl.Mirakl;

/// <summary>
/// Any failed Mirakl call: an HTTP error status, a transport failure after the retries, or a body that cannot be read.
/// Carries no key and no full IBAN (the excerpt is redacted).
/// </summary>
public sealed class MiraklApiException : Exception
{
    public MiraklApiException()
    {
        Operation = string.Empty;
    }

    public MiraklApiException(string message)
        : base(message)
    {
        Operation = string.Empty;
    }

    public MiraklApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = string.Empty;
    }

    public MiraklApiException(string operation, HttpStatusCode? statusCode, string? requestId, string? bodyExcerpt,
        string reason, Exception? innerException = null)
        : base(Describe(operation, statusCode, requestId, bodyExcerpt, reason), innerException)
    {
        Operation = operation;
        StatusCode = statusCode;
        RequestId = requestId;
        BodyExcerpt = bodyExcerpt;
    }

    /// <summary>Mirakl operation code: S20, S07, S30, S31, IV01, DO01, AF01.</summary>
    public string Operation { get; }

    /// <summary>HTTP status, or null when no response came back (timeout, connection failure).</summary>
    public HttpStatusCode? StatusCode { get; }

    public string? RequestId { get; }

    /// <summary>Start of the response body with secrets removed and IBANs masked.</summary>
    public string? BodyExcerpt { get; }

    /// <summary>True when the same call may succeed later (429, 5xx, no response): the item stays retryable.</summary>
    public bool IsTransient => StatusCode is null or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout ||
        (int)StatusCode >= 500;

    private static string Describe(string operation, HttpStatusCode? status, string? requestId, string? excerpt,
        string reason)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Mirakl {operation} failed: {reason}{(status is { } s ? $" (HTTP {(int)s})" : string.Empty)}");
        if (!string.IsNullOrEmpty(requestId))
        {
            text += string.Create(CultureInfo.InvariantCulture, $", request id {requestId}");
        }

        if (!string.IsNullOrEmpty(excerpt))
        {
            text += ": " + excerpt;
        }

        return text;
    }
}
