using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// Typed client for the HiPay Wallet REST API. HTTP 200 with <c>code</c> ≠ 0 is a failure. Reads
/// are retried on transient errors; money POSTs (transfer, withdrawal) are sent once and an ambiguous ending comes
/// back as <c>Unknown</c>, to be resolved with <see cref="GetTransactionAsync"/> by merchant_unique_id. The only
/// POST retry is a 429, or a 503 carrying Retry-After, where HiPay said it did not process the request.
/// </summary>
public sealed class HiPayWalletClient
{
    private readonly HttpClient _http;
    private readonly IOptionsMonitor<HiPayWalletClientOptions> _options;
    private readonly ILogger<HiPayWalletClient> _logger;
    private readonly ResiliencePipeline<WireResponse> _pipeline;

    // Back-off waits on the real network, so it runs on the system clock on purpose: a virtual clock registered
    // for business time (tests, demo) must not stall HTTP retries until someone advances it.
    private readonly TimeProvider _time = TimeProvider.System;

    public HiPayWalletClient(HttpClient http, IOptionsMonitor<HiPayWalletClientOptions> options, ILogger<HiPayWalletClient> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _logger = logger;
        _pipeline = BuildPipeline(options.CurrentValue);
    }

    private HiPayWalletClientOptions Options => _options.CurrentValue;

    /// <summary>The longest one call can last, retries included (see <see cref="HiPayWalletClientOptions.LongestCall"/>).</summary>
    public TimeSpan LongestCall => Options.LongestCall;

    /// <summary><c>POST /api/user-account/is-available</c> for the configured entity.</summary>
    public async Task<HiPayEmailAvailability> IsAvailableAsync(string email, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        const string op = "POST user-account/is-available";
        var form = new FormFields().Add("user_email", email).Add("entity", Options.Entity);
        var root = ExpectOk(op, await SendAsync(HttpMethod.Post, "api/user-account/is-available", form.ToContent, null, false, ct));
        return new HiPayEmailAvailability(WalletJson.String(root, "user_email") ?? email, WalletJson.Flag(root, "is_available"), WalletJson.String(root, "entity"));
    }

