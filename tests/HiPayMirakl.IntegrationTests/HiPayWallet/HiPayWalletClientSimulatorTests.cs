using System.Net.Http.Json;
using System.Text.Json;
using HiPayMirakl.HiPayWallet;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Common;
using Simulator.HiPayWallet;

namespace HiPayMirakl.IntegrationTests.HiPayWallet;

/// <summary>The client against Simulator.HiPayWallet on loopback; outcomes are checked in the simulator's books.</summary>
public sealed class HiPayWalletClientSimulatorTests : IAsyncLifetime
{
    private const string WsLogin = "technical-ws";
    private const string WsPassword = "technical-ws-password";

    private CallbackListener _listener = null!;
    private SimulatorHost _simulator = null!;
    private ServiceProvider _provider = null!;

    private HiPayWalletClient Client => _provider.GetRequiredService<HiPayWalletClient>();

    public async Task InitializeAsync()
    {
        _listener = await CallbackListener.StartAsync();
        _simulator = await HiPayWalletSimulator.StartAsync(new HiPayWalletSimulatorOptions
        {
            TechnicalLogin = WsLogin,
            TechnicalPassword = WsPassword,
            Entity = "mkp_entity",
            DefaultCallbackUrl = _listener.Target,
        });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHiPayWalletClient(new HiPayWalletClientOptions
        {
            BaseUrl = _simulator.BaseAddress,
            WsLogin = WsLogin,
            WsPassword = WsPassword,
            Entity = "mkp_entity",
            MaxRetries = 3,
            RetryBaseDelay = TimeSpan.Zero,
            Timeout = TimeSpan.FromSeconds(20),
        });
        _provider = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _simulator.DisposeAsync();
        await _listener.DisposeAsync();
    }

    [Fact]
    public async Task Account_CreateGetPatchEmail_RoundTrips()
    {
        Assert.True((await Client.IsAvailableAsync("vendor@shop.example")).IsAvailable);

        var created = await Client.CreateAccountAsync(Vendor("vendor@shop.example", "mirakl_shop_2001"));
        var account = await Client.GetAccountAsync(HiPayAccountRef.ById(created.AccountId));
        var updated = await Client.UpdateAccountAsync(HiPayAccountRef.ById(created.AccountId), new HiPayUpdateAccountRequest { Email = "new@shop.example" });

        Assert.Equal(created.AccountId, account.UserAccountId);
        Assert.Equal(created.UserSpaceId, account.UserSpaceId);
        Assert.False(account.Identified);
        Assert.Equal(created.CallbackSalt, account.CallbackSalt);
        Assert.Equal("new@shop.example", updated.Email);
        Assert.False((await Client.IsAvailableAsync("new@shop.example")).IsAvailable);
        Assert.True((await Client.IsAvailableAsync("vendor@shop.example")).IsAvailable);
        var byLogin = await Client.GetAccountAsync(HiPayAccountRef.ByLogin("new@shop.example"));
        Assert.Equal(created.AccountId, byLogin.UserAccountId);
    }

