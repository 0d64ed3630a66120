using System.Net;

namespace Simulators.Tests.HiPayWallet;

public sealed class WalletWithdrawalTests : IAsyncLifetime
{
    private const long Vendor = 500_300;
    private WalletTestHost _wallet = null!;

    public async Task InitializeAsync()
    {
        _wallet = await WalletTestHost.StartAsync();
        await _wallet.SeedVendorAsync(Vendor, balanceMinor: 50_000, salt: "withdrawSalt");
    }

    public async Task DisposeAsync() => await _wallet.DisposeAsync();

    [Fact]
    public async Task Withdrawal_Valid_Answers201AndDebitsAtOnce()
    {
        var reply = await _wallet.WithdrawAsync(Vendor, "120.50", "WITHDRAWAL_SALES_1_100000_500300");

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(0, reply.Code);
        Assert.Matches("^[0-9a-f]{18}$", reply.Json.GetProperty("transaction_public_id").GetString()!);
        Assert.Equal("120.50", reply.Json.GetProperty("amount").GetString());
        Assert.Equal("EUR", reply.Json.GetProperty("currency").GetString());
        Assert.Equal("withdraw label", reply.Json.GetProperty("label").GetString());
        Assert.Equal(Vendor, reply.Json.GetProperty("issuer_account").GetInt64());
        var books = await _wallet.BooksAsync();
        Assert.Equal(50_000 - 12_050, WalletTestHost.BalanceOf(books, Vendor));
        Assert.Equal(12_050, books.GetProperty("totalWithdrawn").GetInt64());
        Assert.True(books.GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task Withdrawal_AfterPayoutDelay_IsCapturedAndNotifiedWithVerifiableMd5()
    {
        var reply = await _wallet.WithdrawAsync(Vendor, "100.00", "WITHDRAWAL_SALES_2_100000_500300");
        var id = reply.Json.GetProperty("transaction_public_id").GetString()!;

        await _wallet.AdvanceAsync(119);
        var before = await _wallet.GetAsync("api/transaction/" + id, Vendor);
        await _wallet.AdvanceAsync(1);
        var after = await _wallet.GetAsync("api/transaction/" + id, Vendor);

        Assert.Equal("AUTHED", before.Json.GetProperty("transaction_status").GetString());
        Assert.Equal("CAPTURED", after.Json.GetProperty("transaction_status").GetString());
        var xml = NotificationChecks.XmlFromForm(Assert.Single(_wallet.Listener.Received).Body);
        Assert.Equal("withdraw_validation", NotificationChecks.Field(xml, "operation"));
        Assert.Equal("ok", NotificationChecks.Field(xml, "status"));
        Assert.Equal(id, NotificationChecks.Field(xml, "transid"));
        Assert.Equal("500300", NotificationChecks.Field(xml, "account_id"));
        Assert.Equal(NotificationChecks.ExpectedMd5(xml, "withdrawSalt"), NotificationChecks.Md5Content(xml));
    }

    [Fact]
    public async Task Withdrawal_NokSwitch_IsCancelledAndCreditedBack()
    {
        await _wallet.ControlAsync("_sim/wallet/switches", new { withdrawalNok = true });
        var reply = await _wallet.WithdrawAsync(Vendor, "100.00", "WITHDRAWAL_SALES_3_100000_500300");

        await _wallet.AdvanceAsync(120);

        var status = await _wallet.GetAsync("api/transaction/WITHDRAWAL_SALES_3_100000_500300", Vendor);
        Assert.Equal("CANCELLED_END", status.Json.GetProperty("transaction_status").GetString());
        var books = await _wallet.BooksAsync();
        Assert.Equal(50_000, WalletTestHost.BalanceOf(books, Vendor));
        Assert.Equal(0, books.GetProperty("totalWithdrawn").GetInt64());
        Assert.True(books.GetProperty("balanced").GetBoolean());
        var xml = NotificationChecks.XmlFromForm(Assert.Single(_wallet.Listener.Received).Body);
        Assert.Equal("nok", NotificationChecks.Field(xml, "status"));
        Assert.Equal(reply.Json.GetProperty("transaction_public_id").GetString(), NotificationChecks.Field(xml, "transid"));
    }

    [Fact]
    public async Task Withdrawal_RepeatedMerchantUniqueId_DebitsOnce()
    {
        var first = await _wallet.WithdrawAsync(Vendor, "10.00", "WITHDRAWAL_SALES_4_100000_500300");
        var second = await _wallet.WithdrawAsync(Vendor, "10.00", "WITHDRAWAL_SALES_4_100000_500300");

        Assert.Equal(first.Json.GetProperty("transaction_public_id").GetString(), second.Json.GetProperty("transaction_public_id").GetString());
        Assert.Equal(49_000, WalletTestHost.BalanceOf(await _wallet.BooksAsync(), Vendor));
    }

    [Fact]
    public async Task Withdrawal_FailAfterApplyThenReplay_DebitsOnce()
    {
        await _wallet.ControlAsync("_sim/faults", new { kind = "FailAfterApply", method = "POST", pathRegex = "^/api/withdrawal", count = 1 });

        var failed = await _wallet.WithdrawAsync(Vendor, "25.00", "WITHDRAWAL_SALES_5_100000_500300");
        var replay = await _wallet.WithdrawAsync(Vendor, "25.00", "WITHDRAWAL_SALES_5_100000_500300");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal(HttpStatusCode.Created, replay.Status);
        var books = await _wallet.BooksAsync();
        Assert.Equal(47_500, WalletTestHost.BalanceOf(books, Vendor));
        Assert.Equal(2_500, books.GetProperty("totalWithdrawn").GetInt64());
        Assert.Single(books.GetProperty("transactions").EnumerateArray());
    }

    [Fact]
    public async Task Withdrawal_WithoutSubAccount_IsRefused()
    {
        var reply = await _wallet.PostFormAsync("api/withdrawal", [new("amount", "1.00"), new("label", "x")]);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(4, reply.Code);
    }

    [Fact]
    public async Task Withdrawal_NotIdentified_AnswersCode4004()
    {
        await _wallet.ControlAsync($"_sim/wallet/accounts/{Vendor}", new { identified = 0 });

        var reply = await _wallet.WithdrawAsync(Vendor, "1.00", null);

        Assert.Equal(4004, reply.Code);
        Assert.Equal(50_000, WalletTestHost.BalanceOf(await _wallet.BooksAsync(), Vendor));
    }

    [Fact]
    public async Task Withdrawal_NotActivated_AnswersCode4007()
    {
        await _wallet.ControlAsync($"_sim/wallet/accounts/{Vendor}", new { activated = 0 });

        var reply = await _wallet.WithdrawAsync(Vendor, "1.00", null);

        Assert.Equal(4007, reply.Code);
    }

    [Fact]
    public async Task Withdrawal_BankNotValidated_AnswersCode4005()
    {
        await _wallet.ControlAsync($"_sim/wallet/accounts/{Vendor}", new { bankStatus = 2 });

        var reply = await _wallet.WithdrawAsync(Vendor, "1.00", null);

        Assert.Equal(4005, reply.Code);
    }

    [Fact]
    public async Task Withdrawal_MoreThanBalance_AnswersCode13WithDetail4014()
    {
        var reply = await _wallet.WithdrawAsync(Vendor, "500.01", null);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(13, reply.Code);
        Assert.Equal(4014, reply.Json.GetProperty("error_code_detail").GetInt32());
        Assert.Empty((await _wallet.BooksAsync()).GetProperty("transactions").EnumerateArray());
    }
}
