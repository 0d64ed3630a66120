using System.Net;
using System.Text.Json;

namespace Simulators.Tests.HiPayWallet;

public sealed class WalletTransferTests : IAsyncLifetime
{
    private const long Vendor = 500_200;
    private WalletTestHost _wallet = null!;

    public async Task InitializeAsync()
    {
        _wallet = await WalletTestHost.StartAsync();
        await _wallet.SeedVendorAsync(Vendor, salt: "vendorSalt2026");
        await _wallet.CreditTechnicalAsync("1000.00");
    }

    public async Task DisposeAsync() => await _wallet.DisposeAsync();

    private async Task<int> TransactionCountAsync(string kind) =>
        (await _wallet.BooksAsync()).GetProperty("transactions").EnumerateArray().Count(t => t.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task Transfer_Valid_Answers201AndMovesMoneyInTheBooks()
    {
        var reply = await _wallet.TransferAsync(Vendor, "113.25", "TRANSFER_SALES_1_100000_500200");

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(0, reply.Code);
        var id = reply.Json.GetProperty("transaction_id").GetString()!;
        Assert.Matches("^[0-9a-f]{18}$", id);
        Assert.Equal("113.25", reply.Json.GetProperty("amount").GetString());
        Assert.Equal("EUR", reply.Json.GetProperty("currency").GetString());
        Assert.Equal("TRANSFER_SALES_1_100000_500200", reply.Json.GetProperty("merchant_unique_id").GetString());
        Assert.Equal("public 2001 – 500001 - 2026-01-01 - 42", reply.Json.GetProperty("public_label").GetString());
        var books = await _wallet.BooksAsync();
        Assert.Equal(100_000 - 11_325, WalletTestHost.BalanceOf(books, WalletTestHost.TechnicalId));
        Assert.Equal(11_325, WalletTestHost.BalanceOf(books, Vendor));
        Assert.True(books.GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task Transfer_RepeatedMerchantUniqueId_ReturnsFirstTransactionAndMovesMoneyOnce()
    {
        var first = await _wallet.TransferAsync(Vendor, "10.00", "TRANSFER_SALES_7_100000_500200");
        var second = await _wallet.TransferAsync(Vendor, "10.00", "TRANSFER_SALES_7_100000_500200");

        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(first.Json.GetProperty("transaction_id").GetString(), second.Json.GetProperty("transaction_id").GetString());
        var books = await _wallet.BooksAsync();
        Assert.Equal(1_000, WalletTestHost.BalanceOf(books, Vendor));
        Assert.Equal(1, await TransactionCountAsync("Transfer"));
    }

    [Fact]
    public async Task Transfer_RepeatedMerchantUniqueIdWithCode26Switch_AnswersCode26WithoutMovingMoney()
    {
        await _wallet.TransferAsync(Vendor, "10.00", "TRANSFER_SALES_8_100000_500200");
        await _wallet.ControlAsync("_sim/wallet/switches", new { duplicateMerchantUniqueIdAnswersCode26 = true });

        var second = await _wallet.TransferAsync(Vendor, "10.00", "TRANSFER_SALES_8_100000_500200");

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(26, second.Code);
        Assert.Equal(1_000, WalletTestHost.BalanceOf(await _wallet.BooksAsync(), Vendor));
    }

    [Fact]
    public async Task Transfer_SameMerchantUniqueIdSentConcurrently_MovesMoneyOnce()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _wallet.TransferAsync(Vendor, "10.00", "TRANSFER_SALES_20_100000_500200")));

        Assert.All(replies, r => Assert.Equal(0, r.Code));
        Assert.Single(replies.Select(r => r.Json.GetProperty("transaction_id").GetString()).Distinct());
        Assert.Equal(1_000, WalletTestHost.BalanceOf(await _wallet.BooksAsync(), Vendor));
        Assert.Equal(1, await TransactionCountAsync("Transfer"));
    }

    [Fact]
    public async Task Transfer_InsufficientFunds_AnswersNonZeroCodeAndMovesNothing()
    {
        var reply = await _wallet.TransferAsync(Vendor, "1000.01", "TRANSFER_SALES_9_100000_500200");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(13, reply.Code);
        var books = await _wallet.BooksAsync();
        Assert.Equal(100_000, WalletTestHost.BalanceOf(books, WalletTestHost.TechnicalId));
        Assert.Equal(0, await TransactionCountAsync("Transfer"));
    }

