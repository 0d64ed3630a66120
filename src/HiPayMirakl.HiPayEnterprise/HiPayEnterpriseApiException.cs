using System.Net;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// A call the gateway answered with an error we cannot turn into an outcome. Carries the HTTP status, the
/// gateway code (e.g. 1000001, 3000002), the request id when one was sent back and a redacted body: no IBAN
/// beyond first 4 + last 4, no credentials.
/// </summary>
public sealed class HiPayEnterpriseApiException : Exception
{
    public HiPayEnterpriseApiException()
    {
    }

    public HiPayEnterpriseApiException(string message)
        : base(message)
    {
    }

    public HiPayEnterpriseApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HiPayEnterpriseApiException(HttpStatusCode? httpStatus, int? gatewayCode, string? gatewayMessage, string? requestId, string? body, Exception? innerException = null)
        : base(BuildMessage(httpStatus, gatewayCode, gatewayMessage), innerException)
    {
        HttpStatus = httpStatus;
        GatewayCode = gatewayCode;
        RequestId = requestId;
        RedactedBody = Redaction.RedactBody(body);
    }

    public HttpStatusCode? HttpStatus { get; }

    public int? GatewayCode { get; }

    public string? RequestId { get; }

    public string RedactedBody { get; } = "";

    /// <summary>Only 1000008 (temporarily unavailable) and bare 5xx may succeed later; coded errors will not.</summary>
    public bool IsRetryable => GatewayCode switch
    {
        null => HttpStatus is null || (int)HttpStatus.Value >= 500,
        1000008 => true,
        _ => false,
    };

    private static string BuildMessage(HttpStatusCode? status, int? code, string? message)
    {
        var http = status is null ? "no HTTP status" : $"HTTP {(int)status}";
        var gateway = code is null ? "" : $" code {code}";
        var text = string.IsNullOrEmpty(message) ? "" : ": " + Redaction.RedactBody(message);
        return $"HiPay Enterprise gateway error ({http}{gateway}){text}";
    }
}