    /// <summary><c>POST /api/user-account</c>: a wallet owned by the technical account.</summary>
    public async Task<HiPayAccountCreated> CreateAccountAsync(HiPayCreateAccountRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string op = "POST user-account";
        var o = Options;
        var form = new FormFields()
            .Add("email", request.Email)
            .Add("controle_type", "CREDENTIALS")
            .Add("credential[wslogin]", o.WsLogin)
            .Add("credential[wspassword]", o.WsPassword)
            .Add("firstname", request.Firstname)
            .Add("lastname", request.Lastname)
            .Add("currency", request.Currency)
            .Add("locale", request.Locale ?? o.Locale)
            .Add("timezone", request.Timezone ?? o.TimeZone)
            .Add("entity_code", o.Entity)
            .Add("login", request.Login)
            .Add("civility", request.Civility)
            .Add("alias", request.Alias)
            .Add("company_name", request.CompanyName)
            .Add("vat_number", request.VatNumber)
            .AddAddress(request.Address)
            .Add("hipay_information", request.HipayInformation)
            .Add("commercial_information", request.CommercialInformation)
            .Add("activation_type", request.ActivationType)
            .Add("account_type", request.AccountType)
            .Add("pro_type", request.ProType)
            .Add("merchant_group_code", request.MerchantGroupCode)
            .Add("ip_address", request.IpAddress)
            .Add("birthdate", request.Birthdate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Add("structure", request.Structure)
            .Add("callback_url", request.CallbackUrl?.AbsoluteUri)
            .Add("callback_salt", request.CallbackSalt)
            .Add("anti_phishing_key", request.AntiPhishingKey)
            .Add("city_of_birth", request.CityOfBirth)
            .Add("country_of_birth", request.CountryOfBirth)
            .Add("cgu_validation", request.CguValidation)
            .Add("external_account_id", request.ExternalAccountId)
            .Add("external_type", request.ExternalType);
        var response = await SendAsync(HttpMethod.Post, "api/user-account", form.ToContent, null, false, ct);
        var root = ExpectOk(op, response);
        var accountId = WalletJson.Long(root, "account_id") ?? throw Unreadable(op, response, "account_id");
        return new HiPayAccountCreated(
            accountId,
            WalletJson.Long(root, "user_space_id") ?? 0,
            WalletJson.String(root, "email") ?? request.Email,
            WalletJson.Int(root, "status"),
            WalletJson.String(root, "callback_url"),
            WalletJson.String(root, "callback_salt"),
            WalletJson.String(root, "wslogin"));
    }

    /// <summary><c>GET /api/user-account</c> of a wallet (by id or login); <c>default</c> reads the technical account itself.</summary>
    public async Task<HiPayAccount> GetAccountAsync(HiPayAccountRef account, CancellationToken ct = default)
    {
        var response = await SendAsync(HttpMethod.Get, "api/user-account", null, account, true, ct);
        return ReadAccount(response);
    }

    /// <summary>
    /// <c>GET /api/user-account</c> sent once, without retry, and given up after <paramref name="timeout"/>: for a caller
    /// that holds someone else's request open meanwhile (the notification endpoint reading a salt).
    /// </summary>
    public async Task<HiPayAccount> GetAccountOnceAsync(HiPayAccountRef account, TimeSpan timeout, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/user-account", UriKind.Relative));
        request.Options.Set(WalletAuthenticationHandler.SubAccountKey, account);

        WireResponse response;
        try
        {
            response = await SendOnceAsync(request, true, deadline.Token);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            response = new WireResponse(true, null, "", "timeout after " + timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s", ex, null);
        }

        return ReadAccount(response);
    }

    private static HiPayAccount ReadAccount(WireResponse response)
    {
        const string op = "GET user-account";
        var root = ExpectOk(op, response);
        return new HiPayAccount(
            WalletJson.Long(root, "user_account_id") ?? throw Unreadable(op, response, "user_account_id"),
            WalletJson.Long(root, "user_space_id") ?? 0,
            WalletJson.String(root, "entity"),
            WalletJson.String(root, "currency"),
            WalletJson.Flag(root, "activated"),
            WalletJson.Flag(root, "identified"),
            WalletJson.Flag(root, "bank_info_validated"),
            WalletJson.String(root, "callback_url"),
            WalletJson.String(root, "callback_salt"),
            WalletJson.Int(root, "ubo_statement_status_code"));
    }

    /// <summary>
    /// The predecessor's recovery rule: wallets created before logins were generated answer 401 to their id or
    /// login, so on an authentication failure ask again with the lower-cased e-mail as the sub-account login.
    /// </summary>
    public async Task<HiPayAccount> GetAccountWithEmailFallbackAsync(HiPayAccountRef account, string email, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        try
        {
            return await GetAccountAsync(account, ct);
        }
        catch (HiPayWalletApiException ex) when (ex.IsAuthenticationFailure)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("HiPay refused {Account}; retrying with the e-mail as sub-account login", account);
            }

            return await GetAccountAsync(HiPayAccountRef.ByLogin(email.Trim().ToLowerInvariant()), ct);
        }
    }

