namespace Simulator.HiPayWallet;

// Parsed request fields, kept as the raw strings the client sent so the state decides what is valid.

internal sealed record CreateAccountInput(
    string? Email,
    string? Firstname,
    string? Lastname,
    string? Currency,
    string? Locale,
    string? Login,
    string? ControleType,
    string? CredentialLogin,
    string? CredentialPassword,
    string? Civility,
    string? EntityCode,
    string? CompanyName,
    string? VatNumber,
    string? Alias,
    string? CallbackUrl,
    string? CallbackSalt,
    string? AccountType,
    string? ProType,
    string? MerchantGroupCode,
    IReadOnlyDictionary<string, string> Address);

internal sealed record UpdateAccountInput(
    string? Email,
    string? Alias,
    string? VatNumber,
    string? CallbackUrl,
    string? CallbackSalt,
    IReadOnlyDictionary<string, string> Address);

internal sealed record UploadedFile(string FileName, long Length);

internal sealed record UploadDocumentInput(string? Type, UploadedFile? File, UploadedFile? Back, string? ValidityDate);

internal sealed record BankInfoInput(
    string? BankCountry,
    string? BankName,
    string? BankAddress,
    string? BankZipCode,
    string? BankCity,
    string? Iban,
    string? Swift,
    string? AbaNum,
    string? BsbNum,
    string? BankNum,
    string? AcctNum,
    string? TransitNum,
    UploadedFile? File);

internal sealed record TransferInput(
    string? RecipientAccountId,
    string? RecipientAccountLogin,
    string? Amount,
    string? PublicLabel,
    string? PrivateLabel,
    string? MerchantUniqueId);

internal sealed record WithdrawalInput(string? Amount, string? Label, string? MerchantUniqueId);
