using System.Globalization;
using System.Text.RegularExpressions;
using Simulator.Common;

namespace Simulator.HiPayWallet;

/// <summary>
/// The whole fake HiPay Wallet: accounts, KYC, bank details, books and the scripted asynchronous reviews.
/// One lock guards everything, so each API call is atomic and the books can never be seen half-moved.
/// </summary>
internal sealed partial class WalletState
{
    private static readonly string[] RefusalPrefixes = ["01_", "02_", "03_", "06_", "07_"];
    private static readonly HashSet<string> AllowedExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".gif", ".pdf" };
    private static readonly HashSet<int> KnownDocumentTypes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14];
    private static readonly HashSet<int> TypesNeedingValidity = [1, 3, 7];
    private static readonly HashSet<string> IbanCountries = new(StringComparer.Ordinal)
    {
        "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV",
        "MC", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "SM",
    };

    // Document status codes that block a new upload of the same type (HDOCS 415: waiting or validated).
    private static readonly HashSet<int> BlockingDocumentStatuses = [0, 1, 2, 5, 9];

    private readonly Lock _gate = new();
    private readonly HiPayWalletSimulatorOptions _options;
    private readonly VirtualClock _clock;
    private readonly WalletNotifier _notifier;
    private readonly Dictionary<long, WalletAccount> _accounts = [];
    private readonly List<WalletTransaction> _transactions = [];
    private readonly Dictionary<string, WalletTransaction> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WalletTransaction> _byMerchantId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _funded = new(StringComparer.Ordinal);
    private Random _random;
    private long _nextAccountId;
    private long _nextUserSpaceId;
    private int _nextBatch;
    private int _undeliverable;

    public WalletState(HiPayWalletSimulatorOptions options, VirtualClock clock, WalletNotifier notifier)
    {
        _options = options;
        _clock = clock;
        _notifier = notifier;
        _random = new Random(options.Seed);
        Reset();
    }

    public WalletSwitches Switches { get; private set; } = new();

    public void Reset()
    {
        lock (_gate)
        {
            _accounts.Clear();
            _transactions.Clear();
            _byId.Clear();
            _byMerchantId.Clear();
            _funded.Clear();
            _random = new Random(_options.Seed);
            _nextAccountId = _options.FirstAccountId;
            _nextUserSpaceId = _options.FirstUserSpaceId;
            _nextBatch = 203493;
            _undeliverable = 0;
            Switches = new WalletSwitches();
            ResetTally();
            _notifier.Reset();

            var now = _clock.GetUtcNow();
            _accounts[_options.TechnicalAccountId] = new WalletAccount
            {
                AccountId = _options.TechnicalAccountId,
                UserSpaceId = NextUserSpaceId(),
                Email = _options.TechnicalEmail,
                Login = _options.TechnicalLogin,
                Currency = _options.Currency,
                EntityCode = _options.Entity,
                MerchantGroupCode = _options.MerchantGroupCode,
                CallbackSalt = RandomToken(16),
                Activated = 1,
                Identified = 1,
                CreatedAt = now,
            };
            var operatorAccount = new WalletAccount
            {
                AccountId = _options.OperatorAccountId,
                UserSpaceId = NextUserSpaceId(),
                Email = _options.OperatorEmail,
                Login = "operator",
                Currency = _options.Currency,
                EntityCode = _options.Entity,
                MerchantGroupCode = _options.MerchantGroupCode,
                CallbackSalt = RandomToken(16),
                Activated = 1,
                Identified = 1,
                ParentAccountId = _options.TechnicalAccountId,
                CreatedAt = now,
            };
            operatorAccount.BankInfo = new WalletBankInfo
            {
                StatusCode = 3,
                BankCountry = "FR",
                BankName = "Operator Bank",
                Iban = "FR7630006000011234567890189",
                Swift = "AGRIFRPP",
            };
            _accounts[operatorAccount.AccountId] = operatorAccount;
        }
    }

    // ---------------------------------------------------------------- authentication helpers

    public bool IsTechnicalCredential(string login, string password) =>
        FixedTimeEquals(login, _options.TechnicalLogin) & FixedTimeEquals(password, _options.TechnicalPassword);

    /// <summary>Sub-account by id: must exist and be the technical account or one it owns; anything else is 401.</summary>
    public long? ResolveSubAccountById(string id)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var accountId))
        {
            return null;
        }

        lock (_gate)
        {
            return _accounts.TryGetValue(accountId, out var account) && IsOwned(account) ? accountId : null;
        }
    }

    /// <summary>Sub-account by login or e-mail, case-insensitive (LIB retries with the lower-cased e-mail).</summary>
    public long? ResolveSubAccountByLogin(string login)
    {
        lock (_gate)
        {
            return _accounts.Values.FirstOrDefault(a => IsOwned(a)
                && (string.Equals(a.Login, login, StringComparison.OrdinalIgnoreCase) || string.Equals(a.Email, login, StringComparison.OrdinalIgnoreCase)))?.AccountId;
        }
    }

    public long TechnicalAccountId => _options.TechnicalAccountId;

    // ---------------------------------------------------------------- B.3.1 / B.3.2 / B.3.3 / B.3.4 accounts

    public WalletOutcome IsAvailable(string? email, string? entity)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return WalletOutcome.Validation("user_email", "This value should not be blank.");
        }

        var effectiveEntity = string.IsNullOrWhiteSpace(entity) ? "wallet" : entity;
        lock (_gate)
        {
            var taken = _accounts.Values.Any(a => string.Equals(a.EntityCode, effectiveEntity, StringComparison.Ordinal)
                && string.Equals(a.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
            return WalletOutcome.Ok(new IsAvailableResponse(0, "Success", email, !taken, effectiveEntity));
        }
    }

    public WalletOutcome CreateAccount(CreateAccountInput input)
    {
        foreach (var (field, value) in new[] { ("email", input.Email), ("firstname", input.Firstname), ("lastname", input.Lastname), ("currency", input.Currency) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return WalletOutcome.Validation(field, "This value should not be blank.");
            }
        }

        var email = input.Email!.Trim();
        if (!EmailShape().IsMatch(email))
        {
            return WalletOutcome.Validation("email", "This value is not a valid email address.");
        }

        if (!WalletMoney.IsKnownCurrency(input.Currency))
        {
            return WalletOutcome.Validation("currency", "This value is not a valid currency.");
        }

        var locale = string.IsNullOrWhiteSpace(input.Locale) ? "fr_FR" : input.Locale;
        if (!LocaleShape().IsMatch(locale))
        {
            return WalletOutcome.Validation("locale", "This value is not a valid locale.");
        }

        var civility = 1;
        if (!string.IsNullOrEmpty(input.Civility)
            && (!int.TryParse(input.Civility, NumberStyles.None, CultureInfo.InvariantCulture, out civility) || civility is < 1 or > 3))
        {
            return WalletOutcome.Validation("civility", "The value you selected is not a valid choice.");
        }

        var proType = ParseChoice(input.ProType, 1, 1, 3);
        var accountType = ParseChoice(input.AccountType, 1, 0, 1);
        if (proType is null || accountType is null)
        {
            return WalletOutcome.Validation(proType is null ? "pro_type" : "account_type", "The value you selected is not a valid choice.");
        }

        // The login defaults to the e-mail; LIB sends mirakl_<alnum shop name>_<shop id>.
        var login = string.IsNullOrWhiteSpace(input.Login) ? email : input.Login.Trim();
        if (!LoginShape().IsMatch(login))
        {
            return WalletOutcome.Validation("login", "The login may only contain letters, digits and _ . @ + - (3 to 64 characters).");
        }

        if (!string.Equals(input.ControleType ?? "CREDENTIALS", "CREDENTIALS", StringComparison.Ordinal))
        {
            return WalletOutcome.Business(3, "Only controle_type CREDENTIALS is supported.");
        }

        if (input.CredentialLogin is null || input.CredentialPassword is null || !IsTechnicalCredential(input.CredentialLogin, input.CredentialPassword))
        {
            return WalletOutcome.Business(1, "Authentication failed: credential[wslogin]/credential[wspassword] do not match.");
        }

        lock (_gate)
        {
            var entity = string.IsNullOrWhiteSpace(input.EntityCode) ? _options.Entity : input.EntityCode;
            if (_accounts.Values.Any(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase)))
            {
                return WalletOutcome.Business(3, "Invalid parameter: this email is already used by another account.");
            }

            if (_accounts.Values.Any(a => string.Equals(a.Login, login, StringComparison.OrdinalIgnoreCase)))
            {
                return WalletOutcome.Business(260, "Sub-account: this login already exists.");
            }

            var account = new WalletAccount
            {
                AccountId = _nextAccountId++,
                UserSpaceId = NextUserSpaceId(),
                Email = email,
                Login = login,
                Currency = input.Currency!,
                EntityCode = entity,
                Locale = locale,
                Firstname = input.Firstname,
                Lastname = input.Lastname,
                Civility = civility,
                CompanyName = input.CompanyName,
                VatNumber = input.VatNumber,
                Alias = input.Alias,
                AccountType = accountType.Value,
                ProType = proType.Value,
                CallbackUrl = string.IsNullOrWhiteSpace(input.CallbackUrl) ? null : input.CallbackUrl,
                CallbackSalt = string.IsNullOrEmpty(input.CallbackSalt) ? RandomToken(16) : input.CallbackSalt,
                WsLogin = "ws_" + RandomToken(12).ToLowerInvariant(),
                MerchantGroupCode = string.IsNullOrWhiteSpace(input.MerchantGroupCode) ? _options.MerchantGroupCode : input.MerchantGroupCode,
                ParentAccountId = _options.TechnicalAccountId,
                CreatedAt = _clock.GetUtcNow(),
            };
            foreach (var (key, value) in input.Address)
            {
                account.Address[key] = value;
            }

            _accounts[account.AccountId] = account;
            return WalletOutcome.Created(new CreateAccountResponse(0, "Account created", account.Email, account.WsLogin!, RandomToken(16),
                account.Activated, account.AccountId, account.UserSpaceId, account.CallbackUrl, account.CallbackSalt));
        }
    }

    public WalletOutcome GetAccount(long accountId)
    {
        lock (_gate)
        {
            var a = _accounts[accountId];
            var subAccounts = _accounts.Values.Where(x => x.ParentAccountId == a.AccountId).Select(x => x.AccountId).Order().ToList();
            return WalletOutcome.Ok(new AccountResponse(0, "Success", a.EntityCode, a.AccountId, a.UserSpaceId, a.Currency, a.Activated, a.Identified,
                a.BankInfo?.StatusCode == 3 ? 1 : 0, a.CallbackUrl, a.CallbackSalt, a.UboStatus, [], subAccounts));
        }
    }

    public WalletOutcome UpdateAccount(long accountId, UpdateAccountInput input)
    {
        lock (_gate)
        {
            var a = _accounts[accountId];
            if (input.Email is not null)
            {
                var email = input.Email.Trim();
                if (!EmailShape().IsMatch(email))
                {
                    return WalletOutcome.Validation("email", "This value is not a valid email address.");
                }

                if (_accounts.Values.Any(x => x.AccountId != accountId && string.Equals(x.Email, email, StringComparison.OrdinalIgnoreCase)))
                {
                    return WalletOutcome.Business(3, "Invalid parameter: this email is already used by another account.");
                }

                a.Email = email;
            }

            a.Alias = input.Alias ?? a.Alias;
            a.VatNumber = input.VatNumber ?? a.VatNumber;
            a.CallbackUrl = input.CallbackUrl ?? a.CallbackUrl;
            if (!string.IsNullOrEmpty(input.CallbackSalt))
            {
                a.CallbackSalt = input.CallbackSalt;
            }

            foreach (var (key, value) in input.Address)
            {
                a.Address[key] = value;
            }

            return WalletOutcome.Ok(new UpdateAccountResponse(0, "Account updated", a.AccountId, a.Alias, a.Email, a.CallbackUrl, a.CallbackSalt, a.EntityCode,
                a.Address.GetValueOrDefault("address"), a.Address.GetValueOrDefault("zipcode"), a.Address.GetValueOrDefault("city"),
                a.Address.GetValueOrDefault("country"), a.Address.GetValueOrDefault("phone_number"), a.Address.GetValueOrDefault("mobile_phone_number"),
                a.MerchantGroupCode));
        }
    }

    // ---------------------------------------------------------------- B.3.5 / B.3.6 KYC

    public WalletOutcome UploadDocument(long accountId, UploadDocumentInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Type))
        {
            return WalletOutcome.Validation("type", "This value should not be blank.");
        }

        if (!int.TryParse(input.Type, NumberStyles.None, CultureInfo.InvariantCulture, out var type) || !KnownDocumentTypes.Contains(type) || type == 6)
        {
            // Type 6 (bank proof) travels with the bank details, never through /identification.
            return WalletOutcome.Validation("type", "The value you selected is not a valid choice.");
        }

        if (input.File is null || input.File.Length == 0)
        {
            return WalletOutcome.Validation("file", "This value should not be blank.");
        }

        var fileCheck = CheckFile("file", input.File) ?? (input.Back is null ? null : CheckFile("back", input.Back));
        if (fileCheck is not null)
        {
            return fileCheck;
        }

        string? validity = null;
        if (TypesNeedingValidity.Contains(type) || !string.IsNullOrWhiteSpace(input.ValidityDate))
        {
            if (string.IsNullOrWhiteSpace(input.ValidityDate))
            {
                return WalletOutcome.Validation("validity_date", "This value should not be blank.");
            }

            if (!DateOnly.TryParseExact(input.ValidityDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return WalletOutcome.Validation("validity_date", "This value is not a valid date (YYYY-MM-DD).");
            }

            validity = parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        lock (_gate)
        {
            var a = _accounts[accountId];
            if (a.Identified == 1)
            {
                return WalletOutcome.Business(414, "This user space is already identified.");
            }

            if (a.Documents.Any(d => d.Type == type && BlockingDocumentStatuses.Contains(d.StatusCode)))
            {
                return WalletOutcome.Business(415, "A document of this type is already validated or waiting for validation.");
            }

            var document = new WalletDocument
            {
                Type = type,
                FileName = input.File.FileName,
                BackFileName = input.Back?.FileName,
                ValidityDate = validity,
                StatusCode = 1,
                UploadedAt = _clock.GetUtcNow(),
            };
            a.Documents.Add(document);
            _clock.Schedule(_options.DocumentReviewDelay, $"wallet KYC review account {accountId.ToString(CultureInfo.InvariantCulture)} type {type.ToString(CultureInfo.InvariantCulture)}",
                _ =>
                {
                    ReviewDocument(accountId, document);
                    return Task.CompletedTask;
                });
            return WalletOutcome.Ok(new UploadDocumentResponse(0, "Document uploaded", a.UserSpaceId, type, validity));
        }
    }

    public WalletOutcome ListDocuments(long accountId)
    {
        lock (_gate)
        {
            var a = _accounts[accountId];
            var items = new List<IdentificationDocumentItem>();
            var listed = new HashSet<int>();
            foreach (var slot in RequiredSlots(a.ProType))
            {
                var doc = a.Documents.LastOrDefault(d => slot.Contains(d.Type));
                if (doc is null)
                {
                    items.Add(new IdentificationDocumentItem(slot[0], WalletLabels.DocumentType(slot[0]), -1, WalletLabels.DocumentStatus(-1), null));
                    listed.Add(slot[0]);
                }
                else
                {
                    items.Add(Item(doc));
                    listed.Add(doc.Type);
                }
            }

            foreach (var doc in a.Documents.GroupBy(d => d.Type).Select(g => g.Last()).Where(d => !listed.Contains(d.Type)))
            {
                items.Add(Item(doc));
            }

            var status = a.Identified == 1 ? "Identified"
                : a.Documents.Any(d => d.StatusCode is 0 or 1 or 5 or 9) ? "Identification in progress"
                : "Unidentified";
            return WalletOutcome.Ok(new IdentificationResponse(0, "Success", a.UserSpaceId, status, items));
        }

        static IdentificationDocumentItem Item(WalletDocument d) =>
            new(d.Type, WalletLabels.DocumentType(d.Type), d.StatusCode, WalletLabels.DocumentStatus(d.StatusCode), d.Message);
    }

    // ---------------------------------------------------------------- B.3.7 / B.3.8 bank details

    public WalletOutcome RegisterBankInfo(long accountId, BankInfoInput input)
    {
        if (string.IsNullOrWhiteSpace(input.BankCountry))
        {
            return WalletOutcome.Validation("bank_country", "This value should not be blank.");
        }

        if (input.File is null || input.File.Length == 0)
        {
            return WalletOutcome.Validation("file", "This value should not be blank.");
        }

        var fileCheck = CheckFile("file", input.File);
        if (fileCheck is not null)
        {
            return fileCheck;
        }

        var country = input.BankCountry.Trim().ToUpperInvariant();
        if (!CountryShape().IsMatch(country))
        {
            return WalletOutcome.Business(3, "Invalid parameter: bank_country.");
        }

        var iban = string.IsNullOrWhiteSpace(input.Iban) ? null : BankDetailsRules.NormaliseIban(input.Iban);
        var swift = string.IsNullOrWhiteSpace(input.Swift) ? null : input.Swift.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (iban is null && string.IsNullOrWhiteSpace(input.AcctNum))
        {
            return WalletOutcome.Business(2, "Missing parameter: iban.");
        }

        if (iban is not null && (!BankDetailsRules.IsValidIban(iban) || !iban.StartsWith(country, StringComparison.Ordinal)))
        {
            return WalletOutcome.Business(3, "Invalid parameter: iban.");
        }

        if (iban is not null && (swift is null || !BankDetailsRules.IsValidBic(swift)))
        {
            return WalletOutcome.Business(3, "Invalid parameter: swift.");
        }

        foreach (var (field, value) in new[] { ("bank_name", input.BankName), ("bank_city", input.BankCity), ("bank_address", input.BankAddress), ("bank_zip_code", input.BankZipCode) })
        {
            if (value is not null && !BankDetailsRules.IsAlphanumericText(value, field is "bank_address" ? 255 : 50))
            {
                return WalletOutcome.Business(3, $"Invalid parameter: {field}.");
            }
        }

        lock (_gate)
        {
            var a = _accounts[accountId];
            var version = (a.BankInfo?.Version ?? 0) + 1;
            var info = new WalletBankInfo
            {
                StatusCode = 2,
                BankCountry = country,
                BankName = input.BankName,
                BankAddress = input.BankAddress,
                BankZipCode = input.BankZipCode,
                BankCity = input.BankCity,
                Iban = iban,
                Swift = swift,
                AbaNum = input.AbaNum,
                BsbNum = input.BsbNum,
                BankNum = input.BankNum,
                AcctNum = input.AcctNum,
                TransitNum = input.TransitNum,
                FileName = input.File.FileName,
                Version = version,
            };
            a.BankInfo = info;
            var refuse = HasRefusalPrefix(input.File.FileName) || Switches.RefuseNextBankInfo;
            if (Switches.RefuseNextBankInfo)
            {
                Switches = Switches with { RefuseNextBankInfo = false };
            }

            _clock.Schedule(_options.BankReviewDelay, $"wallet bank review account {accountId.ToString(CultureInfo.InvariantCulture)}", _ =>
            {
                ReviewBankInfo(accountId, version, refuse);
                return Task.CompletedTask;
            });
            return WalletOutcome.Created(BankInfoView(info, "en_GB"));
        }
    }

    public WalletOutcome GetBankInfo(long accountId, string? locale)
    {
        lock (_gate)
        {
            var info = _accounts[accountId].BankInfo;
            return WalletOutcome.Ok(info is null
                ? new BankInfoResponse(0, "Success", 1, WalletLabels.BankStatus(1, locale), "", "", "", "", "", "", "", "", "", "", "", "")
                : BankInfoView(info, locale));
        }
    }

    // ---------------------------------------------------------------- B.3.9 balance

    public WalletOutcome GetBalance(long accountId)
    {
        lock (_gate)
        {
            var a = _accounts[accountId];
            var date = _clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return WalletOutcome.Ok(new BalanceResponse(0, "Success", date,
                [new BalanceItem(a.AccountId, "1", WalletMoney.Format(a.Balance, a.Currency), a.Currency, WalletMoney.Format(Available(a), a.Currency))]));
        }
    }

    // ---------------------------------------------------------------- B.3.10 transfer

    public WalletOutcome Transfer(long sourceId, TransferInput input)
    {
        CountReceived(WalletTransactionKind.Transfer, input.MerchantUniqueId);
        if (string.IsNullOrWhiteSpace(input.RecipientAccountId))
        {
            return WalletOutcome.Business(2, "Missing parameter: recipient_account_id.");
        }

        if (string.IsNullOrWhiteSpace(input.Amount))
        {
            return WalletOutcome.Business(2, "Missing parameter: amount.");
        }

        lock (_gate)
        {
            if (!StrictBooks && !string.IsNullOrEmpty(input.MerchantUniqueId) && _byMerchantId.TryGetValue(TransferKey(input.MerchantUniqueId), out var existing))
            {
                // "HiPay will process only 1 transfer with this ID": a replay never moves money again.
                CountReplayed(WalletTransactionKind.Transfer, input.MerchantUniqueId);
                return Switches.DuplicateMerchantUniqueIdAnswersCode26
                    ? WalletOutcome.Business(26, "Transfer in progress.")
                    : WalletOutcome.Created(TransferView(existing));
            }

            var source = _accounts[sourceId];
            if (!long.TryParse(input.RecipientAccountId, NumberStyles.None, CultureInfo.InvariantCulture, out var recipientId)
                || !_accounts.TryGetValue(recipientId, out var recipient))
            {
                return WalletOutcome.Business(7, "Recipient account not found.");
            }

            if (!string.IsNullOrWhiteSpace(input.RecipientAccountLogin)
                && !string.Equals(input.RecipientAccountLogin.Trim(), recipient.Email, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(input.RecipientAccountLogin.Trim(), recipient.Login, StringComparison.OrdinalIgnoreCase))
            {
                return WalletOutcome.Business(7, "Recipient account not found for this login.");
            }

            if (recipient.AccountId == source.AccountId)
            {
                return WalletOutcome.Business(4, "Action not allowed: the recipient is the issuer.");
            }

            if (!string.Equals(recipient.Currency, source.Currency, StringComparison.Ordinal))
            {
                return WalletOutcome.Business(3, "Invalid parameter: the recipient account has another currency.");
            }

            if (!WalletMoney.TryParsePositive(input.Amount, source.Currency, out var amount))
            {
                return WalletOutcome.Business(3, "Invalid parameter: amount.");
            }

            if (Available(source) < amount)
            {
                return WalletOutcome.Business(13, "An error occurred, please try again: insufficient funds.");
            }

            source.Balance -= amount;
            recipient.Balance += amount;
            var transaction = AddTransaction(new WalletTransaction
            {
                TransactionId = NewTransactionId(),
                Kind = WalletTransactionKind.Transfer,
                FromAccountId = source.AccountId,
                ToAccountId = recipient.AccountId,
                Amount = amount,
                Currency = source.Currency,
                PublicLabel = input.PublicLabel,
                PrivateLabel = input.PrivateLabel,
                MerchantUniqueId = string.IsNullOrEmpty(input.MerchantUniqueId) ? null : input.MerchantUniqueId,
                Status = WalletTransactionStatus.Authed,
                CreatedAt = _clock.GetUtcNow(),
            });
            var id = transaction.TransactionId;
            _clock.Schedule(_options.AuthorizationDelay, $"wallet transfer {id} authorization", _ =>
            {
                AuthorizeTransfer(id);
                return Task.CompletedTask;
            });
            _clock.Schedule(_options.CaptureDelay, $"wallet transfer {id} capture", _ =>
            {
                CaptureTransfer(id);
                return Task.CompletedTask;
            });
            return WalletOutcome.Created(TransferView(transaction));
        }
    }

    // ---------------------------------------------------------------- B.3.11 withdrawal

    public WalletOutcome Withdraw(long accountId, bool viaSubAccount, WithdrawalInput input)
    {
        CountReceived(WalletTransactionKind.Withdrawal, input.MerchantUniqueId);
        if (!viaSubAccount)
        {
            return WalletOutcome.Business(4, "Action not allowed: a withdrawal needs php-auth-subaccount-id or php-auth-subaccount-login.");
        }

        if (string.IsNullOrWhiteSpace(input.Amount))
        {
            return WalletOutcome.Business(2, "Missing parameter: amount.");
        }

        lock (_gate)
        {
            if (!StrictBooks && !string.IsNullOrEmpty(input.MerchantUniqueId) && _byMerchantId.TryGetValue(WithdrawalKey(input.MerchantUniqueId), out var existing))
            {
                CountReplayed(WalletTransactionKind.Withdrawal, input.MerchantUniqueId);
                return Switches.DuplicateMerchantUniqueIdAnswersCode26
                    ? WalletOutcome.Business(26, "Withdrawal in progress.")
                    : WalletOutcome.Created(WithdrawalView(existing));
            }

            var a = _accounts[accountId];
            if (!WalletMoney.TryParsePositive(input.Amount, a.Currency, out var amount))
            {
                return WalletOutcome.Business(3, "Invalid parameter: amount.");
            }

            // Precondition order is an assumption (HiPay does not document it); the detail codes are HOAS's.
            if (a.Activated != 1)
            {
                return WalletOutcome.Business(4007, "Account not activated.", 4007);
            }

            if (a.Identified != 1)
            {
                return WalletOutcome.Business(4004, "User space not identified.", 4004);
            }

            if (a.BankInfo?.StatusCode != 3)
            {
                return WalletOutcome.Business(4005, "Bank info not valid.", 4005);
            }

            if (Available(a) < amount)
            {
                return WalletOutcome.Business(13, "Withdrawal not created: balance after withdrawal below minimum.", 4014);
            }

            a.Balance -= amount;
            var transaction = AddTransaction(new WalletTransaction
            {
                TransactionId = NewTransactionId(),
                Kind = WalletTransactionKind.Withdrawal,
                FromAccountId = a.AccountId,
                Amount = amount,
                Currency = a.Currency,
                Label = input.Label,
                MerchantUniqueId = string.IsNullOrEmpty(input.MerchantUniqueId) ? null : input.MerchantUniqueId,
                Status = WalletTransactionStatus.Authed,
                CreatedAt = _clock.GetUtcNow(),
            });
            var id = transaction.TransactionId;
            _clock.Schedule(_options.PayoutDelay, $"wallet withdrawal {id} payout", _ =>
            {
                PayOut(id);
                return Task.CompletedTask;
            });
            return WalletOutcome.Created(WithdrawalView(transaction));
        }
    }

    // ---------------------------------------------------------------- B.3.12 transaction

    public WalletOutcome GetTransaction(string idOrReference)
    {
        lock (_gate)
        {
            var t = _byId.GetValueOrDefault(idOrReference)
                ?? _byMerchantId.GetValueOrDefault(TransferKey(idOrReference))
                ?? _byMerchantId.GetValueOrDefault(WithdrawalKey(idOrReference));
            if (t is null)
            {
                return WalletOutcome.Business(7, "Transaction not found.");
            }

            var from = t.FromAccountId is { } f ? _accounts.GetValueOrDefault(f) : null;
            var to = t.ToAccountId is { } r ? _accounts.GetValueOrDefault(r) : null;
            var type = TypeLabel(t.Kind);
            return WalletOutcome.Ok(new TransactionResponse(0, "Success", t.TransactionId, WalletMoney.Format(t.Amount, t.Currency), t.Currency,
                Iso(t.CreatedAt), Iso(t.CreatedAt), t.CapturedAt is { } c ? Iso(c) : null, t.Status, t.PublicLabel ?? t.Label, type,
                from?.Email, to?.Email, t.MerchantUniqueId, null, null, null, _options.TechnicalEmail,
                WalletMoney.Format(0, t.Currency), t.Currency, t.RefusalReason));
        }
    }

    /// <summary>
    /// <c>GET /api/transaction</c>: the caller's transactions (sent or received) created between two dates, inclusive,
    /// at most 92 days apart, oldest first, a page at a time (at most 1000 rows a page).
    /// </summary>
    public WalletOutcome ListTransactions(long accountId, string? startText, string? endText, string? perPageText, string? pageText)
    {
        if (!DateOnly.TryParseExact(startText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            return WalletOutcome.Business(3, "Invalid parameter: start-date.");
        }

        if (!DateOnly.TryParseExact(endText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || end < start || end.DayNumber - start.DayNumber > 92)
        {
            return WalletOutcome.Business(3, "Invalid parameter: end-date.");
        }

        var perPage = 100;
        if (!string.IsNullOrEmpty(perPageText)
            && (!int.TryParse(perPageText, NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage is < 1 or > 1000))
        {
            return WalletOutcome.Business(3, "Invalid parameter: nb-result-per-page.");
        }

        var page = 1;
        if (!string.IsNullOrEmpty(pageText) && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return WalletOutcome.Business(3, "Invalid parameter: page.");
        }

        lock (_gate)
        {
            var from = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var to = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var matching = _transactions
                .Where(t => (t.FromAccountId == accountId || t.ToAccountId == accountId) && t.CreatedAt >= from && t.CreatedAt < to)
                .ToList();
            var items = matching.Skip((page - 1) * perPage).Take(perPage).Select(ListItem).ToList();
            return WalletOutcome.Ok(new TransactionListResponse(0, "Success", matching.Count, items));
        }
    }

    private TransactionListItem ListItem(WalletTransaction t)
    {
        var from = t.FromAccountId is { } f ? _accounts.GetValueOrDefault(f) : null;
        var to = t.ToAccountId is { } r ? _accounts.GetValueOrDefault(r) : null;
        return new TransactionListItem(t.TransactionId, WalletMoney.Format(t.Amount, t.Currency), t.Currency, Iso(t.CreatedAt),
            t.CapturedAt is { } c ? Iso(c) : null, t.Status, t.PublicLabel ?? t.Label, TypeLabel(t.Kind), from?.Email, to?.Email, t.MerchantUniqueId);
    }

    private static string TypeLabel(WalletTransactionKind kind) => kind switch
    {
        WalletTransactionKind.Transfer => "Envoi",
        WalletTransactionKind.Withdrawal => "Retrait",
        _ => " Autre",
    };

    // ---------------------------------------------------------------- B.3.13 tooling endpoints

    public WalletOutcome MerchantGroup(string code, string? perPageText, string? pageText)
    {
        var perPage = int.TryParse(perPageText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? Math.Min(n, 1000) : 100;
        var page = int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        lock (_gate)
        {
            var members = _accounts.Values
                .Where(a => a.AccountId != _options.TechnicalAccountId && string.Equals(a.MerchantGroupCode, code, StringComparison.Ordinal))
                .OrderBy(a => a.AccountId).ToList();
            if (members.Count == 0 && !string.Equals(code, _options.MerchantGroupCode, StringComparison.Ordinal))
            {
                return WalletOutcome.Business(7, "Merchant group not found.");
            }

            var items = members.Skip((page - 1) * perPage).Take(perPage)
                .Select(a => new MerchantItem(a.AccountId, a.Email, a.Login, a.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
            return WalletOutcome.Ok(new MerchantGroupResponse(0, "Success", code, members.Count, items));
        }
    }

    public static WalletOutcome BankInfoFields(string country, string? locale)
    {
        var upper = country.ToUpperInvariant();
        string[]? codes = upper switch
        {
            "US" => ["bank_name", "bank_address", "bank_zip_code", "bank_city", "aba_num", "acct_num"],
            "CA" => ["bank_name", "bank_address", "bank_zip_code", "bank_city", "transit_num", "bank_num", "acct_num"],
            "AU" => ["bank_name", "bank_address", "bank_zip_code", "bank_city", "bsb_num", "acct_num"],
            _ when IbanCountries.Contains(upper) => ["bank_name", "bank_address", "bank_zip_code", "bank_city", "iban", "swift"],
            _ => null,
        };
        return codes is null
            ? WalletOutcome.Business(3, "Invalid parameter: country.")
            : WalletOutcome.Ok(new BankInfoFieldsResponse(0, "Success", upper, codes.Select(c => new BankFieldItem(c, WalletLabels.BankField(c, locale))).ToList()));
    }

    // ---------------------------------------------------------------- control API

    public WalletOutcome Credit(CreditRequest request)
    {
        lock (_gate)
        {
            var accountId = request.AccountId ?? _options.TechnicalAccountId;
            if (!_accounts.TryGetValue(accountId, out var a))
            {
                return WalletOutcome.Business(7, "Account not found.");
            }

            long amount;
            if (request.AmountMinor is { } minor)
            {
                amount = minor;
            }
            else if (!WalletMoney.TryParsePositive(request.Amount, a.Currency, out amount))
            {
                return WalletOutcome.Business(3, "Invalid parameter: amount.");
            }

            if (amount <= 0)
            {
                return WalletOutcome.Business(3, "Invalid parameter: amount.");
            }

            a.Balance += amount;
            AddFunded(a.Currency, amount);
            var now = _clock.GetUtcNow();
            var label = request.Label ?? string.Create(CultureInfo.InvariantCulture, $"SALES transactions: Batch n°{_nextBatch++} {now:MMMM-dd-yyyy}");
            var t = AddTransaction(new WalletTransaction
            {
                TransactionId = NewTransactionId(),
                Kind = WalletTransactionKind.Other,
                ToAccountId = a.AccountId,
                Amount = amount,
                Currency = a.Currency,
                Label = label,
                Status = WalletTransactionStatus.Captured,
                CreatedAt = now,
                CapturedAt = now,
            });
            Emit(a, new WalletNotificationContent("other_transaction", "ok", a.AccountId, TransId: t.TransactionId,
                Amount: WalletMoney.Format(amount, a.Currency), Currency: a.Currency, Label: label));
            return WalletOutcome.Ok(new { transactionId = t.TransactionId, accountId = a.AccountId, balance = a.Balance });
        }
    }

    public WalletOutcome SeedAccounts(IReadOnlyList<SeedAccountRequest> requests)
    {
        lock (_gate)
        {
            var ids = new List<long>();
            foreach (var r in requests)
            {
                var currency = r.Currency ?? _options.Currency;
                if (!WalletMoney.IsKnownCurrency(currency) || r.Balance < 0)
                {
                    return WalletOutcome.Validation("currency", "Unknown currency or negative balance.");
                }

                if (r.AccountId is { } existingId && _accounts.TryGetValue(existingId, out var existing))
                {
                    // Seeding the technical or operator account again adjusts it instead of replacing it.
                    ApplyForce(existing, new ForceAccountRequest(r.Identified, r.Activated, r.BankStatus, r.Balance, r.CallbackSalt, r.CallbackUrl, null));
                    ids.Add(existingId);
                    continue;
                }

                var id = r.AccountId ?? _nextAccountId++;
                if (id >= _nextAccountId)
                {
                    _nextAccountId = id + 1;
                }

                var suffix = id.ToString(CultureInfo.InvariantCulture);
                var account = new WalletAccount
                {
                    AccountId = id,
                    UserSpaceId = NextUserSpaceId(),
                    Email = r.Email ?? $"vendor{suffix}@wallet.example",
                    Login = r.Login ?? r.Email ?? "vendor_" + suffix,
                    Currency = currency,
                    EntityCode = _options.Entity,
                    MerchantGroupCode = _options.MerchantGroupCode,
                    CallbackSalt = r.CallbackSalt ?? RandomToken(16),
                    CallbackUrl = r.CallbackUrl,
                    Identified = r.Identified ?? 0,
                    Activated = r.Activated ?? r.Identified ?? 0,
                    ProType = r.ProType ?? 1,
                    ParentAccountId = r.Foreign == true ? null : _options.TechnicalAccountId,
                    CreatedAt = _clock.GetUtcNow(),
                };
                if (r.BankStatus is { } bankStatus and > 1)
                {
                    account.BankInfo = new WalletBankInfo
                    {
                        StatusCode = bankStatus,
                        BankCountry = (r.Iban ?? "FR")[..2],
                        Iban = r.Iban ?? "FR7630006000011234567890189",
                        Swift = r.Swift ?? "AGRIFRPP",
                        BankName = "Seeded Bank",
                    };
                }

                account.Balance = r.Balance ?? 0;
                AddFunded(currency, account.Balance);
                _accounts[id] = account;
                ids.Add(id);
            }

            return WalletOutcome.Ok(new { accountIds = ids });
        }
    }

    public WalletOutcome ForceAccount(long accountId, ForceAccountRequest request)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(accountId, out var a))
            {
                return new WalletOutcome(404, new { status = 404, message = "Unknown account." });
            }

            ApplyForce(a, request);
            return WalletOutcome.Ok(new { accountId, identified = a.Identified, activated = a.Activated, bankStatus = a.BankInfo?.StatusCode ?? 1, balance = a.Balance });
        }
    }

    public WalletOutcome Notify(NotifyRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Operation) || string.IsNullOrWhiteSpace(request.Status))
        {
            return new WalletOutcome(400, new { status = 400, message = "operation and status are required." });
        }

        lock (_gate)
        {
            if (!_accounts.TryGetValue(request.AccountId, out var a))
            {
                return new WalletOutcome(404, new { status = 404, message = "Unknown account." });
            }

            var sent = Emit(a, new WalletNotificationContent(request.Operation, request.Status, a.AccountId, request.Message, request.DocumentType,
                request.DocumentTypeLabel, request.TransId, request.Amount, request.Currency, request.Label, request.IncludeCallbackSalt),
                request.Md5Override, request.SaltOverride);
            return WalletOutcome.Ok(new { queued = sent });
        }
    }

    public WalletSwitches UpdateSwitches(SwitchesRequest request)
    {
        lock (_gate)
        {
            Switches = new WalletSwitches(
                request.AuthorizationNok ?? Switches.AuthorizationNok,
                request.CaptureNok ?? Switches.CaptureNok,
                request.CaptureNeverArrives ?? Switches.CaptureNeverArrives,
                request.WithdrawalNok ?? Switches.WithdrawalNok,
                request.RefuseNextBankInfo ?? Switches.RefuseNextBankInfo,
                request.DuplicateMerchantUniqueIdAnswersCode26 ?? Switches.DuplicateMerchantUniqueIdAnswersCode26);
            return Switches;
        }
    }

    public WalletBooks Books()
    {
        lock (_gate)
        {
            var accounts = _accounts.Values.OrderBy(a => a.AccountId).Select(a => new BooksAccount(a.AccountId, a.Login, a.Email, a.Currency, a.Balance,
                WalletMoney.Format(a.Balance, a.Currency), a.Identified, a.Activated, a.BankInfo?.StatusCode ?? 1, BankDetailsRules.Mask(a.BankInfo?.Iban))).ToList();
            var transactions = _transactions.Select(BooksView).ToList();
            var currencies = _accounts.Values.Select(a => a.Currency).Concat(_funded.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(c =>
                {
                    var funded = _funded.GetValueOrDefault(c);
                    var withdrawn = Withdrawn(c);
                    var balances = _accounts.Values.Where(a => a.Currency == c).Sum(a => a.Balance);
                    return new BooksCurrencyTotals(c, funded, withdrawn, balances, balances + withdrawn == funded);
                }).ToList();
            return new WalletBooks(accounts, transactions, currencies.Sum(c => c.Funded), currencies.Sum(c => c.Withdrawn), currencies.Sum(c => c.Balances),
                currencies.All(c => c.Balanced), currencies);
        }
    }

    public object Summary()
    {
        lock (_gate)
        {
            return new
            {
                accounts = _accounts.Count,
                transactions = _transactions.Count,
                pendingTransactions = _transactions.Count(t => t.Status == WalletTransactionStatus.Authed),
                undeliverableNotifications = _undeliverable,
                switches = Switches,
            };
        }
    }

    // ---------------------------------------------------------------- scheduled jobs (run by the virtual clock)

    private void ReviewDocument(long accountId, WalletDocument document)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(accountId, out var a) || !a.Documents.Contains(document) || document.StatusCode != 1)
            {
                return;
            }

            var refusal = RefusalMessage(document.FileName);
            document.StatusCode = refusal is null ? 2 : 3;
            document.Message = refusal;
            Emit(a, new WalletNotificationContent("document_validation", refusal is null ? "ok" : "nok", a.AccountId, refusal,
                document.Type, WalletLabels.DocumentType(document.Type)));
            if (a.Identified == 1)
            {
                return;
            }

            if (refusal is not null)
            {
                Emit(a, new WalletNotificationContent("identification", "nok", a.AccountId));
                return;
            }

            if (RequiredSlots(a.ProType).All(slot => a.Documents.Any(d => slot.Contains(d.Type) && d.StatusCode == 2)))
            {
                a.Identified = 1;
                a.Activated = 1;
                Emit(a, new WalletNotificationContent("identification", "ok", a.AccountId));
            }
        }
    }

    private void ReviewBankInfo(long accountId, int version, bool refuse)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(accountId, out var a) || a.BankInfo is not { } info || info.Version != version || info.StatusCode != 2)
            {
                return;
            }

            info.StatusCode = refuse ? 1 : 3;
            Emit(a, new WalletNotificationContent("bank_info_validation", refuse ? "nok" : "ok", a.AccountId));
        }
    }

    private void AuthorizeTransfer(string transactionId)
    {
        lock (_gate)
        {
            var t = _byId[transactionId];
            if (t.Status != WalletTransactionStatus.Authed)
            {
                return;
            }

            var recipient = _accounts[t.ToAccountId!.Value];
            if (Switches.AuthorizationNok)
            {
                Reverse(t, WalletTransactionStatus.Unauthed, "Authorization refused");
                Emit(recipient, TransferContent("authorization", "nok", recipient, t));
                return;
            }

            Emit(recipient, TransferContent("authorization", "ok", recipient, t));
        }
    }

    private void CaptureTransfer(string transactionId)
    {
        lock (_gate)
        {
            var t = _byId[transactionId];
            if (t.Status != WalletTransactionStatus.Authed)
            {
                return;
            }

            var recipient = _accounts[t.ToAccountId!.Value];
            if (Switches.CaptureNok)
            {
                Reverse(t, WalletTransactionStatus.RejectedEnd, "Capture refused");
                Emit(recipient, TransferContent("capture", "nok", recipient, t));
                return;
            }

            t.Status = WalletTransactionStatus.Captured;
            t.CapturedAt = _clock.GetUtcNow();
            if (!Switches.CaptureNeverArrives)
            {
                Emit(recipient, TransferContent("capture", "ok", recipient, t));
            }
        }
    }

    private void PayOut(string transactionId)
    {
        lock (_gate)
        {
            var t = _byId[transactionId];
            if (t.Status != WalletTransactionStatus.Authed)
            {
                return;
            }

            var a = _accounts[t.FromAccountId!.Value];
            if (Switches.WithdrawalNok)
            {
                t.Status = WalletTransactionStatus.CancelledEnd;
                t.RefusalReason = "Withdrawal cancelled by the bank";
                a.Balance += t.Amount;
                Emit(a, new WalletNotificationContent("withdraw_validation", "nok", a.AccountId, TransId: t.TransactionId));
                return;
            }

            t.Status = WalletTransactionStatus.Captured;
            t.CapturedAt = _clock.GetUtcNow();
            Emit(a, new WalletNotificationContent("withdraw_validation", "ok", a.AccountId, TransId: t.TransactionId));
        }
    }

    // ---------------------------------------------------------------- internals (all called under _gate)

    private void Reverse(WalletTransaction t, string status, string reason)
    {
        t.Status = status;
        t.RefusalReason = reason;
        _accounts[t.ToAccountId!.Value].Balance -= t.Amount;
        _accounts[t.FromAccountId!.Value].Balance += t.Amount;
    }

    private static WalletNotificationContent TransferContent(string operation, string status, WalletAccount recipient, WalletTransaction t) =>
        new(operation, status, recipient.AccountId, TransId: t.TransactionId, Amount: WalletMoney.Format(t.Amount, t.Currency), Currency: t.Currency,
            Label: t.PublicLabel ?? "");

    private bool Emit(WalletAccount account, WalletNotificationContent content, string? md5Override = null, string? saltOverride = null)
    {
        var queued = _notifier.Emit(account, content, md5Override, saltOverride);
        if (!queued)
        {
            _undeliverable++;
        }

        return queued;
    }

    private void ApplyForce(WalletAccount a, ForceAccountRequest r)
    {
        a.Identified = r.Identified ?? a.Identified;
        a.Activated = r.Activated ?? a.Activated;
        if (r.BankStatus is { } bankStatus)
        {
            a.BankInfo ??= new WalletBankInfo { StatusCode = 1, BankCountry = "FR", Iban = "FR7630006000011234567890189", Swift = "AGRIFRPP", BankName = "Seeded Bank" };
            a.BankInfo.StatusCode = bankStatus;
        }

        if (r.Balance is { } balance)
        {
            // A forced balance is money entering (or leaving) from outside, so the books count it as funding.
            AddFunded(a.Currency, balance - a.Balance);
            a.Balance = balance;
        }

        if (!string.IsNullOrEmpty(r.CallbackSalt))
        {
            a.CallbackSalt = r.CallbackSalt;
        }

        a.CallbackUrl = r.CallbackUrl ?? a.CallbackUrl;
        if (r.DocumentStatus is { } documentStatus)
        {
            foreach (var d in a.Documents)
            {
                d.StatusCode = documentStatus;
            }
        }
    }

    private WalletTransaction AddTransaction(WalletTransaction t)
    {
        _transactions.Add(t);
        _byId[t.TransactionId] = t;
        if (t.MerchantUniqueId is { } merchantId)
        {
            // In strict books an id can be booked more than once; a lookup by id then answers the latest booking.
            _byMerchantId[t.Kind == WalletTransactionKind.Withdrawal ? WithdrawalKey(merchantId) : TransferKey(merchantId)] = t;
        }

        return t;
    }

    /// <summary>
    /// Incoming transfers are in the balance at once but can be taken back until captured, so they cannot be spent
    /// before: that keeps a rejected capture from ever driving the recipient negative.
    /// </summary>
    private long Available(WalletAccount a) =>
        a.Balance - _transactions.Where(t => t.Kind == WalletTransactionKind.Transfer && t.ToAccountId == a.AccountId && t.Status == WalletTransactionStatus.Authed).Sum(t => t.Amount);

    private long Withdrawn(string currency) =>
        _transactions.Where(t => t.Kind == WalletTransactionKind.Withdrawal && t.Currency == currency && t.Status != WalletTransactionStatus.CancelledEnd).Sum(t => t.Amount);

    private void AddFunded(string currency, long amount) => _funded[currency] = _funded.GetValueOrDefault(currency) + amount;

    private bool IsOwned(WalletAccount account) =>
        account.AccountId == _options.TechnicalAccountId || account.ParentAccountId == _options.TechnicalAccountId;

    private long NextUserSpaceId() => _nextUserSpaceId++;

    private string NewTransactionId()
    {
        Span<byte> bytes = stackalloc byte[9];
        string id;
        do
        {
            _random.NextBytes(bytes);
            id = Convert.ToHexStringLower(bytes);
        }
        while (_byId.ContainsKey(id));

        return id;
    }

    private string RandomToken(int length)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        return string.Create(length, _random, (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[random.Next(alphabet.Length)];
            }
        });
    }

    private TransferResponse TransferView(WalletTransaction t) =>
        new(0, "Transfer done", t.TransactionId, WalletMoney.Format(t.Amount, t.Currency), t.Currency, _accounts[t.ToAccountId!.Value].Email,
            t.PublicLabel, t.PrivateLabel, t.MerchantUniqueId, "direct", null, t.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static WithdrawalResponse WithdrawalView(WalletTransaction t) =>
        new(0, "Withdrawal created", t.TransactionId, t.Label, WalletMoney.Format(t.Amount, t.Currency), t.Currency, t.FromAccountId!.Value, t.MerchantUniqueId);

    private static BankInfoResponse BankInfoView(WalletBankInfo b, string? locale) =>
        new(0, "Success", b.StatusCode, WalletLabels.BankStatus(b.StatusCode, locale), b.BankCountry, b.BankName ?? "", b.BankAddress ?? "", b.BankZipCode ?? "",
            b.BankCity ?? "", b.Iban ?? "", b.Swift ?? "", b.AbaNum ?? "", b.BsbNum ?? "", b.BankNum ?? "", b.AcctNum ?? "", b.TransitNum ?? "");

    private WalletOutcome? CheckFile(string field, UploadedFile file)
    {
        if (!AllowedExtensions.Contains(Path.GetExtension(file.FileName)))
        {
            return WalletOutcome.Validation(field, "Allowed extensions: jpg, jpeg, png, gif, pdf.");
        }

        return file.Length > _options.MaxUploadBytes ? WalletOutcome.Validation(field, "The file is too large.") : null;
    }

    /// <summary>Test-environment trick from HOAS: the file name prefix decides the refusal reason.</summary>
    private static string? RefusalMessage(string fileName) => fileName[..Math.Min(3, fileName.Length)] switch
    {
        "01_" => "Unrecognized document",
        "02_" => "Falsified document",
        "03_" => "Unreadable document",
        "06_" => "Inconsistent document",
        "07_" => "Expired document",
        _ => null,
    };

    private static bool HasRefusalPrefix(string fileName) => RefusalPrefixes.Any(p => fileName.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Required KYC sets per pro type: corporation {1|3, 4, 5}, person {7, 8, 9}; association {1|3|11, 13} is an assumption.</summary>
    private static int[][] RequiredSlots(int proType) => proType switch
    {
        2 => [[7], [8], [9]],
        3 => [[1, 3, 11], [13]],
        _ => [[1, 3], [4], [5]],
    };

    private static int? ParseChoice(string? text, int fallback, int min, int max) =>
        string.IsNullOrEmpty(text) ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v
        : null;

    private static string TransferKey(string merchantUniqueId) => "transfer:" + merchantUniqueId;

    private static string WithdrawalKey(string merchantUniqueId) => "withdrawal:" + merchantUniqueId;

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex("^[a-z]{2}_[A-Z]{2}$")]
    private static partial Regex LocaleShape();

    [GeneratedRegex(@"^[A-Za-z0-9_.@+\-]{3,64}$")]
    private static partial Regex LoginShape();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryShape();
}