    /// <summary><c>PATCH /api/user-account</c>; the predecessor only changes the e-mail.</summary>
    public async Task<HiPayAccountUpdated> UpdateAccountAsync(HiPayAccountRef account, HiPayUpdateAccountRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string op = "PATCH user-account";
        var form = new FormFields()
            .Add("email", request.Email)
            .Add("alias", request.Alias)
            .Add("vat_number", request.VatNumber)
            .AddAddress(request.Address)
            .Add("hipay_information", request.HipayInformation)
            .Add("commercial_information", request.CommercialInformation)
            .Add("callback_url", request.CallbackUrl?.AbsoluteUri)
            .Add("callback_salt", request.CallbackSalt)
            .Add("city_of_birth", request.CityOfBirth)
            .Add("country_of_birth", request.CountryOfBirth)
            .Add("cgu_validation", request.CguValidation);
        var root = ExpectOk(op, await SendAsync(HttpMethod.Patch, "api/user-account", form.ToContent, account, false, ct));
        return new HiPayAccountUpdated(
            WalletJson.Long(root, "account_id") ?? account.AccountId ?? 0,
            WalletJson.String(root, "email"),
            WalletJson.String(root, "alias"),
            WalletJson.String(root, "callback_url"));
    }

    /// <summary><c>GET /api/user-account/balance</c> of a wallet, or of the technical account when null.</summary>
    public async Task<HiPayBalance> GetBalanceAsync(HiPayAccountRef? account, CancellationToken ct = default)
    {
        const string op = "GET user-account/balance";
        var response = await SendAsync(HttpMethod.Get, "api/user-account/balance", null, account, true, ct);
        var root = ExpectOk(op, response);
        var lines = new List<HiPayBalanceLine>();
        if (WalletJson.Property(root, "balances") is { ValueKind: JsonValueKind.Array } balances)
        {
            foreach (var item in balances.EnumerateArray())
            {
                var currency = WalletJson.String(item, "currency") ?? throw Unreadable(op, response, "balances[].currency");
                try
                {
                    var balance = WalletJson.Minor(item, "balance", currency) ?? throw Unreadable(op, response, "balances[].balance");
                    lines.Add(new HiPayBalanceLine(
                        WalletJson.Long(item, "user_account_id") ?? 0,
                        WalletJson.String(item, "user_account_type"),
                        balance,
                        WalletJson.Minor(item, "money_available_for_withdrawal", currency) ?? balance,
                        currency));
                }
                catch (FormatException ex)
                {
                    throw new HiPayWalletApiException(op, response.Status, 0, "unreadable amount: " + ex.Message, response.Body, ex);
                }
            }
        }

        return new HiPayBalance(WalletJson.String(root, "date"), lines);
    }

    /// <summary><c>GET /api/user-account/bank-info/{locale}</c> (labels in that locale, default en_GB).</summary>
    public async Task<HiPayBankInfo> GetBankInfoAsync(HiPayAccountRef account, string? locale = "en_GB", CancellationToken ct = default)
    {
        const string op = "GET user-account/bank-info";
        var path = string.IsNullOrWhiteSpace(locale) ? "api/user-account/bank-info" : "api/user-account/bank-info/" + Uri.EscapeDataString(locale);
        return ReadBankInfo(ExpectOk(op, await SendAsync(HttpMethod.Get, path, null, account, true, ct)));
    }

    /// <summary><c>POST /api/user-account/bank-info</c>: multipart, bank details and proof file together.</summary>
    public async Task<HiPayBankInfo> RegisterBankInfoAsync(HiPayAccountRef account, HiPayBankInfoRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string op = "POST user-account/bank-info";
        var file = await BufferedFile.ReadAsync(request.File, ct);
        var fields = new FormFields()
            .Add("bank_country", request.BankCountry)
            .Add("bank_name", request.BankName)
            .Add("bank_address", request.BankAddress)
            .Add("bank_zip_code", request.BankZipCode)
            .Add("bank_city", request.BankCity)
            .Add("iban", request.Iban)
            .Add("swift", request.Swift)
            .Add("aba_num", request.AbaNum)
            .Add("bsb_num", request.BsbNum)
            .Add("bank_num", request.BankNum)
            .Add("acct_num", request.AcctNum)
            .Add("transit_num", request.TransitNum);
        var response = await SendAsync(HttpMethod.Post, "api/user-account/bank-info", () => fields.ToMultipart(("file", file)), account, false, ct);
        return ReadBankInfo(ExpectOk(op, response));
    }

