using System.Text.Json;
using System.Text.Json.Serialization;
using Simulator.Mirakl.Json;

namespace Simulator.Mirakl.Model;

/// <summary>A shop as S20 returns it. Unknown fields posted through the control API are kept.</summary>
internal sealed class MiraklShop
{
    [JsonPropertyName("shop_id")] public long ShopId { get; set; }
    [JsonPropertyName("shop_name")] public string? ShopName { get; set; }
    [JsonPropertyName("shop_state")] public string ShopState { get; set; } = "OPEN";
    [JsonPropertyName("suspension_type")] public string? SuspensionType { get; set; }
    [JsonPropertyName("is_professional")] public bool IsProfessional { get; set; }
    [JsonPropertyName("premium")] public bool Premium { get; set; }
    [JsonPropertyName("premium_state")] public string PremiumState { get; set; } = "DEFAULT";
    [JsonPropertyName("currency_iso_code")] public string CurrencyIsoCode { get; set; } = "EUR";
    [JsonPropertyName("date_created")] public DateTimeOffset DateCreated { get; set; }
    [JsonPropertyName("last_updated_date")] public DateTimeOffset LastUpdatedDate { get; set; }
    [JsonPropertyName("domains")] public List<string> Domains { get; set; } = ["PRODUCT"];
    [JsonPropertyName("model")] public string Model { get; set; } = "MARKETPLACE";
    [JsonPropertyName("operator_internal_id")] public string? OperatorInternalId { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("closed_from_date")] public DateTimeOffset? ClosedFromDate { get; set; }
    [JsonPropertyName("contact_informations")] public MiraklContactInformations ContactInformations { get; set; } = new();
    [JsonPropertyName("pro_details")] public MiraklProDetails? ProDetails { get; set; }
    [JsonPropertyName("payment_info")] public MiraklPaymentInfo? PaymentInfo { get; set; }
    [JsonPropertyName("billing_info")] public JsonElement? BillingInfo { get; set; }
    [JsonPropertyName("payment_details")] public MiraklPaymentDetails PaymentDetails { get; set; } = new();
    [JsonPropertyName("kyc")] public MiraklKyc Kyc { get; set; } = new();
    [JsonPropertyName("shop_additional_fields")] public List<MiraklAdditionalFieldValue> ShopAdditionalFields { get; set; } = [];
    [JsonPropertyName("channels")] public List<string> Channels { get; set; } = ["INIT"];
    [JsonPropertyName("shipping_zones")] public List<string> ShippingZones { get; set; } = [];
    [JsonPropertyName("grade")] public double? Grade { get; set; }
    [JsonPropertyName("orders_count")] public int OrdersCount { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Deep copy, so an update builds a new object and readers serializing the old one see no tearing.</summary>
    public MiraklShop Clone() => JsonSerializer.Deserialize<MiraklShop>(
        JsonSerializer.SerializeToUtf8Bytes(this, MiraklJson.Options), MiraklJson.Options)!;
}

internal sealed class MiraklContactInformations
{
    [JsonPropertyName("civility")] public string? Civility { get; set; }
    [JsonPropertyName("firstname")] public string? Firstname { get; set; }
    [JsonPropertyName("lastname")] public string? Lastname { get; set; }
    [JsonPropertyName("email")] public string? Email { get; set; }
    [JsonPropertyName("phone")] public string? Phone { get; set; }
    [JsonPropertyName("phone_secondary")] public string? PhoneSecondary { get; set; }
    [JsonPropertyName("fax")] public string? Fax { get; set; }
    [JsonPropertyName("street1")] public string? Street1 { get; set; }
    [JsonPropertyName("street2")] public string? Street2 { get; set; }
    [JsonPropertyName("zip_code")] public string? ZipCode { get; set; }
    [JsonPropertyName("city")] public string? City { get; set; }
    [JsonPropertyName("state")] public string? State { get; set; }

    /// <summary>ISO 3166-1 alpha-3, as Mirakl sends it.</summary>
    [JsonPropertyName("country")] public string? Country { get; set; }
    [JsonPropertyName("web_site")] public string? WebSite { get; set; }
}

internal sealed class MiraklProDetails
{
    [JsonPropertyName("corporate_name")] public string? CorporateName { get; set; }
    [JsonPropertyName("identification_number")] public string? IdentificationNumber { get; set; }
    [JsonPropertyName("tax_identification_number")] public string? TaxIdentificationNumber { get; set; }
    [JsonPropertyName("VAT_number")] public string? VatNumber { get; set; }
}

/// <summary>Polymorphic on "@type" in Mirakl; the simulator models the IBAN variant and keeps other fields as-is.</summary>
internal sealed class MiraklPaymentInfo
{
    [JsonPropertyName("@type")] public string Type { get; set; } = "IBAN";
    [JsonPropertyName("owner")] public string? Owner { get; set; }
    [JsonPropertyName("bank_name")] public string? BankName { get; set; }
    [JsonPropertyName("bank_street")] public string? BankStreet { get; set; }
    [JsonPropertyName("bank_zip")] public string? BankZip { get; set; }
    [JsonPropertyName("bank_city")] public string? BankCity { get; set; }
    [JsonPropertyName("iban")] public string? Iban { get; set; }
    [JsonPropertyName("bic")] public string? Bic { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class MiraklPaymentDetails
{
    [JsonPropertyName("payment_blocked")] public bool PaymentBlocked { get; set; }

    [JsonPropertyName("paid_balance"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long PaidBalance { get; set; }

    [JsonPropertyName("payable_balance"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long PayableBalance { get; set; }

    [JsonPropertyName("pending_balance"), JsonConverter(typeof(MinorUnitsJsonConverter))]
    public long PendingBalance { get; set; }

    [JsonPropertyName("pay_subscription")] public bool PaySubscription { get; set; } = true;
    [JsonPropertyName("subscription_free_from")] public DateTimeOffset? SubscriptionFreeFrom { get; set; }
    [JsonPropertyName("subscription_free_to")] public DateTimeOffset? SubscriptionFreeTo { get; set; }
}

internal sealed class MiraklKyc
{
    [JsonPropertyName("status")] public string Status { get; set; } = "PENDING_SUBMISSION";
    [JsonPropertyName("reason")] public string? Reason { get; set; }
}

/// <summary>Emitted as exactly {code, type, value}: the predecessor compares the whole element.</summary>
internal sealed class MiraklAdditionalFieldValue
{
    [JsonPropertyName("code")] public string Code { get; set; } = string.Empty;
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("value")] public string? Value { get; set; }
}
