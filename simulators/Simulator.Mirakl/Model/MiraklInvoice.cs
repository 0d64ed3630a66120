using System.Text.Json.Serialization;
using Simulator.Mirakl.Json;

namespace Simulator.Mirakl.Model;

/// <summary>An accounting document as IV01 returns it. Amounts are minor units internally.</summary>
internal sealed class MiraklInvoice
{
    [JsonPropertyName("invoice_id")] public long InvoiceId { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string Type { get; set; } = "AUTO_INVOICE";
    [JsonPropertyName("shop_id")] public long ShopId { get; set; }
    [JsonPropertyName("shop_name")] public string? ShopName { get; set; }
    [JsonPropertyName("shop_corporate_name")] public string? ShopCorporateName { get; set; }
    [JsonPropertyName("shop_operator_internal_id")] public string? ShopOperatorInternalId { get; set; }
    [JsonPropertyName("shop_tax_number")] public string? ShopTaxNumber { get; set; }
    [JsonPropertyName("shop_model")] public string ShopModel { get; set; } = "MARKETPLACE";
    [JsonPropertyName("currency_iso_code")] public string CurrencyIsoCode { get; set; } = "EUR";
    [JsonPropertyName("date_created")] public DateTimeOffset DateCreated { get; set; }
    [JsonPropertyName("issue_date")] public DateTimeOffset? IssueDate { get; set; }
    [JsonPropertyName("due_date")] public DateTimeOffset? DueDate { get; set; }
    [JsonPropertyName("start_time")] public DateTimeOffset? StartTime { get; set; }
    [JsonPropertyName("end_time")] public DateTimeOffset? EndTime { get; set; }
    [JsonPropertyName("state")] public string State { get; set; } = "COMPLETE";
    [JsonPropertyName("payment_voucher_number")] public string? PaymentVoucherNumber { get; set; }

    [JsonPropertyName("total_amount_excl_taxes"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalAmountExclTaxes { get; set; }

    [JsonPropertyName("total_amount_incl_taxes"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalAmountInclTaxes { get; set; }

    /// <summary>Deprecated alias of total_amount_incl_taxes, still sent by Mirakl.</summary>
    [JsonPropertyName("total_charged_amount"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalChargedAmount { get; set; }

    [JsonPropertyName("total_taxes")] public List<MiraklTaxAmount> TotalTaxes { get; set; } = [];
    [JsonPropertyName("payment")] public MiraklInvoicePayment Payment { get; set; } = new();
    [JsonPropertyName("payment_info")] public MiraklPaymentInfo? PaymentInfo { get; set; }
    [JsonPropertyName("shop_address")] public MiraklContactInformations? ShopAddress { get; set; }
    [JsonPropertyName("issuing_user")] public MiraklIssuingUser IssuingUser { get; set; } = new();
    [JsonPropertyName("pay_out_psp_code")] public string PayOutPspCode { get; set; } = "NOT_SPECIFIED";
    [JsonPropertyName("seller_billing_cycle_id")] public string? SellerBillingCycleId { get; set; }
    [JsonPropertyName("details")] public List<MiraklInvoiceDetail> Details { get; set; } = [];
    [JsonPropertyName("summary")] public MiraklInvoiceSummary Summary { get; set; } = new();
}

internal sealed class MiraklTaxAmount
{
    [JsonPropertyName("code")] public string Code { get; set; } = "TAXDEFAULT";

    [JsonPropertyName("amount"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long Amount { get; set; }
}

internal sealed class MiraklInvoicePayment
{
    [JsonPropertyName("state")] public string State { get; set; } = "PENDING";
    [JsonPropertyName("reference")] public string? Reference { get; set; }
    [JsonPropertyName("transaction_date")] public DateTimeOffset? TransactionDate { get; set; }
    [JsonPropertyName("failure_reason")] public string? FailureReason { get; set; }
}

internal sealed class MiraklIssuingUser
{
    [JsonPropertyName("type")] public string Type { get; set; } = "BATCH";
    [JsonPropertyName("information")] public string Information { get; set; } = "Automatic action";
}

internal sealed class MiraklInvoiceDetail
{
    [JsonPropertyName("description")] public string? Description { get; set; }

    [JsonPropertyName("amount_excl_taxes"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long AmountExclTaxes { get; set; }

    [JsonPropertyName("quantity")] public int Quantity { get; set; } = 1;
    [JsonPropertyName("taxes")] public List<MiraklTaxAmount> Taxes { get; set; } = [];
    [JsonPropertyName("order_id")] public string? OrderId { get; set; }
    [JsonPropertyName("operation_date")] public DateTimeOffset? OperationDate { get; set; }
}

/// <summary>
/// Summary block. amount_transferred is what the seller gets (can be zero or negative), and
/// amount_transferred_to_operator what the operator keeps; orders minus refunds is their sum.
/// </summary>
internal sealed class MiraklInvoiceSummary
{
    [JsonPropertyName("amount_transferred"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long AmountTransferred { get; set; }

    [JsonPropertyName("amount_transferred_to_operator"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long AmountTransferredToOperator { get; set; }

    [JsonPropertyName("total_payable_orders_incl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalPayableOrdersInclTax { get; set; }

    [JsonPropertyName("total_payable_orders_excl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalPayableOrdersExclTax { get; set; }

    [JsonPropertyName("total_refund_orders_incl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalRefundOrdersInclTax { get; set; }

    [JsonPropertyName("total_refund_orders_excl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalRefundOrdersExclTax { get; set; }

    [JsonPropertyName("total_commissions_incl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalCommissionsInclTax { get; set; }

    [JsonPropertyName("total_commissions_excl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalCommissionsExclTax { get; set; }

    [JsonPropertyName("total_refund_commissions_incl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalRefundCommissionsInclTax { get; set; }

    [JsonPropertyName("total_refund_commissions_excl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalRefundCommissionsExclTax { get; set; }

    [JsonPropertyName("total_subscription_incl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalSubscriptionInclTax { get; set; }

    [JsonPropertyName("total_subscription_excl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalSubscriptionExclTax { get; set; }

    [JsonPropertyName("total_other_credits_incl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalOtherCreditsInclTax { get; set; }

    [JsonPropertyName("total_other_invoices_incl_tax"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalOtherInvoicesInclTax { get; set; }

    [JsonPropertyName("total_operator_remitted_taxes"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long TotalOperatorRemittedTaxes { get; set; }

    [JsonPropertyName("reserve_funding"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long ReserveFunding { get; set; }

    [JsonPropertyName("reserve_settlement"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long ReserveSettlement { get; set; }
}
