namespace Simulator.HiPayWallet;

// Mutable state records of the fake; every instance is read and written under WalletState's lock only.

internal sealed class WalletAccount
{
    public required long AccountId { get; init; }
    public required long UserSpaceId { get; init; }
    public required string Email { get; set; }
    public required string Login { get; set; }
    public required string Currency { get; init; }
    public required string EntityCode { get; init; }
    public string Locale { get; set; } = "fr_FR";
    public string? Firstname { get; set; }
    public string? Lastname { get; set; }
    public int Civility { get; set; } = 1;
    public string? CompanyName { get; set; }
    public string? VatNumber { get; set; }
    public string? Alias { get; set; }
    public Dictionary<string, string> Address { get; } = new(StringComparer.Ordinal);
    public int AccountType { get; set; } = 1;
    public int ProType { get; set; } = 1;
    public int Activated { get; set; }
    public int Identified { get; set; }
    public int UboStatus { get; set; } = -1;
    public string? CallbackUrl { get; set; }
    public required string CallbackSalt { get; set; }
    public string? WsLogin { get; init; }
    public string MerchantGroupCode { get; init; } = "";
    public long? ParentAccountId { get; init; }
    public long Balance { get; set; }
    public WalletBankInfo? BankInfo { get; set; }
    public List<WalletDocument> Documents { get; } = [];
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class WalletBankInfo
{
    public required int StatusCode { get; set; }
    public required string BankCountry { get; init; }
    public string? BankName { get; init; }
    public string? BankAddress { get; init; }
    public string? BankZipCode { get; init; }
    public string? BankCity { get; init; }
    public string? Iban { get; init; }
    public string? Swift { get; init; }
    public string? AbaNum { get; init; }
    public string? BsbNum { get; init; }
    public string? BankNum { get; init; }
    public string? AcctNum { get; init; }
    public string? TransitNum { get; init; }
    public string? FileName { get; init; }

    /// <summary>Bumped at every registration so a review scheduled for an older registration does nothing.</summary>
    public int Version { get; init; }
}

internal sealed class WalletDocument
{
    public required int Type { get; init; }
    public required string FileName { get; init; }
    public string? BackFileName { get; init; }
    public string? ValidityDate { get; init; }
    public required int StatusCode { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset UploadedAt { get; init; }
}

internal enum WalletTransactionKind
{
    Transfer,
    Withdrawal,
    Other,
}

internal sealed class WalletTransaction
{
    public required string TransactionId { get; init; }
    public required WalletTransactionKind Kind { get; init; }
    public long? FromAccountId { get; init; }
    public long? ToAccountId { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public string? PublicLabel { get; init; }
    public string? PrivateLabel { get; init; }
    public string? Label { get; init; }
    public string? MerchantUniqueId { get; init; }
    public required string Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CapturedAt { get; set; }
    public string? RefusalReason { get; set; }
}

/// <summary>Transaction statuses HiPay's PHP library names (TransferStatus/WithdrawStatus).</summary>
internal static class WalletTransactionStatus
{
    public const string Authed = "AUTHED";
    public const string Captured = "CAPTURED";
    public const string Unauthed = "UNAUTHED";
    public const string RejectedEnd = "REJECTED_END";
    public const string CancelledEnd = "CANCELLED_END";
}

/// <summary>Scripted outcomes; all sticky except RefuseNextBankInfo.</summary>
internal sealed record WalletSwitches(
    bool AuthorizationNok = false,
    bool CaptureNok = false,
    bool CaptureNeverArrives = false,
    bool WithdrawalNok = false,
    bool RefuseNextBankInfo = false,
    bool DuplicateMerchantUniqueIdAnswersCode26 = false);
