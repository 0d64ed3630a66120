namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// A server-to-server notification, whichever format it came in (form with bracket keys, or XML). The dedup key
/// of the reference is (transaction reference, status), plus the operation id for repeatable statuses.
/// </summary>
public sealed record EnterpriseNotification
{
    public required EnterpriseTransaction Transaction { get; init; }
    public string TransactionReference => Transaction.TransactionReference;
    public string? OrderId => Transaction.OrderId;
    public int Status => Transaction.Status;
    public string State => Transaction.State;
    public long? Amount { get; init; }
    public string? Currency => Transaction.Currency;
    public string? DebitAgreementId => Transaction.DebitAgreement?.Id;
    public string? DebitAgreementStatus => Transaction.DebitAgreement?.Status;
    public int? AttemptId => Transaction.AttemptId;
    public DateTimeOffset? Date => Transaction.DateUpdated ?? Transaction.DateCreated;
    public string? OperationId { get; init; }
    public string? OperationType { get; init; }
    public IReadOnlyDictionary<string, string> CustomData { get; init; } = new Dictionary<string, string>();
}
