namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// First SEPA debit through the order API (eci 7): the account holder is present and gives the IBAN; the
/// gateway creates the debit agreement. <see cref="OrderId"/> is minted and stored by the caller before the first
/// attempt, so a retry after an unknown outcome can be looked up instead of debiting twice.
/// </summary>
public sealed record SddFirstDebitRequest(
    string OrderId,
    long AmountMinor,
    string Currency,
    string Description,
    string Iban,
    string FirstName,
    string LastName)
{
    /// <summary>recurring_payment=1: a multi-use agreement usable for later eci 9 debits.</summary>
    public bool Recurring { get; init; } = true;
    public string? Gender { get; init; }
    public string? BankName { get; init; }
    public string? Bic { get; init; }
    public string? Email { get; init; }
    public string? CustomerId { get; init; }
    public string? IpAddress { get; init; }
    public Uri? NotifyUrl { get; init; }
    public IReadOnlyDictionary<string, string>? CustomData { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"SddFirstDebitRequest {{ OrderId = {OrderId}, AmountMinor = {AmountMinor}, Currency = {Currency}, Iban = {Redaction.MaskIban(Iban)} }}";
}

/// <summary>Recurring SEPA debit on an existing agreement (eci 9): no IBAN, the holder is absent.</summary>
public sealed record SddRecurringDebitRequest(
    string OrderId,
    long AmountMinor,
    string Currency,
    string Description,
    string DebitAgreementId)
{
    public Uri? NotifyUrl { get; init; }
    public IReadOnlyDictionary<string, string>? CustomData { get; init; }
}

/// <summary>Hosted mandate page (hpayment, eci 7): HiPay's page collects the IBAN.</summary>
public sealed record HostedSddPaymentRequest(string OrderId, long AmountMinor, string Currency, string Description)
{
    public bool Recurring { get; init; } = true;
    public Uri? AcceptUrl { get; init; }
    public Uri? DeclineUrl { get; init; }
    public Uri? PendingUrl { get; init; }
    public Uri? CancelUrl { get; init; }
    public Uri? ExceptionUrl { get; init; }
    public Uri? NotifyUrl { get; init; }
    public string? Language { get; init; }
    public string? Email { get; init; }
    public IReadOnlyDictionary<string, string>? CustomData { get; init; }
}

/// <summary>Mandate without a payment (<c>POST /rest/v2/debit-agreement</c>).</summary>
public sealed record DebitAgreementRequest(
    string Iban,
    string Bic,
    string BankName,
    string Gender,
    string FirstName,
    string LastName)
{
    /// <summary>Imports an existing mandate reference (UMR); 35 SEPA characters at most.</summary>
    public string? AgreementReference { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"DebitAgreementRequest {{ Iban = {Redaction.MaskIban(Iban)}, Bic = {Bic}, LastName = {LastName} }}";
}
