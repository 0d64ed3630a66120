using System.Globalization;

namespace Simulator.HiPayEnterprise;

/// <summary>The gateway's document shapes (transaction and notification documents, as the gateway sends them), built once and rendered per format.</summary>
internal static class EnterpriseWire
{
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss";

    /// <summary>"2026-01-01T00:00:00+0000": the gateway's offset has no colon.</summary>
    public static string Date(DateTimeOffset? value) =>
        value is null ? "" : value.Value.ToUniversalTime().ToString(DateFormat, CultureInfo.InvariantCulture) + "+0000";

    public static string Amount(long minor) => (minor / 100m).ToString("F2", CultureInfo.InvariantCulture);

    public static bool TryParseAmount(string? text, out long minor)
    {
        minor = 0;
        if (string.IsNullOrWhiteSpace(text)
            || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var scaled = value * 100m;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue)
        {
            return false;
        }

        minor = (long)scaled;
        return true;
    }

    /// <summary>Transaction fields in the order of a real notification body; also the API answer.</summary>
    public static WireDoc Transaction(SimTransaction t, string mid, bool forNotification)
    {
        var doc = new WireDoc()
            .Add("state", t.State)
            .Add("reason", t.ReasonCode is null ? WireDoc.EmptyObject : new WireDoc().Add("code", t.ReasonCode).Add("message", t.ReasonMessage ?? ""))
            .Add("forward_url", t.ForwardUrl ?? "")
            .Add("test", "true")
            .Add("mid", mid)
            .Add("attempt_id", t.AttemptId.ToString(CultureInfo.InvariantCulture))
            .Add("authorization_code", "")
            .Add("transaction_reference", t.Reference)
            .Add("reference_to_pay", "")
            .Add("date_created", Date(t.DateCreated))
            .Add("date_updated", Date(t.DateUpdated))
            .Add("date_authorized", Date(t.DateAuthorized))
            .Add("status", t.Status.ToString(CultureInfo.InvariantCulture))
            .Add("message", t.Message)
            .Add("authorized_amount", Amount(t.Order.AmountMinor))
            .Add("captured_amount", Amount(t.CapturedMinor))
            .Add("refunded_amount", Amount(t.RefundedMinor))
            .Add("credited_amount", "0.00")
            .Add("chargebacked_amount", Amount(t.ChargebackedMinor))
            .Add("decimals", "2")
            .Add("currency", t.Order.Currency)
            .Add("ip_address", t.IpAddress ?? "0.0.0.0")
            .Add("ip_country", "")
            .Add("device_id", "");
        for (var i = 1; i <= 10; i++)
        {
            doc.Add("cdata" + i.ToString(CultureInfo.InvariantCulture), "");
        }

        doc.Add("avs_result", "")
            .Add("cvc_result", "")
            .Add("eci", t.Eci.ToString(CultureInfo.InvariantCulture))
            .Add("payment_product", "sdd")
            .Add("payment_method", WireDoc.EmptyObject)
            .Add("fraud_screening", new WireDoc().Add("scoring", "0").Add("result", "ACCEPTED").Add("review", ""))
            .Add("order", Order(t.Order, t.Order.Transactions.Count));
        // Always present on order answers ({"id":"","status":""} when there is none); notifications carry it for SDD.
        doc.Add("debit_agreement", new WireDoc()
            .Add("id", t.Agreement?.Id.ToString(CultureInfo.InvariantCulture) ?? "")
            .Add("status", t.Agreement?.Status ?? ""));
        if (t.LastOperation is { } op && forNotification)
        {
            doc.Add("operation", new WireDoc()
                .Add("type", op.Type)
                .Add("id", op.Id)
                .Add("reference", t.Reference)
                .Add("amount", Amount(op.Amount))
                .Add("currency", t.Order.Currency)
                .Add("date", Date(op.Date)));
        }

        if (t.CustomData.Count > 0)
        {
            var custom = new WireDoc();
            foreach (var (key, value) in t.CustomData)
            {
                custom.Add(key, value);
            }

            doc.Add("custom_data", custom);
        }

        return doc;
    }

    public static WireDoc Order(SimOrder order, int attempts) => new WireDoc()
        .Add("id", order.Id)
        .Add("date_created", Date(order.DateCreated))
        .Add("attempts", attempts.ToString(CultureInfo.InvariantCulture))
        .Add("amount", Amount(order.AmountMinor))
        .Add("shipping", "0.00")
        .Add("tax", "0.00")
        .Add("decimals", "2")
        .Add("currency", order.Currency)
        .Add("customer_id", order.CustomerId ?? "")
        .Add("language", order.Language ?? "en_GB")
        .Add("email", order.Email ?? "");

    public static WireDoc Error(int code, string message, string description) => new WireDoc()
        .Add("code", WireRaw.Of(code))
        .Add("message", message)
        .Add("description", description);

    public static WireDoc Agreement(SimAgreement a) => new WireDoc()
        .Add("code", WireRaw.Of(0))
        .Add("message", "success")
        .Add("description", "Debit agreement has been successfully created.")
        .Add("debit_agreement", new WireDoc()
            .Add("id", WireRaw.Of(a.Id))
            .Add("provider_reference", a.ProviderReference)
            .Add("status", a.Status)
            .Add("creation_date", Date(a.CreationDate))
            .Add("properties", new WireDoc()
                .Add("iban", a.Iban)
                .Add("issuer_bank_id", a.Bic ?? "")
                .Add("bank_name", a.BankName ?? "")
                .Add("gender", a.Gender ?? "")
                .Add("firstname", a.FirstName)
                .Add("lastname", a.LastName)
                .Add("authentication_indicator", "0")
                .Add("unique_id", a.UniqueId)
                .Add("agreement_reference", a.AgreementReference ?? "")));
}
