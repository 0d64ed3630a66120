namespace Simulator.HiPayWallet;

// Bodies of the wallet's own control routes under /_sim/wallet (camelCase, like the kit's control API).

/// <summary>Funds an account from outside the books (cash-in escrow). Amount as a decimal string or in minor units.</summary>
internal sealed record CreditRequest(string? Amount, long? AmountMinor, long? AccountId, string? Label);

/// <summary>One wallet to seed; Foreign = true makes it belong to another merchant (sub-account headers get 401).</summary>
internal sealed record SeedAccountRequest(
    long? AccountId,
    string? Email,
    string? Login,
    string? Currency,
    long? Balance,
    int? Identified,
    int? Activated,
    int? BankStatus,
    string? Iban,
    string? Swift,
    string? CallbackUrl,
    string? CallbackSalt,
    int? ProType,
    bool? Foreign = null);

internal sealed record SeedAccountsRequest(IReadOnlyList<SeedAccountRequest>? Accounts);

internal sealed record ForceAccountRequest(
    int? Identified,
    int? Activated,
    int? BankStatus,
    long? Balance,
    string? CallbackSalt,
    string? CallbackUrl,
    int? DocumentStatus);

internal sealed record NotifyRequest(
    long AccountId,
    string? Operation,
    string? Status,
    string? Message,
    int? DocumentType,
    string? DocumentTypeLabel,
    string? TransId,
    string? Amount,
    string? Currency,
    string? Label,
    bool IncludeCallbackSalt,
    string? Md5Override,
    string? SaltOverride);

internal sealed record SwitchesRequest(
    bool? AuthorizationNok,
    bool? CaptureNok,
    bool? CaptureNeverArrives,
    bool? WithdrawalNok,
    bool? RefuseNextBankInfo,
    bool? DuplicateMerchantUniqueIdAnswersCode26);

internal sealed record BooksAccount(
    long AccountId,
    string Login,
    string Email,
    string Currency,
    long Balance,
    string BalanceText,
    int Identified,
    int Activated,
    int BankStatus,
    string? Iban);

internal sealed record BooksTransaction(
    string TransactionId,
    string Kind,
    long? FromAccountId,
    long? ToAccountId,
    long Amount,
    string Currency,
    string Status,
    string? MerchantUniqueId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CapturedAt);

/// <summary>Per-currency totals; Balanced is the invariant Σ balances + withdrawn = funded.</summary>
internal sealed record BooksCurrencyTotals(string Currency, long Funded, long Withdrawn, long Balances, bool Balanced);

internal sealed record WalletBooks(
    IReadOnlyList<BooksAccount> Accounts,
    IReadOnlyList<BooksTransaction> Transactions,
    long TotalFunded,
    long TotalWithdrawn,
    long TotalBalances,
    bool Balanced,
    IReadOnlyList<BooksCurrencyTotals> Currencies);