    [Fact]
    public async Task Transfer_RecipientLoginMismatch_AnswersCode7()
    {
        var reply = await _wallet.TransferAsync(Vendor, "1.00", null, recipientLogin: "someone.else@shop.example");

        Assert.Equal(7, reply.Code);
    }

    [Fact]
    public async Task Transfer_AmountWithThreeDecimals_AnswersCode3()
    {
        var reply = await _wallet.TransferAsync(Vendor, "1.005", null);

        Assert.Equal(3, reply.Code);
    }

    [Fact]
    public async Task Transaction_ByIdAndByMerchantReference_FollowsCaptureOnTheClock()
    {
        var transfer = await _wallet.TransferAsync(Vendor, "20.00", "TRANSFER_SALES_10_100000_500200");
        var id = transfer.Json.GetProperty("transaction_id").GetString()!;

        var before = await _wallet.GetAsync($"api/transaction/{id}");
        await _wallet.AdvanceAsync(5);
        var byReference = await _wallet.GetAsync("api/transaction/TRANSFER_SALES_10_100000_500200.json");

        Assert.Equal("AUTHED", before.Json.GetProperty("transaction_status").GetString());
        Assert.Equal(JsonValueKind.Null, before.Json.GetProperty("capture_date").ValueKind);
        Assert.Equal(0, byReference.Code);
        Assert.Equal(id, byReference.Json.GetProperty("transaction_id").GetString());
        Assert.Equal("CAPTURED", byReference.Json.GetProperty("transaction_status").GetString());
        Assert.Equal("20.00", byReference.Json.GetProperty("amount").GetString());
        Assert.Equal("Envoi", byReference.Json.GetProperty("type").GetString());
        Assert.Equal($"vendor{Vendor}@shop.example", byReference.Json.GetProperty("recipient_email").GetString());
        Assert.Equal(JsonValueKind.String, byReference.Json.GetProperty("capture_date").ValueKind);
        foreach (var field in new[]
        {
            "message", "creation_date", "collect_date", "transaction_label", "issuer_email", "merchant_reference", "subscription_id", "site_url",
            "site_name", "merchant_email", "fees", "currency_fees", "refusal_reason",
        })
        {
            Assert.True(byReference.Json.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal("TRANSFER_SALES_10_100000_500200", byReference.Json.GetProperty("merchant_reference").GetString());
    }

    [Fact]
    public async Task Transaction_Unknown_AnswersCode7()
    {
        var reply = await _wallet.GetAsync("api/transaction/000000000000000000");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(7, reply.Code);
    }

    [Fact]
    public async Task Transfer_AfterClockAdvance_NotifiesAuthorizationThenCaptureWithVerifiableMd5()
    {
        await _wallet.AdvanceAsync(0); // delivers the credit's other_transaction first
        var already = _wallet.Listener.Received.Count;
        var transfer = await _wallet.TransferAsync(Vendor, "42.10", "TRANSFER_SALES_11_100000_500200");
        var id = transfer.Json.GetProperty("transaction_id").GetString()!;

        await _wallet.AdvanceAsync(10);

        var posts = _wallet.Listener.Received.Skip(already).ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.StartsWith("application/x-www-form-urlencoded", p.ContentType, StringComparison.Ordinal));
        var xmls = posts.Select(p => NotificationChecks.XmlFromForm(p.Body)).ToList();
        Assert.Equal(["authorization", "capture"], xmls.Select(x => NotificationChecks.Field(x, "operation")));
        foreach (var xml in xmls)
        {
            Assert.Equal("ok", NotificationChecks.Field(xml, "status"));
            Assert.Equal(id, NotificationChecks.Field(xml, "transid"));
            Assert.Equal("500200", NotificationChecks.Field(xml, "account_id"));
            Assert.Equal("42.10", NotificationChecks.Field(xml, "amount"));
            Assert.Equal("EUR", NotificationChecks.Field(xml, "currency"));
            Assert.Equal("public 2001 – 500001 - 2026-01-01 - 42", NotificationChecks.Field(xml, "label"));
            Assert.Equal(NotificationChecks.ExpectedMd5(xml, "vendorSalt2026"), NotificationChecks.Md5Content(xml));
        }

        Assert.Equal("00:00:01 UTC+0000", NotificationChecks.Field(xmls[0], "time"));
        Assert.Equal("00:00:05 UTC+0000", NotificationChecks.Field(xmls[1], "time"));
        Assert.Equal("2026-01-01", NotificationChecks.Field(xmls[0], "date"));
    }

    [Fact]
    public async Task Transfer_CaptureNokSwitch_RejectsAndReturnsFunds()
    {
        await _wallet.ControlAsync("_sim/wallet/switches", new { captureNok = true });
        var transfer = await _wallet.TransferAsync(Vendor, "50.00", "TRANSFER_SALES_12_100000_500200");

        await _wallet.AdvanceAsync(10);

        var status = await _wallet.GetAsync("api/transaction/" + transfer.Json.GetProperty("transaction_id").GetString());
        Assert.Equal("REJECTED_END", status.Json.GetProperty("transaction_status").GetString());
        var books = await _wallet.BooksAsync();
        Assert.Equal(0, WalletTestHost.BalanceOf(books, Vendor));
        Assert.Equal(100_000, WalletTestHost.BalanceOf(books, WalletTestHost.TechnicalId));
        Assert.True(books.GetProperty("balanced").GetBoolean());
        var last = NotificationChecks.XmlFromForm(_wallet.Listener.Received[^1].Body);
        Assert.Equal(("capture", "nok"), (NotificationChecks.Field(last, "operation"), NotificationChecks.Field(last, "status")));
    }

    [Fact]
    public async Task Transfer_AuthorizationNokSwitch_NeverCaptures()
    {
        await _wallet.ControlAsync("_sim/wallet/switches", new { authorizationNok = true });
        var transfer = await _wallet.TransferAsync(Vendor, "50.00", null);

        await _wallet.AdvanceAsync(10);

        var status = await _wallet.GetAsync("api/transaction/" + transfer.Json.GetProperty("transaction_id").GetString());
        Assert.Equal("UNAUTHED", status.Json.GetProperty("transaction_status").GetString());
        var operations = _wallet.Listener.Received.Select(p => NotificationChecks.XmlFromForm(p.Body))
            .Select(x => NotificationChecks.Field(x, "operation") + " " + NotificationChecks.Field(x, "status")).ToList();
        Assert.Equal(["other_transaction ok", "authorization nok"], operations);
        Assert.Equal(0, WalletTestHost.BalanceOf(await _wallet.BooksAsync(), Vendor));
    }

    [Fact]
    public async Task Transfer_CaptureNeverArrivesSwitch_OnlyStatusSyncShowsCaptured()
    {
        await _wallet.ControlAsync("_sim/wallet/switches", new { captureNeverArrives = true });
        var transfer = await _wallet.TransferAsync(Vendor, "5.00", null);

        await _wallet.AdvanceAsync(10);

        var status = await _wallet.GetAsync("api/transaction/" + transfer.Json.GetProperty("transaction_id").GetString());
        Assert.Equal("CAPTURED", status.Json.GetProperty("transaction_status").GetString());
        Assert.DoesNotContain(_wallet.Listener.Received, p => NotificationChecks.Field(NotificationChecks.XmlFromForm(p.Body), "operation") == "capture");
    }

    [Fact]
    public async Task Transfer_DropAfterApplyThenReplay_CreatesOneTransaction()
    {
        await _wallet.ControlAsync("_sim/faults", new { kind = "DropAfterApply", method = "POST", pathRegex = "^/api/transfer$", count = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => _wallet.TransferAsync(Vendor, "30.00", "TRANSFER_SALES_13_100000_500200"));
        var replay = await _wallet.TransferAsync(Vendor, "30.00", "TRANSFER_SALES_13_100000_500200");

        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.Equal(0, replay.Code);
        var books = await _wallet.BooksAsync();
        Assert.Equal(1, await TransactionCountAsync("Transfer"));
        Assert.Equal(3_000, WalletTestHost.BalanceOf(books, Vendor));
        Assert.Equal(97_000, WalletTestHost.BalanceOf(books, WalletTestHost.TechnicalId));
        var txn = books.GetProperty("transactions").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "Transfer");
        Assert.Equal(replay.Json.GetProperty("transaction_id").GetString(), txn.GetProperty("transactionId").GetString());
    }
}
