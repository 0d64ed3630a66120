using System.Text.Json;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// Validates requests and turns them into the gateway's form fields. Validation happens here, before any I/O,
/// so a malformed IBAN or an over-long orderid never reaches the gateway; messages never repeat the IBAN.
/// </summary>
internal static class EnterpriseRequestBuilder
{
    public static List<KeyValuePair<string, string>> FirstDebit(SddFirstDebitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fields = Common(request.OrderId, request.AmountMinor, request.Currency, request.Description);
        Require(SepaRules.CheckIban(request.Iban), nameof(request.Iban));
        RequireName(request.FirstName, nameof(request.FirstName));
        RequireName(request.LastName, nameof(request.LastName));
        if (request.Bic is not null && !SepaRules.IsValidBic(request.Bic))
        {
            throw new ArgumentException("BIC must be 8 or 11 characters (ISO 9362).", nameof(request));
        }

        if (request.Gender is not null and not ("M" or "F" or "U"))
        {
            throw new ArgumentException("Gender must be M, F or U.", nameof(request));
        }

        fields.Add(new("eci", "7"));
        fields.Add(new("authentication_indicator", "0"));
        fields.Add(new("recurring_payment", request.Recurring ? "1" : "0"));
        fields.Add(new("iban", SepaRules.NormalizeIban(request.Iban)));
        fields.Add(new("firstname", request.FirstName));
        fields.Add(new("lastname", request.LastName));
        AddIfSet(fields, "gender", request.Gender);
        AddIfSet(fields, "bank_name", request.BankName is null ? null : SepaRules.Transliterate(request.BankName));
        AddIfSet(fields, "issuer_bank_id", request.Bic);
        AddIfSet(fields, "email", request.Email);
        AddIfSet(fields, "cid", request.CustomerId);
        AddIfSet(fields, "ipaddr", request.IpAddress);
        AddIfSet(fields, "notify_url", request.NotifyUrl?.AbsoluteUri);
        AddCustomData(fields, request.CustomData);
        return fields;
    }

    public static List<KeyValuePair<string, string>> RecurringDebit(SddRecurringDebitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fields = Common(request.OrderId, request.AmountMinor, request.Currency, request.Description);
        if (string.IsNullOrEmpty(request.DebitAgreementId) || !request.DebitAgreementId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("DebitAgreementId must be the gateway's numeric agreement id.", nameof(request));
        }

        fields.Add(new("eci", "9"));
        fields.Add(new("recurring_payment", "1"));
        fields.Add(new("debit_agreement_id", request.DebitAgreementId));
        AddIfSet(fields, "notify_url", request.NotifyUrl?.AbsoluteUri);
        AddCustomData(fields, request.CustomData);
        return fields;
    }

    public static List<KeyValuePair<string, string>> HostedPayment(HostedSddPaymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fields = Common(request.OrderId, request.AmountMinor, request.Currency, request.Description);
        // hpayment takes a product list rather than payment_product.
        fields.RemoveAll(f => f.Key == "payment_product");
        fields.Add(new("payment_product_list", "sdd"));
        fields.Add(new("payment_product_category_list", "realtime-banking"));
        fields.Add(new("eci", "7"));
        fields.Add(new("authentication_indicator", "0"));
        fields.Add(new("recurring_payment", request.Recurring ? "1" : "0"));
        AddIfSet(fields, "accept_url", request.AcceptUrl?.AbsoluteUri);
        AddIfSet(fields, "decline_url", request.DeclineUrl?.AbsoluteUri);
        AddIfSet(fields, "pending_url", request.PendingUrl?.AbsoluteUri);
        AddIfSet(fields, "cancel_url", request.CancelUrl?.AbsoluteUri);
        AddIfSet(fields, "exception_url", request.ExceptionUrl?.AbsoluteUri);
        AddIfSet(fields, "notify_url", request.NotifyUrl?.AbsoluteUri);
        AddIfSet(fields, "language", request.Language);
        AddIfSet(fields, "email", request.Email);
        AddCustomData(fields, request.CustomData);
        return fields;
    }

    public static List<KeyValuePair<string, string>> DebitAgreement(DebitAgreementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(SepaRules.CheckIban(request.Iban), nameof(request.Iban));
        if (!SepaRules.IsValidBic(request.Bic))
        {
            throw new ArgumentException("BIC must be 8 or 11 characters (ISO 9362).", nameof(request));
        }

        RequireName(request.BankName, nameof(request.BankName));
        RequireName(request.FirstName, nameof(request.FirstName));
        RequireName(request.LastName, nameof(request.LastName));
        if (request.Gender is not ("M" or "F"))
        {
            throw new ArgumentException("Gender must be M or F for a debit agreement.", nameof(request));
        }

        if (request.AgreementReference is not null)
        {
            Require(SepaRules.CheckMandateReference(request.AgreementReference), nameof(request.AgreementReference));
        }

        var fields = new List<KeyValuePair<string, string>>
        {
            new("payment_product", "sdd"),
            new("currency", "EUR"),
            new("iban", SepaRules.NormalizeIban(request.Iban)),
            new("issuer_bank_id", request.Bic),
            new("bank_name", request.BankName),
            new("gender", request.Gender),
            new("firstname", request.FirstName),
            new("lastname", request.LastName),
            new("authentication_indicator", "0"),
        };
        AddIfSet(fields, "agreement_reference", request.AgreementReference);
        return fields;
    }

    private static List<KeyValuePair<string, string>> Common(string orderId, long amountMinor, string currency, string description)
    {
        Require(SepaRules.CheckOrderId(orderId), "OrderId");
        if (amountMinor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amountMinor), "Amount must be greater than zero.");
        }

        // SEPA Direct Debit is a euro scheme; the gateway refuses any other currency for sdd.
        if (!string.Equals(currency, "EUR", StringComparison.Ordinal))
        {
            throw new ArgumentException("SEPA Direct Debit is only available in EUR.", nameof(currency));
        }

        if (string.IsNullOrWhiteSpace(description) || description.Length > SepaRules.MaxDescriptionLength || !SepaRules.IsSepaText(description))
        {
            throw new ArgumentException($"Description must be 1-{SepaRules.MaxDescriptionLength} SEPA characters.", nameof(description));
        }

        return
        [
            new("orderid", orderId),
            new("operation", "Sale"),
            new("payment_product", "sdd"),
            new("description", description),
            new("currency", currency),
            new("amount", EnterpriseAmount.Format(amountMinor, currency)),
        ];
    }

    private static void Require(string? problem, string field)
    {
        if (problem is not null)
        {
            throw new ArgumentException($"{field}: {problem}", field);
        }
    }

    private static void RequireName(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 70 || !SepaRules.IsSepaText(value))
        {
            throw new ArgumentException($"{field} must be 1-70 SEPA characters (transliterate accents first).", field);
        }
    }

    private static void AddIfSet(List<KeyValuePair<string, string>> fields, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields.Add(new(key, value));
        }
    }

    private static void AddCustomData(List<KeyValuePair<string, string>> fields, IReadOnlyDictionary<string, string>? customData)
    {
        if (customData is { Count: > 0 })
        {
            fields.Add(new("custom_data", JsonSerializer.Serialize(customData)));
        }
    }
}
