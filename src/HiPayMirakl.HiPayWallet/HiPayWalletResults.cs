namespace HiPayMirakl.HiPayWallet;

// Results of the HiPay Wallet REST API, in HiPay's vocabulary. Amounts are minor units + currency.

/// <summary><c>POST /api/user-account/is-available</c>.</summary>
public sealed record HiPayEmailAvailability(string UserEmail, bool IsAvailable, string? Entity);

/// <summary><c>POST /api/user-account</c>. <see cref="CallbackSalt"/> signs this wallet's notifications: a secret.</summary>
public sealed record HiPayAccountCreated(
    long AccountId,
    long UserSpaceId,
    string Email,
    int? Status,
    string? CallbackUrl,
    string? CallbackSalt,
    string? WsLogin)
{
    public override string ToString() => $"HiPayAccountCreated {{ AccountId = {AccountId}, UserSpaceId = {UserSpaceId} }}";
}

/// <summary><c>GET /api/user-account</c>.</summary>
public sealed record HiPayAccount(
    long UserAccountId,
    long UserSpaceId,
    string? Entity,
    string? Currency,
    bool Activated,
    bool Identified,
    bool BankInfoValidated,
    string? CallbackUrl,
    string? CallbackSalt,
    int? UboStatementStatusCode)
{
    public override string ToString() => $"HiPayAccount {{ UserAccountId = {UserAccountId}, Identified = {Identified} }}";
}

/// <summary><c>PATCH /api/user-account</c>.</summary>
public sealed record HiPayAccountUpdated(long AccountId, string? Email, string? Alias, string? CallbackUrl);

/// <summary>One line of <c>balances[]</c>.</summary>
public sealed record HiPayBalanceLine(
    long UserAccountId,
    string? UserAccountType,
    long BalanceMinor,
    long AvailableForWithdrawalMinor,
    string Currency);

/// <summary><c>GET /api/user-account/balance</c>.</summary>
public sealed record HiPayBalance(string? Date, IReadOnlyList<HiPayBalanceLine> Balances)
{
    /// <summary>The line the predecessor used (one currency per wallet); null when HiPay sent none.</summary>
    public HiPayBalanceLine? Main => Balances.Count > 0 ? Balances[0] : null;
}

/// <summary>Bank info <c>status_code</c> (B.6).</summary>
public enum HiPayBankInfoStatus
{
    Unknown = 0,
    NoBankInfo = 1,
    ValidationInProgress = 2,
    Validated = 3,
}

/// <summary><c>GET/POST /api/user-account/bank-info</c>. ToString masks the IBAN.</summary>
public sealed record HiPayBankInfo(
    int StatusCode,
    string? Status,
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
    string? TransitNum)
{
    public HiPayBankInfoStatus StatusKind => StatusCode is >= 1 and <= 3 ? (HiPayBankInfoStatus)StatusCode : HiPayBankInfoStatus.Unknown;

    public override string ToString() => $"HiPayBankInfo {{ StatusCode = {StatusCode}, Iban = {WalletRedaction.MaskIban(Iban)} }}";
}

/// <summary><c>POST /api/identification</c>.</summary>
public sealed record HiPayDocumentUploaded(string? Message, long? UserSpace, int? Type, string? ValidityDate);

/// <summary>One entry of <c>GET /api/identification</c>; status codes −1, 0, 1, 2, 3, 4, 5, 8, 9 (B.3.6).</summary>
public sealed record HiPayIdentificationDocument(int Type, string? Label, int StatusCode, string? StatusLabel, string? Message);

/// <summary><c>GET /api/identification</c>.</summary>
public sealed record HiPayIdentification(long? UserSpace, string? IdentificationStatus, IReadOnlyList<HiPayIdentificationDocument> Documents);

/// <summary><c>GET /api/transaction/{id}</c>. Status strings: CAPTURED, AUTHED, ABORTED, REJECTED_END, UNAUTHED, CANCELLED_END, STANDBY…</summary>
public sealed record HiPayTransaction(
    string TransactionId,
    string TransactionStatus,
    long? AmountMinor,
    string? Currency,
    string? MerchantReference,
    string? Type,
    string? TransactionLabel,
    string? CreationDate,
    string? CaptureDate,
    string? RefusalReason);
