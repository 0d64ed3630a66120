using System.Text.Json;
using System.Text.Json.Serialization;

namespace HiPayMirakl.Mirakl;

/// <summary>An IV01 accounting document. Amounts are exact decimals, as Mirakl writes them.</summary>
public sealed class MiraklInvoice
{
    [JsonPropertyName("invoice_id")] public long InvoiceId { get; init; }

    /// <summary>Draft document id (text).</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }

    /// <summary>AUTO_INVOICE | MANUAL_INVOICE | MANUAL_CREDIT (see <see cref="MiraklInvoiceTypes"/>).</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("shop_id")] public long ShopId { get; init; }
    [JsonPropertyName("shop_name")] public string? ShopName { get; init; }
    [JsonPropertyName("shop_corporate_name")] public string? ShopCorporateName { get; init; }
    [JsonPropertyName("shop_operator_internal_id")] public string? ShopOperatorInternalId { get; init; }
    [JsonPropertyName("currency_iso_code")] public string? CurrencyIsoCode { get; init; }
    [JsonPropertyName("date_created")] public DateTimeOffset? DateCreated { get; init; }
    [JsonPropertyName("issue_date")] public DateTimeOffset? IssueDate { get; init; }
    [JsonPropertyName("due_date")] public DateTimeOffset? DueDate { get; init; }
    [JsonPropertyName("start_time")] public DateTimeOffset? StartTime { get; init; }
    [JsonPropertyName("end_time")] public DateTimeOffset? EndTime { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("payment_voucher_number")] public string? PaymentVoucherNumber { get; init; }
    [JsonPropertyName("total_amount_excl_taxes")] public decimal? TotalAmountExclTaxes { get; init; }
    [JsonPropertyName("total_amount_incl_taxes")] public decimal? TotalAmountInclTaxes { get; init; }
    [JsonPropertyName("total_charged_amount")] public decimal? TotalChargedAmount { get; init; }
    [JsonPropertyName("payment")] public MiraklInvoicePayment? Payment { get; init; }
    [JsonPropertyName("payment_info")] public MiraklPaymentInfo? PaymentInfo { get; init; }
    [JsonPropertyName("pay_out_psp_code")] public string? PayOutPspCode { get; init; }
    [JsonPropertyName("seller_billing_cycle_id")] public string? SellerBillingCycleId { get; init; }

    /// <summary>Missing on some documents: callers must treat null as "nothing to pay", not as zero silently.</summary>
    [JsonPropertyName("summary")] public MiraklInvoiceSummary? Summary { get; init; }
}

public sealed class MiraklInvoicePayment
{
    /// <summary>PENDING | PAID | FAILED.</summary>
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("reference")] public string? Reference { get; init; }
    [JsonPropertyName("transaction_date")] public DateTimeOffset? TransactionDate { get; init; }
    [JsonPropertyName("failure_reason")] public string? FailureReason { get; init; }
}

/// <summary>The IV01 summary; the two amounts the cash-out uses are typed, the ~45 other totals are kept raw.</summary>
public sealed class MiraklInvoiceSummary
{
    /// <summary>Amount owed to the seller (may be zero or negative).</summary>
    [JsonPropertyName("amount_transferred")] public decimal? AmountTransferred { get; init; }

    /// <summary>Amount owed to the operator (commissions, subscriptions).</summary>
    [JsonPropertyName("amount_transferred_to_operator")] public decimal? AmountTransferredToOperator { get; init; }
    [JsonPropertyName("total_commissions_incl_tax")] public decimal? TotalCommissionsInclTax { get; init; }
    [JsonPropertyName("total_subscription_incl_tax")] public decimal? TotalSubscriptionInclTax { get; init; }
    [JsonPropertyName("total_payable_orders_incl_tax")] public decimal? TotalPayableOrdersInclTax { get; init; }

    [JsonExtensionData] public IDictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Values of the IV01 <c>type</c> filter.</summary>
public static class MiraklInvoiceTypes
{
    public const string All = "ALL";
    public const string AutoInvoice = "AUTO_INVOICE";
    public const string ManualInvoice = "MANUAL_INVOICE";
    public const string ManualCredit = "MANUAL_CREDIT";
}
