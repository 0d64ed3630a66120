using System.Globalization;
using System.Text.Json;

namespace HiPayMirakl.HiPayWallet;

internal enum MoneyPostKind
{
    Accepted,
    Rejected,
    Unknown,
}

/// <summary>
/// How a transfer or withdrawal POST ended. Rejected only when HiPay answered and said no (nothing moved);
/// anything that may hide an applied movement — no answer, 5xx, an unreadable 2xx, "in progress" — is Unknown.
/// </summary>
internal sealed record MoneyPostResult(MoneyPostKind Kind, string? TransactionId, string? Status, int Code, string Message)
{
    /// <summary>HiPay's "transfer / withdrawal in progress": a request with this merchant_unique_id exists.</summary>
    private const int InProgress = 26;

    public static MoneyPostResult Classify(WireResponse response, string idField)
    {
        if (response.Failure is not null)
        {
            return Unknown(response.Failure);
        }

        var status = response.Status ?? 0;
        if (status >= 500 || status == 408)
        {
            return Unknown("HTTP " + status.ToString(CultureInfo.InvariantCulture));
        }

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return response.IsSuccess
                ? Unknown($"HTTP {status} with an unreadable body")
                : new MoneyPostResult(MoneyPostKind.Rejected, null, null, status, WalletRedaction.Excerpt(response.Body));
        }

        var code = WalletJson.Int(root, "code");
        var message = WalletJson.String(root, "message") ?? "";
        if (!response.IsSuccess)
        {
            // HTTP 4xx: a validation or precondition refusal (40xx details for withdrawals); nothing was created.
            var detail = WalletJson.Int(root, "error_code_detail") ?? code ?? status;
            return new MoneyPostResult(MoneyPostKind.Rejected, null, null, detail, WalletRedaction.Redact(message));
        }

        if (code is not (null or 0))
        {
            return code == InProgress
                ? Unknown($"code {InProgress}: {message}")
                : new MoneyPostResult(MoneyPostKind.Rejected, null, null, code.Value, WalletRedaction.Redact(message));
        }

        var id = WalletJson.String(root, idField);
        return string.IsNullOrWhiteSpace(id)
            ? Unknown($"HTTP {status} without {idField}")
            : new MoneyPostResult(MoneyPostKind.Accepted, id, WalletJson.String(root, "transaction_status") ?? WalletJson.String(root, "status"), 0, message);
    }

    private static MoneyPostResult Unknown(string reason) => new(MoneyPostKind.Unknown, null, null, 0, reason);
}
