using System.Globalization;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// A HiPay Wallet call that failed in a way the client does not turn into an outcome value: an HTTP error, an
/// HTTP 200 whose <c>code</c> is not 0, or an unreadable answer. Carries the operation, the HTTP status, HiPay's code
/// and message, and a redacted excerpt of the body (no credentials, no callback salt, IBANs masked).
/// </summary>
public sealed class HiPayWalletApiException : Exception
{
    public HiPayWalletApiException()
    {
    }

    public HiPayWalletApiException(string message)
        : base(message)
    {
    }

    public HiPayWalletApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HiPayWalletApiException(string operation, int? httpStatus, int? hiPayCode, string? hiPayMessage, string? body, Exception? innerException = null)
        : base(BuildMessage(operation, httpStatus, hiPayCode, hiPayMessage), innerException)
    {
        Operation = operation;
        HttpStatus = httpStatus;
        HiPayCode = hiPayCode;
        HiPayMessage = hiPayMessage is null ? null : WalletRedaction.Redact(hiPayMessage);
        BodyExcerpt = WalletRedaction.Excerpt(body);
    }

    /// <summary>Short name of the call, e.g. "GET user-account".</summary>
    public string Operation { get; } = "";

    public int? HttpStatus { get; }

    /// <summary>The <c>code</c> of HiPay's envelope (3 invalid parameter, 7 not found, 13 technical error…).</summary>
    public int? HiPayCode { get; }

    public string? HiPayMessage { get; }

    public string BodyExcerpt { get; } = "";

    /// <summary>HTTP 401 or code 1/401: what the predecessor's e-mail fallback reacts to.</summary>
    public bool IsAuthenticationFailure => HttpStatus == 401 || HiPayCode is 1 or 401;

    public bool IsNotFound => HttpStatus == 404 || HiPayCode == 7;

    private static string BuildMessage(string operation, int? status, int? code, string? message)
    {
        var http = status is null ? "no HTTP status" : "HTTP " + status.Value.ToString(CultureInfo.InvariantCulture);
        var hipay = code is null ? "" : " code " + code.Value.ToString(CultureInfo.InvariantCulture);
        var text = string.IsNullOrEmpty(message) ? "" : ": " + WalletRedaction.Redact(message);
        return $"HiPay Wallet {operation} failed ({http}{hipay}){text}";
    }
}