    /// <summary><c>POST /api/identification</c>: one KYC document (multipart: type, file, back, validity_date).</summary>
    public async Task<HiPayDocumentUploaded> UploadIdentificationAsync(HiPayAccountRef account, HiPayIdentificationUpload upload, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        const string op = "POST identification";
        var file = await BufferedFile.ReadAsync(upload.File, ct);
        var back = upload.Back is null ? null : await BufferedFile.ReadAsync(upload.Back, ct);
        var fields = new FormFields()
            .Add("type", upload.Type)
            .Add("validity_date", upload.ValidityDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Add("user_space", upload.UserSpace);
        var root = ExpectOk(op, await SendAsync(HttpMethod.Post, "api/identification", () => fields.ToMultipart(("file", file), ("back", back)), account, false, ct));
        return new HiPayDocumentUploaded(WalletJson.String(root, "message"), WalletJson.Long(root, "user_space"), WalletJson.Int(root, "type"),
            WalletJson.String(root, "validity_date"));
    }

    /// <summary><c>GET /api/identification</c>: identification status and the documents with their review status.</summary>
    public async Task<HiPayIdentification> GetIdentificationAsync(HiPayAccountRef account, CancellationToken ct = default)
    {
        const string op = "GET identification";
        var root = ExpectOk(op, await SendAsync(HttpMethod.Get, "api/identification", null, account, true, ct));
        var documents = new List<HiPayIdentificationDocument>();
        if (WalletJson.Property(root, "documents") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var item in list.EnumerateArray())
            {
                documents.Add(new HiPayIdentificationDocument(WalletJson.Int(item, "type") ?? 0, WalletJson.String(item, "label"),
                    WalletJson.Int(item, "status_code") ?? -1, WalletJson.String(item, "status_label"), WalletJson.String(item, "message")));
            }
        }

        return new HiPayIdentification(WalletJson.Long(root, "user_space"), WalletJson.String(root, "identification_status"), documents);
    }

