namespace Simulator.HiPayEnterprise;

/// <summary>A debit agreement (SEPA mandate) held by the fake gateway.</summary>
internal sealed class SimAgreement
{
    public required long Id { get; init; }
    public required string Status { get; set; }
    public required bool MultiUse { get; init; }
    public required string Iban { get; init; }
    public string? Bic { get; init; }
    public string? BankName { get; init; }
    public string? Gender { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string ProviderReference { get; init; }
    public required string UniqueId { get; init; }
    public string? AgreementReference { get; init; }
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>Start of the 36-month window: creation, then each capture.</summary>
    public required DateTimeOffset LastActivity { get; set; }
    public int Collections { get; set; }
}

/// <summary>An order (one orderid) and its attempts.</summary>
internal sealed class SimOrder
{
    public required string Id { get; init; }
    public required long AmountMinor { get; init; }
    public required string Currency { get; init; }
    public required string Description { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
    public string? CustomerId { get; init; }
    public string? Language { get; init; }
    public string? Email { get; init; }
    public List<SimTransaction> Transactions { get; } = [];
}

/// <summary>A hosted-page session: created by hpayment, consumed when the mandate form is submitted.</summary>
internal sealed class SimHostedSession
{
    public required string Uuid { get; init; }
    public required SimOrder Order { get; init; }
    public required IReadOnlyDictionary<string, string> Fields { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public bool Used { get; set; }

    /// <summary>Set for an e-signature session (eci 7 with authentication_indicator=1): the debit already exists.</summary>
    public SimTransaction? Transaction { get; init; }
}

/// <summary>An SDD transaction and its progress through 142 → 118 (or 113, then maybe 129).</summary>
internal sealed class SimTransaction
{
    public required string Reference { get; init; }
    public required SimOrder Order { get; init; }
    public required int Eci { get; init; }
    public required DateTimeOffset DateCreated { get; init; }
    public required int AttemptId { get; init; }
    public int Status { get; set; }
    public string State { get; set; } = "pending";
    public string Message { get; set; } = "";
    public string? ReasonCode { get; set; }
    public string? ReasonMessage { get; set; }
    public SimAgreement? Agreement { get; set; }
    public long CapturedMinor { get; set; }
    public long RefundedMinor { get; set; }
    public long ChargebackedMinor { get; set; }
    public DateTimeOffset DateUpdated { get; set; }
    public DateTimeOffset? DateAuthorized { get; set; }
    public Uri? NotifyUrl { get; init; }
    public string? ForwardUrl { get; set; }
    public string? IpAddress { get; init; }
    public IReadOnlyDictionary<string, string> CustomData { get; init; } = new Dictionary<string, string>();
    public List<int> History { get; } = [];
    public (string Id, string Type, long Amount, DateTimeOffset Date)? LastOperation { get; set; }
}
