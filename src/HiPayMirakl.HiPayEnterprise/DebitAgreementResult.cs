namespace HiPayMirakl.HiPayEnterprise;

/// <summary>Answer of <c>POST /rest/v2/debit-agreement</c> (a mandate created without a payment).</summary>
public sealed record DebitAgreementResult(
    string Id,
    string? Status,
    string? ProviderReference,
    string? UniqueId,
    string? AgreementReference,
    DateTimeOffset? CreationDate,
    string? MaskedIban);
