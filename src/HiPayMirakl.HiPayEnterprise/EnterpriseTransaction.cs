namespace HiPayMirakl.HiPayEnterprise;

/// <summary>Debit agreement (SEPA mandate) as the gateway reports it on a transaction or notification.</summary>
public sealed record EnterpriseDebitAgreement(string Id, string? Status);

/// <summary>Decline reason: a 7-digit gateway code such as 4000003 (insufficient funds).</summary>
public sealed record EnterpriseReason(string? Code, string? Message);

/// <summary>
/// A gateway transaction, read from an order response, a lookup or a notification. Amounts are minor units of
/// <see cref="Currency"/>; null when the gateway left them out.
/// </summary>
public sealed record EnterpriseTransaction
{
    public required string TransactionReference { get; init; }
    public required string State { get; init; }
    public required int Status { get; init; }
    public string? Message { get; init; }
    public string? OrderId { get; init; }
    public string? Currency { get; init; }
    public long? AuthorizedAmount { get; init; }
    public long? CapturedAmount { get; init; }
    public long? RefundedAmount { get; init; }
    public string? PaymentProduct { get; init; }
    public int? Eci { get; init; }
    public int? AttemptId { get; init; }
    public bool? Test { get; init; }
    public string? Mid { get; init; }
    public string? ForwardUrl { get; init; }
    public EnterpriseReason? Reason { get; init; }
    public EnterpriseDebitAgreement? DebitAgreement { get; init; }
    public DateTimeOffset? DateCreated { get; init; }
    public DateTimeOffset? DateUpdated { get; init; }
    public DateTimeOffset? DateAuthorized { get; init; }
}
