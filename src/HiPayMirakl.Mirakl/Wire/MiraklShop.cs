using System.Text.Json;
using System.Text.Json.Serialization;

namespace HiPayMirakl.Mirakl;

/// <summary>A shop as S20 returns it. Optional objects may be missing; unknown fields are ignored.</summary>
public sealed class MiraklShop
{
    /// <summary>Custom field that opts a shop into the HiPay cash-out.</summary>
    public const string HiPayProcessFieldCode = "hipay-process";

    [JsonPropertyName("shop_id")] public long ShopId { get; init; }
    [JsonPropertyName("shop_name")] public string? ShopName { get; init; }

    /// <summary>OPEN | CLOSE | SUSPENDED | TERMINATED, kept as text so new values do not break parsing.</summary>
    [JsonPropertyName("shop_state")] public string? ShopState { get; init; }
    [JsonPropertyName("suspension_type")] public string? SuspensionType { get; init; }
    [JsonPropertyName("is_professional")] public bool? IsProfessional { get; init; }
    [JsonPropertyName("currency_iso_code")] public string? CurrencyIsoCode { get; init; }
    [JsonPropertyName("date_created")] public DateTimeOffset? DateCreated { get; init; }
    [JsonPropertyName("last_updated_date")] public DateTimeOffset? LastUpdatedDate { get; init; }
    [JsonPropertyName("operator_internal_id")] public string? OperatorInternalId { get; init; }

    /// <summary>Mirakl's own spelling, "informations".</summary>
    [JsonPropertyName("contact_informations")] public MiraklContactInformations? ContactInformations { get; init; }
    [JsonPropertyName("pro_details")] public MiraklProDetails? ProDetails { get; init; }
    [JsonPropertyName("payment_info")] public MiraklPaymentInfo? PaymentInfo { get; init; }

    /// <summary>Legacy duplicate of the bank details, read when payment_info is missing.</summary>
    [JsonPropertyName("billing_info")] public MiraklBillingInfo? BillingInfo { get; init; }
    [JsonPropertyName("payment_details")] public MiraklPaymentDetails? PaymentDetails { get; init; }
    [JsonPropertyName("kyc")] public MiraklKyc? Kyc { get; init; }
    [JsonPropertyName("shop_additional_fields")] public IReadOnlyList<MiraklAdditionalFieldValue>? ShopAdditionalFields { get; init; }

    /// <summary>
    /// True when the <c>hipay-process</c> custom field says "true". Only code and value are compared: the predecessor
    /// required the element to be exactly {code,type,value}, so a field sent without "type" silently disabled a shop.
    /// </summary>
    [JsonIgnore]
    public bool HiPayProcessEnabled => ShopAdditionalFields?.Any(f =>
        string.Equals(f.Code, HiPayProcessFieldCode, StringComparison.Ordinal) &&
        string.Equals(f.Value?.Trim(), "true", StringComparison.OrdinalIgnoreCase)) ?? false;

    /// <summary>ISO 3166-1 alpha-3 country of the contact address, upper case, as Mirakl sends it.</summary>
    [JsonIgnore]
    public string? CountryAlpha3 => ContactInformations?.Country?.Trim().ToUpperInvariant() is { Length: 3 } c ? c : null;