    /// <summary><c>POST /api/transfer</c> from the technical account to a wallet. Never retried once it may have been applied.</summary>
    public async Task<TransferOutcome> TransferAsync(HiPayTransferRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.MerchantUniqueId);
        var form = new FormFields()
            .Add("recipient_account_id", request.RecipientAccountId)
            .Add("recipient_account_login", request.RecipientAccountLogin)
            .Add("amount", WalletAmount.Format(request.AmountMinor, request.Currency))
            .Add("public_label", request.PublicLabel)
            .Add("private_label", request.PrivateLabel)
            .Add("merchant_unique_id", request.MerchantUniqueId);
        var response = await SendAsync(HttpMethod.Post, "api/transfer", form.ToContent, null, false, ct);
        var result = MoneyPostResult.Classify(response, "transaction_id");
        LogMoneyPost("transfer", request.MerchantUniqueId, result);
        return result.Kind switch
        {
            MoneyPostKind.Accepted => new TransferOutcome.Accepted(result.TransactionId!, result.Status),
            MoneyPostKind.Rejected => new TransferOutcome.Rejected(result.Code, result.Message),
            _ => new TransferOutcome.Unknown(result.Message),
        };
    }

    /// <summary><c>POST /api/withdrawal</c> from a wallet to its bank account. Never retried once it may have been applied.</summary>
    public async Task<WithdrawalOutcome> WithdrawAsync(HiPayWithdrawalRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.MerchantUniqueId);
        var form = new FormFields()
            .Add("amount", WalletAmount.Format(request.AmountMinor, request.Currency))
            .Add("label", request.Label)
            .Add("merchant_unique_id", request.MerchantUniqueId);
        var response = await SendAsync(HttpMethod.Post, "api/withdrawal", form.ToContent, request.Account, false, ct);
        var result = MoneyPostResult.Classify(response, "transaction_public_id");
        LogMoneyPost("withdrawal", request.MerchantUniqueId, result);
        return result.Kind switch
        {
            MoneyPostKind.Accepted => new WithdrawalOutcome.Accepted(result.TransactionId!, result.Status),
            MoneyPostKind.Rejected => new WithdrawalOutcome.Rejected(result.Code, result.Message),
            _ => new WithdrawalOutcome.Unknown(result.Message),
        };
    }

    /// <summary>
    /// <c>GET /api/transaction/{id}</c> by HiPay transaction id or by merchant_unique_id. HiPay answers an unknown id
    /// with HTTP 200 and <c>code</c> 7: only that is <see cref="TransactionLookup.NotFound"/>. A transport failure, an
    /// HTTP error status (404 included), another error code or an unreadable body is
    /// <see cref="TransactionLookup.Unknown"/>: after an ambiguous POST, "not found" is what allows sending again, so
    /// it must come from HiPay itself.
    /// </summary>
    public async Task<TransactionLookup> GetTransactionAsync(string transactionIdOrMerchantUniqueId, HiPayAccountRef? account = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionIdOrMerchantUniqueId);
        var response = await SendAsync(HttpMethod.Get, "api/transaction/" + Uri.EscapeDataString(transactionIdOrMerchantUniqueId), null, account, true, ct);
        var lookup = ReadTransaction(response);
        if (lookup is TransactionLookup.Unknown unknown && _logger.IsEnabled(LogLevel.Warning))
        {
            _logger.LogWarning("HiPay transaction lookup {Reference}: no conclusion ({Reason})", transactionIdOrMerchantUniqueId, unknown.Reason);
        }

        return lookup;
    }

    /// <summary>The longest span <see cref="ListTransactionsAsync"/> may ask for: HiPay refuses dates further apart.</summary>
    public const int MaxTransactionListDays = 92;

    /// <summary>The most rows HiPay returns in one page of the transaction list.</summary>
    public const int MaxTransactionListPageSize = 1000;

    /// <summary>
    /// <c>GET /api/transaction</c>: every transaction of the account (the technical account when
    /// <paramref name="account"/> is null) created from <paramref name="start"/> to <paramref name="end"/> inclusive,
    /// read page by page until HiPay's <c>nb_result</c> is reached. A read: retried on transient errors, any failure throws.
    /// </summary>
    public async Task<IReadOnlyList<HiPayTransaction>> ListTransactionsAsync(DateOnly start, DateOnly end, HiPayAccountRef? account = null,
        int pageSize = MaxTransactionListPageSize, CancellationToken ct = default)
    {
        const string op = "GET transaction (list)";
        if (end < start || end.DayNumber - start.DayNumber > MaxTransactionListDays)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"the list covers at most {MaxTransactionListDays} days, from the start date on");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxTransactionListPageSize);
        var all = new List<HiPayTransaction>();
        for (var page = 1; ; page++)
        {
            var path = string.Create(CultureInfo.InvariantCulture,
                $"api/transaction?start-date={start:yyyy-MM-dd}&end-date={end:yyyy-MM-dd}&nb-result-per-page={pageSize}&page={page}");
            var response = await SendAsync(HttpMethod.Get, path, null, account, true, ct);
            var root = ExpectOk(op, response);
            var total = WalletJson.Long(root, "nb_result") ?? throw Unreadable(op, response, "nb_result");
            var count = 0;
            if (WalletJson.Property(root, "transactions_list") is { ValueKind: JsonValueKind.Array } list)
            {
                foreach (var item in list.EnumerateArray())
                {
                    all.Add(ReadListedTransaction(op, response, item));
                    count++;
                }
            }

            // An empty page ends the list even if nb_result promised more: rows removed meanwhile must not loop forever.
            if (count == 0 || all.Count >= total)
            {
                return all;
            }
        }
    }

    private static HiPayTransaction ReadListedTransaction(string op, WireResponse response, JsonElement item)
    {
        var currency = WalletJson.String(item, "currency");
        long? amount;
        try
        {
            amount = WalletJson.Minor(item, "amount", currency);
        }
        catch (FormatException ex)
        {
            throw new HiPayWalletApiException(op, response.Status, 0, "unreadable amount: " + ex.Message, response.Body, ex);
        }

        return new HiPayTransaction(
            WalletJson.String(item, "transaction_id") ?? throw Unreadable(op, response, "transactions_list[].transaction_id"),
            WalletJson.String(item, "transaction_status") ?? "",
            amount,
            currency,
            WalletJson.String(item, "merchant_reference"),
            WalletJson.String(item, "type"),
            WalletJson.String(item, "transaction_label"),
            WalletJson.String(item, "creation_date"),
            WalletJson.String(item, "capture_date"),
            WalletJson.String(item, "refusal_reason"));
    }

    private static TransactionLookup ReadTransaction(WireResponse response)
    {
        if (response.Failure is not null)
        {
            return new TransactionLookup.Unknown(response.Failure);
        }

        if (!response.IsSuccess)
        {
            return new TransactionLookup.Unknown("HTTP " + response.Status?.ToString(CultureInfo.InvariantCulture));
        }

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return new TransactionLookup.Unknown("the answer is not JSON");
        }

        var code = WalletJson.Int(root, "code");
        if (code == 7)
        {
            return new TransactionLookup.NotFound(WalletJson.String(root, "message"));
        }

        if (code is not (null or 0))
        {
            return new TransactionLookup.Unknown(string.Create(CultureInfo.InvariantCulture, $"code {code} {WalletJson.String(root, "message")}"));
        }

        var currency = WalletJson.String(root, "currency");
        long? amount;
        try
        {
            amount = WalletJson.Minor(root, "amount", currency);
        }
        catch (FormatException ex)
        {
            return new TransactionLookup.Unknown("unreadable amount: " + ex.Message);
        }

        if (WalletJson.String(root, "transaction_id") is not { Length: > 0 } transactionId
            || WalletJson.String(root, "transaction_status") is not { Length: > 0 } status)
        {
            return new TransactionLookup.Unknown("the answer has no usable transaction_id or transaction_status");
        }

        return new TransactionLookup.Found(new HiPayTransaction(
            transactionId,
            status,
            amount,
            currency,
            WalletJson.String(root, "merchant_reference"),
            WalletJson.String(root, "type"),
            WalletJson.String(root, "transaction_label"),
            WalletJson.String(root, "creation_date"),
            WalletJson.String(root, "capture_date"),
            WalletJson.String(root, "refusal_reason")));
    }

    private static HiPayBankInfo ReadBankInfo(JsonElement root) => new(
        WalletJson.Int(root, "status_code") ?? 0,
        WalletJson.String(root, "status"),
        WalletJson.String(root, "bank_country"),
        WalletJson.String(root, "bank_name"),
        WalletJson.String(root, "bank_address"),
        WalletJson.String(root, "bank_zip_code"),
        WalletJson.String(root, "bank_city"),
        WalletJson.String(root, "iban"),
        WalletJson.String(root, "swift"),
        WalletJson.String(root, "aba_num"),
        WalletJson.String(root, "bsb_num"),
        WalletJson.String(root, "bank_num"),
        WalletJson.String(root, "acct_num"),
        WalletJson.String(root, "transit_num"));

    /// <summary>The envelope rule: HTTP 2xx and <c>code</c> 0 (or absent) is success; anything else throws.</summary>
    internal static JsonElement ExpectOk(string operation, WireResponse response)
    {
        if (response.Failure is not null)
        {
            throw new HiPayWalletApiException(operation, response.Status, null, response.Failure, null, response.Exception);
        }

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new HiPayWalletApiException(operation, response.Status, null, "the answer is not JSON", response.Body, ex);
        }

        var code = WalletJson.Int(root, "code");
        var message = WalletJson.String(root, "message");
        if (!response.IsSuccess || code is not (null or 0))
        {
            throw new HiPayWalletApiException(operation, response.Status, WalletJson.Int(root, "error_code_detail") ?? code, message, response.Body);
        }

        return root;
    }

    private static HiPayWalletApiException Unreadable(string operation, WireResponse response, string field) =>
        new(operation, response.Status, 0, $"the answer has no usable '{field}'", response.Body);

    private void LogMoneyPost(string kind, string merchantUniqueId, MoneyPostResult result)
    {
        if (result.Kind == MoneyPostKind.Unknown && _logger.IsEnabled(LogLevel.Warning))
        {
            _logger.LogWarning("HiPay {Kind} {MerchantUniqueId}: outcome unknown ({Reason}); resolve by merchant_unique_id", kind, merchantUniqueId, result.Message);
        }
        else if (result.Kind == MoneyPostKind.Rejected && _logger.IsEnabled(LogLevel.Warning))
        {
            _logger.LogWarning("HiPay {Kind} {MerchantUniqueId} rejected: code {Code} {Message}", kind, merchantUniqueId, result.Code, result.Message);
        }
        else if (result.Kind == MoneyPostKind.Accepted && _logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("HiPay {Kind} {MerchantUniqueId} accepted as {TransactionId}", kind, merchantUniqueId, result.TransactionId);
        }
    }

    private Task<WireResponse> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, HiPayAccountRef? account, bool isRead, CancellationToken ct) =>
        _pipeline.ExecuteAsync(
            async token =>
            {
                using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
                request.Content = content?.Invoke();
                if (account is { } acting)
                {
                    request.Options.Set(WalletAuthenticationHandler.SubAccountKey, acting);
                }

                return await SendOnceAsync(request, isRead, token);
            },
            ct).AsTask();

    private async Task<WireResponse> SendOnceAsync(HttpRequestMessage request, bool isRead, CancellationToken ct)
    {
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return new WireResponse(isRead, (int)response.StatusCode, body, null, null, RetryAfter(response));
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            return new WireResponse(isRead, null, "", "timeout after " + _http.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s", ex, null);
        }
        catch (HttpRequestException ex)
        {
            return new WireResponse(isRead, null, "", "connection failed: " + (ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString()), ex, null);
        }
        catch (IOException ex)
        {
            return new WireResponse(isRead, null, "", "connection failed while reading: " + ex.Message, ex, null);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private ResiliencePipeline<WireResponse> BuildPipeline(HiPayWalletClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder<WireResponse> { TimeProvider = _time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<WireResponse>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r && ShouldRetry(r, options.MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
                OnRetry = args =>
                {
                    var r = args.Outcome.Result;
                    if (!_logger.IsEnabled(LogLevel.Information))
                    {
                        return ValueTask.CompletedTask;
                    }

                    _logger.LogInformation("HiPay Wallet call retried (attempt {Attempt}) after {Reason}", args.AttemptNumber + 1,
                        r?.Failure ?? "HTTP " + r?.Status?.ToString(CultureInfo.InvariantCulture));
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// Reads retry on transport failures and 408/429/5xx. Writes retry only when HiPay said it did not process
    /// them (429, or 503 with Retry-After); a Retry-After longer than we are willing to wait ends the retries.
    /// </summary>
    internal static bool ShouldRetry(WireResponse r, TimeSpan maxRetryAfter)
    {
        if (r.RetryAfter is { } wait && wait > maxRetryAfter)
        {
            return false;
        }

        if (r.IsRead)
        {
            return r.Failure is not null || r.Status is 408 or 429 or 500 or 502 or 503 or 504;
        }

        return r.Failure is null && (r.Status == 429 || (r.Status == 503 && r.RetryAfter is not null));
    }
}
