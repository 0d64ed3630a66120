using System.Globalization;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>Maps the normalised wire tree onto typed results; tolerant of both key styles and value typings.</summary>
internal static class EnterpriseWireReader
{
    /// <summary>Parses a gateway body: XML when it starts with '&lt;', JSON otherwise.</summary>
    public static WireNode ParseBody(ReadOnlySpan<byte> body)
    {
        var trimmed = TrimStart(body);
        return trimmed.Length > 0 && trimmed[0] == (byte)'<' ? WireNode.FromXml(trimmed) : WireNode.FromJson(trimmed);
    }

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> body)
    {
        // A UTF-8 byte order mark or leading whitespace must not hide the format.
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        var i = 0;
        while (i < body.Length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
        {
            i++;
        }

        return body[i..];
    }

    public static EnterpriseTransaction ReadTransaction(WireNode node)
    {
        var reference = node.Str("transaction_reference")
            ?? throw new FormatException("Transaction without transaction_reference.");
        var status = node.Int("status") ?? throw new FormatException("Transaction without a numeric status.");
        var order = node.Obj("order");
        var currency = node.Str("currency") ?? order?.Str("currency");
        var exponent = node.Int("decimals") ?? order?.Int("decimals") ?? (currency is null ? 2 : EnterpriseAmount.ExponentOf(currency));
        var reason = node.Obj("reason");
        var agreement = node.Obj("debit_agreement");
        return new EnterpriseTransaction
        {
            TransactionReference = reference,
            State = node.Str("state") ?? "",
            Status = status,
            Message = node.Str("message"),
            OrderId = order?.Str("id"),
            Currency = currency,
            AuthorizedAmount = Amount(node.Str("authorized_amount"), exponent),
            CapturedAmount = Amount(node.Str("captured_amount"), exponent),
            RefundedAmount = Amount(node.Str("refunded_amount"), exponent),
            PaymentProduct = node.Str("payment_product"),
            Eci = node.Int("eci"),
            AttemptId = node.Int("attempt_id"),
            Test = node.Bool("test"),
            Mid = node.Str("mid"),
            ForwardUrl = node.Str("forward_url"),
            Reason = reason is null ? null : new EnterpriseReason(reason.Str("code"), reason.Str("message")),
            DebitAgreement = agreement?.Str("id") is { } agreementId
                ? new EnterpriseDebitAgreement(agreementId, agreement.Str("status"))
                : null,
            DateCreated = node.Date("date_created"),
            DateUpdated = node.Date("date_updated"),
            DateAuthorized = node.Date("date_authorized"),
        };
    }

    internal static long? Amount(string? text, int exponent) =>
        text is not null && EnterpriseAmount.TryParse(text, exponent, out var minor) ? minor : null;

    /// <summary>
    /// <c>{"transaction":{…}}</c> for one, <c>{"transaction":{"0":{…},"1":{…}}}</c> for several, null/"" for none.
    /// </summary>
    public static IReadOnlyList<EnterpriseTransaction> ReadTransactionList(WireNode root)
    {
        var transaction = root.Obj("transaction");
        if (transaction is null)
        {
            return [];
        }

        return transaction.IsIndexMap
            ? transaction.IndexedItems().Where(n => n.IsObject).Select(ReadTransaction).ToList()
            : [ReadTransaction(transaction)];
    }

    public static (int? Code, string? Message, string? Description) ReadError(WireNode root) =>
        (root.Int("code"), root.Str("message"), root.Str("description"));

    public static HostedPaymentResult ReadHostedPayment(WireNode root)
    {
        var forward = root.Str("forward_url") ?? throw new FormatException("hpayment answer without forwardUrl.");
        return new HostedPaymentResult(new Uri(forward, UriKind.Absolute), root.Obj("order")?.Str("id"), root.Bool("test"), root.Str("mid"));
    }

    public static DebitAgreementResult ReadDebitAgreement(WireNode root)
    {
        var agreement = root.Obj("debit_agreement") ?? throw new FormatException("Answer without debit_agreement.");
        var properties = agreement.Obj("properties");
        var iban = properties?.Str("iban");
        return new DebitAgreementResult(
            agreement.Str("id") ?? throw new FormatException("debit_agreement without id."),
            agreement.Str("status"),
            agreement.Str("provider_reference"),
            properties?.Str("unique_id"),
            properties?.Str("agreement_reference"),
            agreement.Date("creation_date"),
            iban is null ? null : Redaction.MaskIban(iban));
    }

    public static EnterpriseNotification ReadNotification(WireNode root)
    {
        var transaction = ReadTransaction(root);
        var order = root.Obj("order");
        var exponent = root.Int("decimals") ?? order?.Int("decimals") ?? 2;
        var operation = root.Obj("operation");
        var customData = root.Obj("custom_data")?.Children
            .Where(kv => kv.Value.Text is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value.Text!, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        return new EnterpriseNotification
        {
            Transaction = transaction,
            Amount = Amount(order?.Str("amount"), exponent) ?? transaction.AuthorizedAmount,
            OperationId = operation?.Str("id"),
            OperationType = operation?.Str("type"),
            CustomData = customData,
        };
    }

    public static string FormatInvariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