    /// <summary>IBAN from payment_info (IBAN type), else billing_info; spaces removed, upper case.</summary>
    [JsonIgnore]
    public string? Iban
    {
        get
        {
            var raw = PaymentInfo is { } p
                ? (p.Type is null || string.Equals(p.Type, "IBAN", StringComparison.OrdinalIgnoreCase) ? p.Iban : null)
                : BillingInfo?.Iban;
            if (string.IsNullOrWhiteSpace(raw))
            {
                return null;
            }

            return string.Concat(raw.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        }
    }

    /// <summary>payment_details.payment_blocked; a missing object means not blocked.</summary>
    [JsonIgnore]
    public bool PaymentBlocked => PaymentDetails?.PaymentBlocked ?? false;

    /// <summary>Value of a custom field by code, or null.</summary>
    public string? AdditionalFieldValue(string code) =>
        ShopAdditionalFields?.FirstOrDefault(f => string.Equals(f.Code, code, StringComparison.Ordinal))?.Value;
}

public sealed class MiraklContactInformations
{
    [JsonPropertyName("civility")] public string? Civility { get; init; }
    [JsonPropertyName("firstname")] public string? Firstname { get; init; }
    [JsonPropertyName("lastname")] public string? Lastname { get; init; }
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("phone")] public string? Phone { get; init; }
    [JsonPropertyName("phone_secondary")] public string? PhoneSecondary { get; init; }
    [JsonPropertyName("fax")] public string? Fax { get; init; }
    [JsonPropertyName("street1")] public string? Street1 { get; init; }
    [JsonPropertyName("street2")] public string? Street2 { get; init; }
    [JsonPropertyName("zip_code")] public string? ZipCode { get; init; }
    [JsonPropertyName("city")] public string? City { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }

    /// <summary>ISO 3166-1 alpha-3.</summary>
    [JsonPropertyName("country")] public string? Country { get; init; }
    [JsonPropertyName("web_site")] public string? WebSite { get; init; }
}

public sealed class MiraklProDetails
{
    [JsonPropertyName("corporate_name")] public string? CorporateName { get; init; }
    [JsonPropertyName("identification_number")] public string? IdentificationNumber { get; init; }
    [JsonPropertyName("tax_identification_number")] public string? TaxIdentificationNumber { get; init; }

    /// <summary>Deprecated by Mirakl in favour of tax_identification_number, still what HiPay is given.</summary>
    [JsonPropertyName("VAT_number")] public string? VatNumber { get; init; }
}

/// <summary>Polymorphic on "@type" (IBAN, ABA, UK, …); the IBAN fields are typed, the rest is kept raw.</summary>
public sealed class MiraklPaymentInfo
{
    [JsonPropertyName("@type")] public string? Type { get; init; }
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    [JsonPropertyName("bank_name")] public string? BankName { get; init; }
    [JsonPropertyName("bank_street")] public string? BankStreet { get; init; }
    [JsonPropertyName("bank_zip")] public string? BankZip { get; init; }
    [JsonPropertyName("bank_city")] public string? BankCity { get; init; }
    [JsonPropertyName("iban")] public string? Iban { get; init; }
    [JsonPropertyName("bic")] public string? Bic { get; init; }

    [JsonExtensionData] public IDictionary<string, JsonElement>? Extra { get; init; }
}

public sealed class MiraklBillingInfo
{
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    [JsonPropertyName("bank_name")] public string? BankName { get; init; }
    [JsonPropertyName("bank_street")] public string? BankStreet { get; init; }
    [JsonPropertyName("zip_code")] public string? ZipCode { get; init; }
    [JsonPropertyName("bank_city")] public string? BankCity { get; init; }
    [JsonPropertyName("iban")] public string? Iban { get; init; }
    [JsonPropertyName("bic")] public string? Bic { get; init; }
}

public sealed class MiraklPaymentDetails
{
    [JsonPropertyName("payment_blocked")] public bool PaymentBlocked { get; init; }
    [JsonPropertyName("paid_balance")] public decimal? PaidBalance { get; init; }
    [JsonPropertyName("payable_balance")] public decimal? PayableBalance { get; init; }
    [JsonPropertyName("pending_balance")] public decimal? PendingBalance { get; init; }
}

public sealed class MiraklKyc
{
    /// <summary>PENDING_SUBMISSION | PENDING_APPROVAL | REFUSED | APPROVED | NOT_REQUIRED.</summary>
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}

/// <summary>One entry of shop_additional_fields.</summary>
public sealed class MiraklAdditionalFieldValue
{
    [JsonPropertyName("code")] public string? Code { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }

    [JsonPropertyName("value"), JsonConverter(typeof(Wire.LooseStringConverter))]
    public string? Value { get; init; }
}
