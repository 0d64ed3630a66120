using System.Net;
using HiPayMirakl.HiPayWallet;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.UnitTests.HiPayWallet;

/// <summary>The client against an in-memory wallet (a message handler), no sockets.</summary>
public sealed class HiPayWalletClientTests : IDisposable
{
    private const string Password = "ws-secret-password";
    private readonly FakeWalletHandler _wallet = new();
    private readonly ServiceProvider _provider;

    public HiPayWalletClientTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHiPayWalletClient(new HiPayWalletClientOptions
        {
            BaseUrl = new Uri("https://wallet.test/"),
            WsLogin = "ws-login",
            WsPassword = Password,
            Entity = "mkp_entity",
            MaxRetries = 3,
            RetryBaseDelay = TimeSpan.Zero,
            MaxRetryAfter = TimeSpan.FromSeconds(1),
        });
        services.AddHttpClient<HiPayWalletClient>().ConfigurePrimaryHttpMessageHandler(() => _wallet);
        _provider = services.BuildServiceProvider();
    }

    private HiPayWalletClient Client => _provider.GetRequiredService<HiPayWalletClient>();

    private static HiPayTransferRequest Transfer() => new(500000, "vendor@shop.example", 11325, "EUR", "TRANSFER_SALES_42_100000_500000", "public", "private");

    public void Dispose()
    {
        _provider.Dispose();
        _wallet.Dispose();
    }

    [Fact]
    public async Task Transfer_Created_SendsFormWithCredentialsAndExactAmount()
    {
        _wallet.EnqueueJson(HttpStatusCode.Created, """{"code":0,"message":"Transfer created","transaction_id":"5d935783d9cd316415","amount":"113.25","currency":"EUR"}""");

        var outcome = await Client.TransferAsync(Transfer());

        var accepted = Assert.IsType<TransferOutcome.Accepted>(outcome);
        Assert.Equal("5d935783d9cd316415", accepted.TransactionId);
        var sent = Assert.Single(_wallet.Received);
        Assert.Equal("https://wallet.test/api/transfer", sent.Uri);
        Assert.Equal("ws-login", sent.Header("php-auth-user"));
        Assert.Equal(Password, sent.Header("php-auth-pw"));
        Assert.Null(sent.Header("php-auth-subaccount-id"));
        Assert.Equal("113.25", sent.Form["amount"]);
        Assert.Equal("500000", sent.Form["recipient_account_id"]);
        Assert.Equal("vendor@shop.example", sent.Form["recipient_account_login"]);
        Assert.Equal("TRANSFER_SALES_42_100000_500000", sent.Form["merchant_unique_id"]);
        Assert.Equal("public", sent.Form["public_label"]);
    }

    [Fact]
    public async Task CreateAccount_Created_SendsCredentialsEntityAndTimezoneUnderItsOwnName()
    {
        _wallet.EnqueueJson(HttpStatusCode.Created, """
            {"code":0,"message":"Account created","email":"vendor@shop.example","wslogin":"w","wspassword":"generated-pw","status":0,
             "account_id":500123,"user_space_id":700123,"callback_url":null,"callback_salt":"abcdefgh12345678"}
            """);

        var created = await Client.CreateAccountAsync(new HiPayCreateAccountRequest("vendor@shop.example", "Jane", "Doe", "EUR")
        {
            Login = "mirakl_shop_2001",
            Civility = 2,
            Address = new HiPayAddress("1 rue du Commerce", "75015", "Paris", "FR", "+33100000000"),
            ExternalType = 1,
        });

        Assert.Equal(500123, created.AccountId);
        Assert.Equal(700123, created.UserSpaceId);
        Assert.Equal("abcdefgh12345678", created.CallbackSalt);
        Assert.DoesNotContain("abcdefgh12345678", created.ToString(), StringComparison.Ordinal);
        var form = Assert.Single(_wallet.Received).Form;
        Assert.Equal("CREDENTIALS", form["controle_type"]);
        Assert.Equal("ws-login", form["credential[wslogin]"]);
        Assert.Equal(Password, form["credential[wspassword]"]);
        Assert.Equal("mkp_entity", form["entity_code"]);
        Assert.Equal("fr_FR", form["locale"]);
        Assert.Equal("Europe/Paris", form["timezone"]);
        Assert.False(form.ContainsKey("alias"));
        Assert.Equal("2", form["civility"]);
        Assert.Equal("75015", form["address[zipcode]"]);
        Assert.Equal("FR", form["address[country]"]);
        Assert.Equal("1", form["external_type"]);
        Assert.False(form.ContainsKey("address[fax_number]"));
    }

    [Fact]
    public async Task Transfer_Http200WithCode13_IsRejectedWithCodeAndMessage()
    {
        _wallet.EnqueueJson(HttpStatusCode.OK, """{"code":13,"message":"An error occurred, please try again"}""");

        var outcome = await Client.TransferAsync(Transfer());

        var rejected = Assert.IsType<TransferOutcome.Rejected>(outcome);
        Assert.Equal(13, rejected.Code);
        Assert.Equal("An error occurred, please try again", rejected.Message);
        Assert.Single(_wallet.Received);
    }

    [Fact]
    public async Task Transfer_Code26InProgress_IsUnknown()
    {
        _wallet.EnqueueJson(HttpStatusCode.OK, """{"code":26,"message":"Transfer in progress"}""");

        Assert.IsType<TransferOutcome.Unknown>(await Client.TransferAsync(Transfer()));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Transfer_5xx_IsUnknownAndNotRetried(HttpStatusCode status)
    {
        _wallet.EnqueueJson(status, """{"code":500,"message":"Internal Server Error"}""");

        var outcome = await Client.TransferAsync(Transfer());

        Assert.IsType<TransferOutcome.Unknown>(outcome);
        Assert.Single(_wallet.Received);
    }

    [Fact]
    public async Task Transfer_ConnectionDropped_IsUnknownAndNotRetried()
    {
        _wallet.Enqueue(() => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        var outcome = await Client.TransferAsync(Transfer());

        Assert.Contains("ResponseEnded", Assert.IsType<TransferOutcome.Unknown>(outcome).Reason, StringComparison.Ordinal);
        Assert.Single(_wallet.Received);
    }

    [Fact]
    public async Task Transfer_Timeout_IsUnknownAndNotRetried()
    {
        _wallet.Enqueue(() => throw new TaskCanceledException("timed out", new TimeoutException()));

        var outcome = await Client.TransferAsync(Transfer());

        Assert.StartsWith("timeout", Assert.IsType<TransferOutcome.Unknown>(outcome).Reason, StringComparison.Ordinal);
        Assert.Single(_wallet.Received);
    }

    [Fact]
    public async Task Transfer_2xxWithoutTransactionId_IsUnknown()
    {
        _wallet.EnqueueJson(HttpStatusCode.Created, """{"code":0,"message":"ok"}""");

        Assert.IsType<TransferOutcome.Unknown>(await Client.TransferAsync(Transfer()));
    }

    [Fact]
    public async Task Transfer_429ThenCreated_IsRetriedOnceWithTheSameMerchantUniqueId()
    {
        _wallet.EnqueueJson(HttpStatusCode.TooManyRequests, """{"code":429,"message":"Too Many Requests"}""", TimeSpan.Zero);
        _wallet.EnqueueJson(HttpStatusCode.Created, """{"code":0,"message":"ok","transaction_id":"abc"}""");

        var outcome = await Client.TransferAsync(Transfer());

        Assert.IsType<TransferOutcome.Accepted>(outcome);
        Assert.Equal(2, _wallet.Received.Count);
        Assert.All(_wallet.Received, r => Assert.Equal("TRANSFER_SALES_42_100000_500000", r.Form["merchant_unique_id"]));
    }

    [Fact]
    public async Task Transfer_503WithRetryAfterThenCreated_IsRetried()
    {
        _wallet.EnqueueJson(HttpStatusCode.ServiceUnavailable, """{"code":503,"message":"maintenance"}""", TimeSpan.Zero);
        _wallet.EnqueueJson(HttpStatusCode.Created, """{"code":0,"message":"ok","transaction_id":"abc"}""");

        Assert.IsType<TransferOutcome.Accepted>(await Client.TransferAsync(Transfer()));
        Assert.Equal(2, _wallet.Received.Count);
    }

    [Fact]
    public async Task Transfer_RetryAfterLongerThanAllowed_IsNotWaitedFor()
    {
        _wallet.EnqueueJson(HttpStatusCode.TooManyRequests, """{"code":429,"message":"Too Many Requests"}""", TimeSpan.FromHours(1));

        var rejected = Assert.IsType<TransferOutcome.Rejected>(await Client.TransferAsync(Transfer()));

        Assert.Equal(429, rejected.Code);
        Assert.Single(_wallet.Received);
    }

    [Fact]
    public async Task Withdraw_Created_SendsSubAccountHeaderAndReadsPublicId()
    {
        _wallet.EnqueueJson(HttpStatusCode.Created, """{"code":0,"message":"ok","transaction_public_id":"W123","amount":"10.00","currency":"EUR"}""");

        var outcome = await Client.WithdrawAsync(new HiPayWithdrawalRequest(HiPayAccountRef.ById(500000), 1000, "EUR", "WITHDRAWAL_SALES_42", "payout"));

        Assert.Equal("W123", Assert.IsType<WithdrawalOutcome.Accepted>(outcome).TransactionId);
        var sent = Assert.Single(_wallet.Received);
        Assert.Equal("500000", sent.Header("php-auth-subaccount-id"));
        Assert.Equal("10.00", sent.Form["amount"]);
        Assert.Equal("payout", sent.Form["label"]);
    }

    [Fact]
    public async Task Withdraw_Http400WithDetail4005_IsRejectedWithTheDetail()
    {
        _wallet.EnqueueJson(HttpStatusCode.BadRequest, """{"code":400,"message":"Bank info not valid","error_code_detail":4005}""");

        var outcome = await Client.WithdrawAsync(new HiPayWithdrawalRequest(HiPayAccountRef.ByLogin("vendor@shop.example"), 1000, "EUR", "W-1"));

        Assert.Equal(4005, Assert.IsType<WithdrawalOutcome.Rejected>(outcome).Code);
        Assert.Equal("vendor@shop.example", _wallet.Received[0].Header("php-auth-subaccount-login"));
    }

    [Fact]
    public async Task GetAccount_Http200WithNonZeroCode_ThrowsTypedException()
    {
        _wallet.EnqueueJson(HttpStatusCode.OK, """{"code":4,"message":"Action not allowed"}""");

        var ex = await Assert.ThrowsAsync<HiPayWalletApiException>(() => Client.GetAccountAsync(HiPayAccountRef.ById(500000)));

        Assert.Equal(200, ex.HttpStatus);
        Assert.Equal(4, ex.HiPayCode);
        Assert.Equal("GET user-account", ex.Operation);
        Assert.Single(_wallet.Received);
    }

    [Fact]
    public async Task GetAccount_503ThenOk_IsRetriedAndReadsNumbersAsStrings()
    {
        _wallet.EnqueueJson(HttpStatusCode.ServiceUnavailable, "<html>maintenance</html>");
        _wallet.Enqueue(() => throw new HttpRequestException(HttpRequestError.ConnectionError, "reset"));
        _wallet.EnqueueJson(HttpStatusCode.OK, """
            {"code":"0","message":"","user_account_id":"500000","user_space_id":700000,"identified":"1","activated":1,
             "bank_info_validated":0,"callback_salt":"salt-1","currency":"EUR"}
            """);

        var account = await Client.GetAccountAsync(HiPayAccountRef.ById(500000));

        Assert.Equal(500000, account.UserAccountId);
        Assert.True(account.Identified);
        Assert.True(account.Activated);
        Assert.False(account.BankInfoValidated);
        Assert.Equal(3, _wallet.Received.Count);
        Assert.All(_wallet.Received, r => Assert.Equal("500000", r.Header("php-auth-subaccount-id")));
    }

    [Fact]
    public async Task GetAccount_PersistentFailure_StopsAfterMaxRetries()
    {
        for (var i = 0; i < 4; i++)
        {
            _wallet.EnqueueJson(HttpStatusCode.BadGateway, "");
        }

        var ex = await Assert.ThrowsAsync<HiPayWalletApiException>(() => Client.GetAccountAsync(HiPayAccountRef.ById(1)));

        Assert.Equal(502, ex.HttpStatus);
        Assert.Equal(4, _wallet.Received.Count);
    }

    [Fact]
    public async Task GetAccountWithEmailFallback_401ThenOk_AsksAgainWithLowerCasedEmail()
    {
        _wallet.EnqueueJson(HttpStatusCode.Unauthorized, """{"code":401,"message":"Authentication Failed."}""");
        _wallet.EnqueueJson(HttpStatusCode.OK, """{"code":0,"message":"","user_account_id":500001,"user_space_id":1,"identified":0}""");

        var account = await Client.GetAccountWithEmailFallbackAsync(HiPayAccountRef.ByLogin("mirakl_shop_2001"), "Vendor@Shop.Example");

        Assert.Equal(500001, account.UserAccountId);
        Assert.Equal("mirakl_shop_2001", _wallet.Received[0].Header("php-auth-subaccount-login"));
        Assert.Equal("vendor@shop.example", _wallet.Received[1].Header("php-auth-subaccount-login"));
    }

    [Fact]
    public async Task GetBalance_StringAmounts_AreExactMinorUnits()
    {
        _wallet.EnqueueJson(HttpStatusCode.OK, """
            {"code":0,"message":"","date":"2026-01-01","balances":[{"user_account_id":500000,"user_account_type":"1","balance":"1234567.89",
             "currency":"EUR","money_available_for_withdrawal":"0.10"}]}
            """);

        var balance = await Client.GetBalanceAsync(HiPayAccountRef.ById(500000));

        Assert.Equal(123456789, balance.Main!.BalanceMinor);
        Assert.Equal(10, balance.Main.AvailableForWithdrawalMinor);
        Assert.Equal("EUR", balance.Main.Currency);
    }

    [Fact]
    public async Task GetTransaction_Code7_IsNotFound()
    {
        _wallet.EnqueueJson(HttpStatusCode.OK, """{"code":7,"message":"Transaction not found"}""");

        var lookup = await Client.GetTransactionAsync("TRANSFER_X");

        Assert.Equal("Transaction not found", Assert.IsType<TransactionLookup.NotFound>(lookup).Message);
        Assert.Equal("https://wallet.test/api/transaction/TRANSFER_X", _wallet.Received[0].Uri);
    }

    [Fact]
    public async Task GetTransaction_Http404_IsUnknownNotNotFound()
    {
        _wallet.EnqueueJson(HttpStatusCode.NotFound, """{"code":7,"message":"Transaction not found"}""");

        Assert.IsType<TransactionLookup.Unknown>(await Client.GetTransactionAsync("TRANSFER_X"));
    }

    [Fact]
    public async Task GetTransaction_5xxEveryAttempt_IsUnknown()
    {
        for (var i = 0; i < 4; i++)
        {
            _wallet.EnqueueJson(HttpStatusCode.BadGateway, """{"code":7,"message":"upstream"}""");
        }

        Assert.IsType<TransactionLookup.Unknown>(await Client.GetTransactionAsync("TRANSFER_X"));
        Assert.Equal(4, _wallet.Received.Count);
    }

    [Fact]
    public async Task GetTransaction_TimeoutEveryAttempt_IsUnknown()
    {
        for (var i = 0; i < 4; i++)
        {
            _wallet.Enqueue(() => throw new TaskCanceledException("timed out", new TimeoutException()));
        }

        Assert.IsType<TransactionLookup.Unknown>(await Client.GetTransactionAsync("TRANSFER_X"));
    }

    [Theory]
    [InlineData("""{"code":7,"mess""")]
    [InlineData("""<html>maintenance</html>""")]
    [InlineData("""{"code":1,"message":"Authentication failed"}""")]
    [InlineData("""{"code":0,"message":"Success"}""")]
    public async Task GetTransaction_UnreadableOrOtherAnswer_IsUnknown(string body)
    {
        _wallet.EnqueueJson(HttpStatusCode.OK, body);

        Assert.IsType<TransactionLookup.Unknown>(await Client.GetTransactionAsync("TRANSFER_X"));
    }

    [Fact]
    public async Task GetTransaction_Found_ReadsTheTransaction()
    {
        _wallet.EnqueueJson(HttpStatusCode.OK, """{"code":0,"message":"Success","transaction_id":"5d935783d9cd316415","transaction_status":"CAPTURED","amount":"113.25","currency":"EUR"}""");

        var found = Assert.IsType<TransactionLookup.Found>(await Client.GetTransactionAsync("TRANSFER_X")).Transaction;

        Assert.Equal(("5d935783d9cd316415", "CAPTURED", 11325L), (found.TransactionId, found.TransactionStatus, found.AmountMinor!.Value));
    }

    [Fact]
    public void LongestCall_CountsEveryAttemptAndTheWaitsBetween()
    {
        var options = new HiPayWalletClientOptions { Timeout = TimeSpan.FromSeconds(30), MaxRetries = 3, MaxRetryAfter = TimeSpan.FromSeconds(30), RetryBaseDelay = TimeSpan.FromMilliseconds(500) };

        Assert.Equal(TimeSpan.FromSeconds((4 * 30) + (3 * 30)), options.LongestCall);
    }

    [Fact]
    public async Task UploadIdentification_ReferenceResponse_IsRead()
    {
        _wallet.EnqueueJson(HttpStatusCode.OK, """{"code":0,"message":"Document uploaded","user_space":12345,"type":6,"validity_date":"2027-01-01"}""");
        using var file = new MemoryStream([1, 2, 3]);

        var uploaded = await Client.UploadIdentificationAsync(HiPayAccountRef.ById(500000),
            new HiPayIdentificationUpload(4, new HiPayFile(file, "kbis.pdf", "application/pdf")) { ValidityDate = new DateOnly(2027, 1, 1) });

        Assert.Equal(12345, uploaded.UserSpace);
        Assert.Equal("Document uploaded", uploaded.Message);
        var sent = Assert.Single(_wallet.Received);
        Assert.Equal("multipart/form-data", sent.ContentType);
        Assert.Contains("name=type", sent.Body, StringComparison.Ordinal);
        Assert.Contains("2027-01-01", sent.Body, StringComparison.Ordinal);
        Assert.Contains("filename=kbis.pdf", sent.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"code":400,"message":"Validation Failed","errors":[{"field":"type","message":"This value should not be blank."}]}""", 400, 400)]
    [InlineData("""{"code":401,"message":"Authentication Failed."}""", 401, 401)]
    [InlineData("""{"code":403,"message":"This account is not allowed to use this webservice for the user space 012345"}""", 403, 403)]
    public async Task GetIdentification_ReferenceErrorBodies_ThrowWithStatusAndCode(string body, int status, int code)
    {
        _wallet.EnqueueJson((HttpStatusCode)status, body);

        var ex = await Assert.ThrowsAsync<HiPayWalletApiException>(() => Client.GetIdentificationAsync(HiPayAccountRef.ById(1)));

        Assert.Equal(status, ex.HttpStatus);
        Assert.Equal(code, ex.HiPayCode);
    }

    [Fact]
    public async Task RegisterBankInfo_ErrorEchoingIban_ExceptionMasksIbanAndPassword()
    {
        _wallet.EnqueueJson(HttpStatusCode.OK, """{"code":3,"message":"Invalid IBAN FR7630006000011234567890189","iban":"FR7630006000011234567890189","wspassword":"ws-secret-password"}""");
        using var proof = new MemoryStream([1]);

        var ex = await Assert.ThrowsAsync<HiPayWalletApiException>(() => Client.RegisterBankInfoAsync(HiPayAccountRef.ById(1),
            new HiPayBankInfoRequest("FR", new HiPayFile(proof, "rib.pdf")) { Iban = "FR7630006000011234567890189", Swift = "AGRIFRPP" }));

        Assert.Equal(3, ex.HiPayCode);
        Assert.DoesNotContain("FR7630006000011234567890189", ex.Message + ex.BodyExcerpt + ex.HiPayMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.Message + ex.BodyExcerpt, StringComparison.Ordinal);
        Assert.Contains("FR76", ex.BodyExcerpt, StringComparison.Ordinal);
        Assert.Contains("0189", ex.BodyExcerpt, StringComparison.Ordinal);
    }
}
