using System.Globalization;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>What became of an order request, as far as the caller can know.</summary>
public enum OrderOutcome
{
    /// <summary>The gateway took the order (for SDD: status 142, waiting for the bank).</summary>
    Accepted,

    /// <summary>The customer must be sent to <see cref="EnterpriseTransaction.ForwardUrl"/> (e-signature).</summary>
    Forwarding,

    /// <summary>Processed and refused (state declined or error); a retry needs a new orderid.</summary>
    Declined,

    /// <summary>The gateway refused the request itself (HTTP 4xx with a code); nothing was created.</summary>
    Rejected,

    /// <summary>Timeout, dropped connection, 5xx or 1000008: the order may or may not exist. Resolve by orderid.</summary>
    Unknown,
}

/// <summary>Result of <c>POST /rest/v1/order</c>.</summary>
public sealed record OrderResult(
    OrderOutcome Outcome,
    string OrderId,
    EnterpriseTransaction? Transaction,
    int? ErrorCode = null,
    string? ErrorMessage = null)
{
    public int? Status => Transaction?.Status;
    public string? State => Transaction?.State;
    public string? TransactionReference => Transaction?.TransactionReference;
    public string? DebitAgreementId => Transaction?.DebitAgreement?.Id;
    public string? DebitAgreementStatus => Transaction?.DebitAgreement?.Status;

    /// <summary>109, 110, 111, 113, 114, 115, 143, 163, 178: final; a retry is a new transaction with a new orderid.</summary>
    public static bool IsTerminalFailure(int status) => status is 109 or 110 or 111 or 113 or 114 or 115 or 143 or 163 or 178;

    internal static OrderResult FromTransaction(string orderId, EnterpriseTransaction transaction)
    {
        // The status decides, not the state: the gateway has answered "completed" next to a failure code.
        var outcome = IsTerminalFailure(transaction.Status) ? OrderOutcome.Declined : transaction.State switch
        {
            "declined" or "error" => OrderOutcome.Declined,
            "forwarding" => OrderOutcome.Forwarding,
            _ => OrderOutcome.Accepted,
        };
        int? reasonCode = int.TryParse(transaction.Reason?.Code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return new OrderResult(outcome, orderId, transaction, reasonCode, transaction.Reason?.Message);
    }
}
