using System.Text.Json.Serialization;

namespace Simulator.HiPayWallet;

// Wire shapes of the HiPay Wallet REST API, spelled exactly as the provider spells them.

internal sealed record WalletFieldError(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("message")] string Message);

internal sealed record WalletErrorResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WalletFieldError>? Errors = null,
    [property: JsonPropertyName("error_code_detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ErrorCodeDetail = null);

internal sealed record IsAvailableResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("user_email")] string UserEmail,
    [property: JsonPropertyName("is_available")] bool IsAvailable,
    [property: JsonPropertyName("entity")] string Entity);

internal sealed record CreateAccountResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("wslogin")] string WsLogin,
    [property: JsonPropertyName("wspassword")] string WsPassword,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("account_id")] long AccountId,
    [property: JsonPropertyName("user_space_id")] long UserSpaceId,
    [property: JsonPropertyName("callback_url")] string? CallbackUrl,
    [property: JsonPropertyName("callback_salt")] string CallbackSalt);

internal sealed record AccountResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("entity")] string Entity,
    [property: JsonPropertyName("user_account_id")] long UserAccountId,
    [property: JsonPropertyName("user_space_id")] long UserSpaceId,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("activated")] int Activated,
    [property: JsonPropertyName("identified")] int Identified,
    [property: JsonPropertyName("bank_info_validated")] int BankInfoValidated,
    [property: JsonPropertyName("callback_url")] string? CallbackUrl,
    [property: JsonPropertyName("callback_salt")] string CallbackSalt,
    [property: JsonPropertyName("ubo_statement_status_code")] int UboStatementStatusCode,
    [property: JsonPropertyName("websites")] IReadOnlyList<string> Websites,
    [property: JsonPropertyName("sub_accounts")] IReadOnlyList<long> SubAccounts);

internal sealed record UpdateAccountResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("account_id")] long AccountId,
    [property: JsonPropertyName("alias")] string? Alias,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("callback_url")] string? CallbackUrl,
    [property: JsonPropertyName("callback_salt")] string CallbackSalt,
    [property: JsonPropertyName("entity_code")] string EntityCode,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("zipcode")] string? Zipcode,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("homephone")] string? Homephone,
    [property: JsonPropertyName("mobilephone")] string? Mobilephone,
    [property: JsonPropertyName("merchant_group_code")] string MerchantGroupCode);

internal sealed record UploadDocumentResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("user_space")] long UserSpace,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("validity_date")] string? ValidityDate);

internal sealed record IdentificationDocumentItem(
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("status_label")] string StatusLabel,
    [property: JsonPropertyName("message")] string? Message);

internal sealed record IdentificationResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("user_space")] long UserSpace,
    [property: JsonPropertyName("identification_status")] string IdentificationStatus,
    [property: JsonPropertyName("documents")] IReadOnlyList<IdentificationDocumentItem> Documents);

internal sealed record BankInfoResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("bank_country")] string BankCountry,
    [property: JsonPropertyName("bank_name")] string BankName,
    [property: JsonPropertyName("bank_address")] string BankAddress,
    [property: JsonPropertyName("bank_zip_code")] string BankZipCode,
    [property: JsonPropertyName("bank_city")] string BankCity,
    [property: JsonPropertyName("iban")] string Iban,
    [property: JsonPropertyName("swift")] string Swift,
    [property: JsonPropertyName("aba_num")] string AbaNum,
    [property: JsonPropertyName("bsb_num")] string BsbNum,
    [property: JsonPropertyName("bank_num")] string BankNum,
    [property: JsonPropertyName("acct_num")] string AcctNum,
    [property: JsonPropertyName("transit_num")] string TransitNum);

internal sealed record BalanceItem(
    [property: JsonPropertyName("user_account_id")] long UserAccountId,
    [property: JsonPropertyName("user_account_type")] string UserAccountType,
    [property: JsonPropertyName("balance")] string Balance,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("money_available_for_withdrawal")] string MoneyAvailableForWithdrawal);

internal sealed record BalanceResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("balances")] IReadOnlyList<BalanceItem> Balances);

internal sealed record TransferResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("transaction_id")] string TransactionId,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("recipient_username")] string RecipientUsername,
    [property: JsonPropertyName("public_label")] string? PublicLabel,
    [property: JsonPropertyName("private_label")] string? PrivateLabel,
    [property: JsonPropertyName("merchant_unique_id")] string? MerchantUniqueId,
    [property: JsonPropertyName("periodicity_type")] string PeriodicityType,
    [property: JsonPropertyName("periodicity")] string? Periodicity,
    [property: JsonPropertyName("date")] string Date);

internal sealed record WithdrawalResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("transaction_public_id")] string TransactionPublicId,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("issuer_account")] long IssuerAccount,
    [property: JsonPropertyName("merchant_unique_id")] string? MerchantUniqueId);

internal sealed record TransactionResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("transaction_id")] string TransactionId,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("creation_date")] string CreationDate,
    [property: JsonPropertyName("collect_date")] string? CollectDate,
    [property: JsonPropertyName("capture_date")] string? CaptureDate,
    [property: JsonPropertyName("transaction_status")] string TransactionStatus,
    [property: JsonPropertyName("transaction_label")] string? TransactionLabel,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("issuer_email")] string? IssuerEmail,
    [property: JsonPropertyName("recipient_email")] string? RecipientEmail,
    [property: JsonPropertyName("merchant_reference")] string? MerchantReference,
    [property: JsonPropertyName("subscription_id")] string? SubscriptionId,
    [property: JsonPropertyName("site_url")] string? SiteUrl,
    [property: JsonPropertyName("site_name")] string? SiteName,
    [property: JsonPropertyName("merchant_email")] string? MerchantEmail,
    [property: JsonPropertyName("fees")] string Fees,
    [property: JsonPropertyName("currency_fees")] string CurrencyFees,
    [property: JsonPropertyName("refusal_reason")] string? RefusalReason);

internal sealed record MerchantItem(
    [property: JsonPropertyName("account_id")] long AccountId,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("login")] string Login,
    [property: JsonPropertyName("creation_date")] string CreationDate);

internal sealed record MerchantGroupResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("merchant_group_name")] string MerchantGroupName,
    [property: JsonPropertyName("total_merchant")] int TotalMerchant,
    [property: JsonPropertyName("merchants_list")] IReadOnlyList<MerchantItem> MerchantsList);

internal sealed record BankFieldItem(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("label")] string Label);

internal sealed record BankInfoFieldsResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("fields")] IReadOnlyList<BankFieldItem> Fields);

internal sealed record TransactionListItem(
    [property: JsonPropertyName("transaction_id")] string TransactionId,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("creation_date")] string CreationDate,
    [property: JsonPropertyName("capture_date")] string? CaptureDate,
    [property: JsonPropertyName("transaction_status")] string TransactionStatus,
    [property: JsonPropertyName("transaction_label")] string? TransactionLabel,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("issuer_email")] string? IssuerEmail,
    [property: JsonPropertyName("recipient_email")] string? RecipientEmail,
    [property: JsonPropertyName("merchant_reference")] string? MerchantReference);

internal sealed record TransactionListResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("nb_result")] int NbResult,
    [property: JsonPropertyName("transactions_list")] IReadOnlyList<TransactionListItem> TransactionsList);