    [Fact]
    public async Task CreateAccount_DuplicateEmail_ThrowsWithHiPayCode()
    {
        await Client.CreateAccountAsync(Vendor("dup@shop.example", "mirakl_a_1"));

        var ex = await Assert.ThrowsAsync<HiPayWalletApiException>(() => Client.CreateAccountAsync(Vendor("dup@shop.example", "mirakl_b_2")));

        Assert.Equal(200, ex.HttpStatus);
        Assert.NotEqual(0, ex.HiPayCode);
        Assert.DoesNotContain(WsPassword, ex.Message + ex.BodyExcerpt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAccountWithEmailFallback_UnknownLogin_FindsTheWalletByEmail()
    {
        var created = await Client.CreateAccountAsync(Vendor("old@shop.example", "mirakl_old_7"));

        var account = await Client.GetAccountWithEmailFallbackAsync(HiPayAccountRef.ByLogin("mirakl_renamed_7"), "OLD@shop.example");

        Assert.Equal(created.AccountId, account.UserAccountId);
    }

    [Fact]
    public async Task BankInfo_RegisterMultipart_IsValidatedAfterTheReviewDelay()
    {
        var created = await Client.CreateAccountAsync(Vendor("bank@shop.example", "mirakl_bank_3"));
        var wallet = HiPayAccountRef.ById(created.AccountId);
        Assert.Equal(HiPayBankInfoStatus.NoBankInfo, (await Client.GetBankInfoAsync(wallet)).StatusKind);
        using var proof = new MemoryStream(new byte[256]);

        var registered = await Client.RegisterBankInfoAsync(wallet, new HiPayBankInfoRequest("FR", new HiPayFile(proof, "rib.pdf", "application/pdf"))
        {
            BankName = "Credit Agricole",
            BankAddress = "1 rue de la Banque",
            BankZipCode = "75001",
            BankCity = "Paris",
            Iban = "FR7630006000011234567890189",
            Swift = "AGRIFRPP",
        });

        Assert.Equal(HiPayBankInfoStatus.ValidationInProgress, registered.StatusKind);
        Assert.DoesNotContain("FR7630006000011234567890189", registered.ToString(), StringComparison.Ordinal);
        await AdvanceAsync(61);
        var after = await Client.GetBankInfoAsync(wallet, "en_GB");
        Assert.Equal(HiPayBankInfoStatus.Validated, after.StatusKind);
        Assert.Equal("FR7630006000011234567890189", after.Iban);
        Assert.True((await Client.GetAccountAsync(wallet)).BankInfoValidated);
    }

    [Fact]
    public async Task Identification_UploadThenList_ShowsTheDocumentWaitingThenValidated()
    {
        var created = await Client.CreateAccountAsync(Vendor("kyc@shop.example", "mirakl_kyc_4"));
        var wallet = HiPayAccountRef.ById(created.AccountId);
        using var front = new MemoryStream(new byte[128]);
        using var back = new MemoryStream(new byte[128]);

        var uploaded = await Client.UploadIdentificationAsync(wallet, new HiPayIdentificationUpload(3, new HiPayFile(front, "id-front.jpg", "image/jpeg"))
        {
            Back = new HiPayFile(back, "id-back.jpg", "image/jpeg"),
            ValidityDate = new DateOnly(2030, 1, 1),
            UserSpace = created.UserSpaceId,
        });

        Assert.Equal(3, uploaded.Type);
        var waiting = (await Client.GetIdentificationAsync(wallet)).Documents.Single(d => d.Type == 3);
        Assert.Equal(1, waiting.StatusCode);
        await AdvanceAsync(31);
        var validated = (await Client.GetIdentificationAsync(wallet)).Documents.Single(d => d.Type == 3);
        Assert.Equal(2, validated.StatusCode);
    }

    [Fact]
    public async Task Identification_MissingValidityDateForId_ThrowsValidationError()
    {
        var created = await Client.CreateAccountAsync(Vendor("kyc2@shop.example", "mirakl_kyc_5"));
        using var front = new MemoryStream(new byte[16]);

        var ex = await Assert.ThrowsAsync<HiPayWalletApiException>(() =>
            Client.UploadIdentificationAsync(HiPayAccountRef.ById(created.AccountId), new HiPayIdentificationUpload(3, new HiPayFile(front, "id.jpg"))));

        Assert.Equal(400, ex.HttpStatus);
    }

    [Fact]
    public async Task Transfer_ThenGetTransaction_ByIdAndByMerchantUniqueId()
    {
        var vendor = await CreateFundedVendorAsync("t1@shop.example", "mirakl_t1_10", "500.00");

        var outcome = await Client.TransferAsync(new HiPayTransferRequest(vendor.AccountId, "t1@shop.example", 11325, "EUR", "TRANSFER_SALES_1001_100000_" + vendor.AccountId, "public", "private"));

        var accepted = Assert.IsType<TransferOutcome.Accepted>(outcome);
        var byId = Assert.IsType<TransactionLookup.Found>(await Client.GetTransactionAsync(accepted.TransactionId)).Transaction;
        var byMerchantId = Assert.IsType<TransactionLookup.Found>(await Client.GetTransactionAsync("TRANSFER_SALES_1001_100000_" + vendor.AccountId)).Transaction;
        Assert.Equal(accepted.TransactionId, byId.TransactionId);
        Assert.Equal(accepted.TransactionId, byMerchantId.TransactionId);
        Assert.Equal(11325, byId.AmountMinor);
        Assert.Equal("EUR", byId.Currency);
        Assert.Equal(11325, (await Client.GetBalanceAsync(HiPayAccountRef.ById(vendor.AccountId))).Main!.BalanceMinor);
        await AdvanceAsync(6);
        Assert.Equal("CAPTURED", Assert.IsType<TransactionLookup.Found>(await Client.GetTransactionAsync(accepted.TransactionId)).Transaction.TransactionStatus);
        Assert.IsType<TransactionLookup.NotFound>(await Client.GetTransactionAsync("TRANSFER_NEVER_SENT"));
    }

    [Fact]
    public async Task Transfer_SameMerchantUniqueIdTwice_OneTransactionInTheBooks()
    {
        var vendor = await CreateFundedVendorAsync("t2@shop.example", "mirakl_t2_11", "500.00");
        var request = new HiPayTransferRequest(vendor.AccountId, "t2@shop.example", 2000, "EUR", "TRANSFER_SALES_1002");

        var first = Assert.IsType<TransferOutcome.Accepted>(await Client.TransferAsync(request));
        var second = Assert.IsType<TransferOutcome.Accepted>(await Client.TransferAsync(request));

        Assert.Equal(first.TransactionId, second.TransactionId);
        var books = await BooksAsync();
        Assert.Single(Transactions(books, "TRANSFER_SALES_1002"));
        Assert.Equal(2000, BalanceOf(books, vendor.AccountId));
        Assert.True(books.GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task Transfer_ConnectionDroppedAfterApply_IsUnknownThenLookupFindsTheSingleTransaction()
    {
        var vendor = await CreateFundedVendorAsync("t3@shop.example", "mirakl_t3_12", "500.00");
        await ControlAsync("_sim/faults", new { kind = "DropAfterApply", method = "POST", pathRegex = "^/api/transfer$", count = 1 });

        var outcome = await Client.TransferAsync(new HiPayTransferRequest(vendor.AccountId, "t3@shop.example", 4200, "EUR", "TRANSFER_SALES_1003"));

        Assert.IsType<TransferOutcome.Unknown>(outcome);
        var found = Assert.IsType<TransactionLookup.Found>(await Client.GetTransactionAsync("TRANSFER_SALES_1003")).Transaction;
        Assert.Equal(4200, found.AmountMinor);
        var books = await BooksAsync();
        var only = Assert.Single(Transactions(books, "TRANSFER_SALES_1003"));
        Assert.Equal(found.TransactionId, only.GetProperty("transactionId").GetString());
        Assert.Equal(4200, BalanceOf(books, vendor.AccountId));
    }

    [Fact]
    public async Task Transfer_Http200WithErrorCode_IsRejectedAndNothingMoves()
    {
        var vendor = await CreateFundedVendorAsync("t4@shop.example", "mirakl_t4_13", "10.00");

        var wrongLogin = await Client.TransferAsync(new HiPayTransferRequest(vendor.AccountId, "someone-else@shop.example", 100, "EUR", "TRANSFER_SALES_1004"));
        var noFunds = await Client.TransferAsync(new HiPayTransferRequest(vendor.AccountId, "t4@shop.example", 100_000, "EUR", "TRANSFER_SALES_1005"));

        Assert.Equal(7, Assert.IsType<TransferOutcome.Rejected>(wrongLogin).Code);
        Assert.Equal(13, Assert.IsType<TransferOutcome.Rejected>(noFunds).Code);
        var books = await BooksAsync();
        Assert.Empty(Transactions(books, "TRANSFER_SALES_1004"));
        Assert.Empty(Transactions(books, "TRANSFER_SALES_1005"));
        Assert.Equal(0, BalanceOf(books, vendor.AccountId));
    }

    [Fact]
    public async Task Withdraw_ReadyWallet_IsAcceptedAndPaidOutAfterTheDelay()
    {
        var vendorId = 600001L;
        await ControlAsync("_sim/wallet/accounts", new
        {
            accounts = new[] { new { accountId = vendorId, email = "w1@shop.example", login = "mirakl_w1_1", balance = 5000L, identified = 1, activated = 1, bankStatus = 3 } },
        });
        var wallet = HiPayAccountRef.ById(vendorId);

        var outcome = await Client.WithdrawAsync(new HiPayWithdrawalRequest(wallet, 3000, "EUR", "WITHDRAWAL_SALES_2001", "payout"));
        var tooMuch = await Client.WithdrawAsync(new HiPayWithdrawalRequest(wallet, 3000, "EUR", "WITHDRAWAL_SALES_2002"));

        var accepted = Assert.IsType<WithdrawalOutcome.Accepted>(outcome);
        Assert.IsType<WithdrawalOutcome.Rejected>(tooMuch);
        Assert.Equal(2000, (await Client.GetBalanceAsync(wallet)).Main!.BalanceMinor);
        await AdvanceAsync(121);
        Assert.Equal("CAPTURED", Assert.IsType<TransactionLookup.Found>(await Client.GetTransactionAsync(accepted.TransactionId, wallet)).Transaction.TransactionStatus);
    }

    [Fact]
    public async Task Withdraw_WalletNotIdentified_IsRejectedWith4004()
    {
        await ControlAsync("_sim/wallet/accounts", new
        {
            accounts = new[] { new { accountId = 600002L, email = "w2@shop.example", login = "mirakl_w2_2", balance = 5000L, identified = 0, activated = 1, bankStatus = 3 } },
        });

        var outcome = await Client.WithdrawAsync(new HiPayWithdrawalRequest(HiPayAccountRef.ById(600002), 100, "EUR", "WITHDRAWAL_SALES_2003"));

        Assert.Equal(4004, Assert.IsType<WithdrawalOutcome.Rejected>(outcome).Code);
    }

    [Fact]
    public async Task GetBalance_503ThenSuccess_IsRetried()
    {
        await ControlAsync("_sim/faults", new { id = "balance-503", kind = "Status", statusCode = 503, method = "GET", pathRegex = "^/api/user-account/balance$", count = 1 });

        var balance = await Client.GetBalanceAsync(null);

        Assert.NotNull(balance.Main);
        using var control = Control();
        using var doc = JsonDocument.Parse(await control.GetStringAsync("_sim/faults"));
        var faults = doc.RootElement;
        var rule = faults.EnumerateArray().Single(f => f.GetProperty("rule").GetProperty("id").GetString() == "balance-503");
        Assert.Equal(1, rule.GetProperty("fired").GetInt32());
        Assert.Equal(2, rule.GetProperty("matched").GetInt32());
    }

    [Fact]
    public async Task Notification_TransferCapture_VerifiesWithTheSaltReturnedAtCreation()
    {
        var vendor = await CreateFundedVendorAsync("n1@shop.example", "mirakl_n1_20", "100.00", _listener.Target);
        var before = _listener.Received.Count;

        var accepted = Assert.IsType<TransferOutcome.Accepted>(
            await Client.TransferAsync(new HiPayTransferRequest(vendor.AccountId, "n1@shop.example", 1234, "EUR", "TRANSFER_SALES_3001")));
        await AdvanceAsync(6);

        var capture = _listener.Received.Skip(before).Select(xml => (Xml: xml, Parsed: WalletNotification.Parse(xml)))
            .Single(n => n.Parsed.Operation == "capture" && n.Parsed.AccountId == vendor.AccountId);
        Assert.Equal(WalletNotificationStatus.Ok, capture.Parsed.Status);
        Assert.Equal(accepted.TransactionId, capture.Parsed.TransId);
        Assert.Equal(12.34m, capture.Parsed.Amount);
        Assert.True(WalletNotificationSignature.Verify(capture.Xml, vendor.CallbackSalt!));
        Assert.False(WalletNotificationSignature.Verify(capture.Xml, vendor.CallbackSalt + "x"));
        Assert.False(WalletNotificationSignature.Verify(capture.Xml.Replace("<status>ok</status>", "<status>nok</status>", StringComparison.Ordinal), vendor.CallbackSalt!));
    }

    private static HiPayCreateAccountRequest Vendor(string email, string login, Uri? callback = null) => new(email, "Jane", "Doe", "EUR")
    {
        Login = login,
        Civility = 2,
        CompanyName = "Shop SARL",
        VatNumber = "FR12345678901",
        Address = new HiPayAddress("1 rue du Commerce", "75015", "Paris", "FR", "+33100000000"),
        CallbackUrl = callback,
    };

    private async Task<HiPayAccountCreated> CreateFundedVendorAsync(string email, string login, string technicalCredit, Uri? callback = null)
    {
        var created = await Client.CreateAccountAsync(Vendor(email, login, callback));
        await ControlAsync("_sim/wallet/credit", new { amount = technicalCredit });
        return created;
    }

    private HttpClient Control() => new() { BaseAddress = _simulator.BaseAddress };

    private async Task AdvanceAsync(double seconds) => await ControlAsync("_sim/clock/advance", new { seconds });

    private async Task<JsonElement> ControlAsync(string path, object body)
    {
        using var control = Control();
        using var response = await control.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private async Task<JsonElement> BooksAsync()
    {
        using var control = Control();
        using var doc = JsonDocument.Parse(await control.GetStringAsync("_sim/wallet/books"));
        return doc.RootElement.Clone();
    }

    private static List<JsonElement> Transactions(JsonElement books, string merchantUniqueId) =>
        books.GetProperty("transactions").EnumerateArray()
            .Where(t => t.GetProperty("merchantUniqueId").ValueKind == JsonValueKind.String && t.GetProperty("merchantUniqueId").GetString() == merchantUniqueId)
            .ToList();

    private static long BalanceOf(JsonElement books, long accountId) =>
        books.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("accountId").GetInt64() == accountId).GetProperty("balance").GetInt64();
}
