using System.Net;
using System.Text.Json;

namespace Simulators.Tests.HiPayWallet;

/// <summary>Strict books (no de-duplication by merchant_unique_id) against the lenient default, and the per-id tally.</summary>
public sealed class WalletBooksModeTests : IAsyncLifetime
{
    private const long Vendor = 500_700;
    private WalletTestHost _wallet = null!;

    public async Task InitializeAsync()
    {
        _wallet = await WalletTestHost.StartAsync();
        await _wallet.SeedVendorAsync(Vendor, balanceMinor: 10_000);
        await _wallet.CreditTechnicalAsync("1000.00");
    }

    public async Task DisposeAsync() => await _wallet.DisposeAsync();

    private async Task<JsonElement> TallyAsync(string kind, string merchantUniqueId)
    {
        var text = await _wallet.Http.GetStringAsync("_sim/wallet/posts?merchantUniqueId=" + Uri.EscapeDataString(merchantUniqueId));
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.EnumerateArray().Single(t => t.GetProperty("kind").GetString() == kind).Clone();
    }

    private static (int Posts, int Received, int Replayed, int Refused, int Booked) Counts(JsonElement tally) => (
        tally.GetProperty("posts").GetInt32(), tally.GetProperty("received").GetInt32(), tally.GetProperty("replayed").GetInt32(),
        tally.GetProperty("refused").GetInt32(), tally.GetProperty("booked").GetInt32());

    private async Task<bool> StrictAsync() =>
        JsonDocument.Parse(await _wallet.Http.GetStringAsync("_sim/wallet/books-mode")).RootElement.GetProperty("strictBooks").GetBoolean();

    [Fact]
    public async Task BooksMode_Default_IsLenientAndControlApiSwitchesItUntilReset()
    {
        Assert.False(await StrictAsync());

        var set = await _wallet.ControlAsync("_sim/wallet/books-mode", new { strictBooks = true });

        Assert.True(set.GetProperty("strictBooks").GetBoolean());
        Assert.True(await StrictAsync());
        await _wallet.ControlAsync("_sim/reset", new { });
        Assert.False(await StrictAsync());
    }

    [Fact]
    public async Task BooksMode_StrictOption_IsTheStateAfterStartAndReset()
    {
        await using var strict = await WalletTestHost.StartAsync(o => o.StrictBooks = true);
        Assert.True(JsonDocument.Parse(await strict.Http.GetStringAsync("_sim/wallet/books-mode")).RootElement.GetProperty("strictBooks").GetBoolean());

        await strict.ControlAsync("_sim/reset", new { });

        Assert.True(JsonDocument.Parse(await strict.Http.GetStringAsync("_sim/wallet/books-mode")).RootElement.GetProperty("strictBooks").GetBoolean());
    }

    [Fact]
    public async Task Transfer_RepeatedMerchantUniqueIdInStrictBooks_BooksEveryPostAndLookupAnswersTheLatest()
    {
        await _wallet.ControlAsync("_sim/wallet/books-mode", new { strictBooks = true });

        var first = await _wallet.TransferAsync(Vendor, "10.00", "TRANSFER_SALES_70_100000_500700");
        var second = await _wallet.TransferAsync(Vendor, "10.00", "TRANSFER_SALES_70_100000_500700");

        Assert.Equal((HttpStatusCode.Created, 0), (second.Status, second.Code));
        var secondId = second.Json.GetProperty("transaction_id").GetString();
        Assert.NotEqual(first.Json.GetProperty("transaction_id").GetString(), secondId);
        var books = await _wallet.BooksAsync();
        Assert.Equal(10_000 + 2_000, WalletTestHost.BalanceOf(books, Vendor));
        Assert.True(books.GetProperty("balanced").GetBoolean());
        var lookup = await _wallet.GetAsync("api/transaction/TRANSFER_SALES_70_100000_500700");
        Assert.Equal((0, secondId), (lookup.Code, lookup.Json.GetProperty("transaction_id").GetString()));
        var tally = await TallyAsync("Transfer", "TRANSFER_SALES_70_100000_500700");
        Assert.Equal((2, 2, 0, 0, 2), Counts(tally));
        Assert.Equal([1_000L, 1_000L], tally.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("amount").GetInt64()));
    }

    [Fact]
    public async Task Withdrawal_RepeatedMerchantUniqueIdInStrictBooks_DebitsEveryPost()
    {
        await _wallet.ControlAsync("_sim/wallet/books-mode", new { strictBooks = true });

        await _wallet.WithdrawAsync(Vendor, "25.00", "WITHDRAWAL_SALES_71_100000_500700");
        var second = await _wallet.WithdrawAsync(Vendor, "25.00", "WITHDRAWAL_SALES_71_100000_500700");

        Assert.Equal(0, second.Code);
        var books = await _wallet.BooksAsync();
        Assert.Equal(10_000 - 5_000, WalletTestHost.BalanceOf(books, Vendor));
        Assert.Equal(5_000, books.GetProperty("totalWithdrawn").GetInt64());
        Assert.Equal((2, 2, 0, 0, 2), Counts(await TallyAsync("Withdrawal", "WITHDRAWAL_SALES_71_100000_500700")));
    }

    [Fact]
    public async Task Transfer_SameMerchantUniqueIdSentConcurrentlyInStrictBooks_BooksEachOne()
    {
        await _wallet.ControlAsync("_sim/wallet/books-mode", new { strictBooks = true });

        var replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _wallet.TransferAsync(Vendor, "1.00", "TRANSFER_SALES_72_100000_500700")));

        Assert.Equal(4, replies.Select(r => r.Json.GetProperty("transaction_id").GetString()).Distinct().Count());
        Assert.Equal((4, 4, 0, 0, 4), Counts(await TallyAsync("Transfer", "TRANSFER_SALES_72_100000_500700")));
    }

    [Fact]
    public async Task Posts_FaultBeforeBooksDropAfterApplyAndReplay_CountedOnTheWireAndInTheBooks()
    {
        // 503 before the books see it, then a POST booked but never answered, then a replay the lenient books absorb.
        await _wallet.ControlAsync("_sim/faults", new { kind = "Status", statusCode = 503, method = "POST", pathRegex = "^/api/transfer$", nth = 1, count = 1 });
        await _wallet.ControlAsync("_sim/faults", new { kind = "DropAfterApply", method = "POST", pathRegex = "^/api/transfer$", nth = 2, count = 1 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _wallet.SendAsync(HttpMethod.Post, "api/transfer", new FormUrlEncodedContent(
            [new("recipient_account_id", "500700"), new("amount", "3.00"), new("merchant_unique_id", "TRANSFER_SALES_73_100000_500700")]), null)).Status);
        await Assert.ThrowsAsync<HttpRequestException>(() => _wallet.TransferAsync(Vendor, "3.00", "TRANSFER_SALES_73_100000_500700"));
        var replay = await _wallet.TransferAsync(Vendor, "3.00", "TRANSFER_SALES_73_100000_500700");

        Assert.Equal(0, replay.Code);
        var tally = await TallyAsync("Transfer", "TRANSFER_SALES_73_100000_500700");
        Assert.Equal((3, 2, 1, 0, 1), Counts(tally));
        var journal = JsonDocument.Parse(await _wallet.Http.GetStringAsync("_sim/journal")).RootElement;
        Assert.Equal(3, journal.EnumerateArray().Count(e => e.GetProperty("reference").GetString() == "TRANSFER_SALES_73_100000_500700"));
    }

    [Fact]
    public async Task Posts_RefusedForFundsThenAccepted_CountsTheRefusal()
    {
        await _wallet.WithdrawAsync(Vendor, "100.01", "WITHDRAWAL_SALES_74_100000_500700");
        await _wallet.WithdrawAsync(Vendor, "100.00", "WITHDRAWAL_SALES_74_100000_500700");

        var tally = await TallyAsync("Withdrawal", "WITHDRAWAL_SALES_74_100000_500700");

        Assert.Equal((2, 2, 0, 1, 1), Counts(tally));
        Assert.Equal(10_000, tally.GetProperty("transactions")[0].GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task Posts_TransferAndWithdrawalWithTheSameId_AreTalliedApart()
    {
        await _wallet.TransferAsync(Vendor, "2.00", "SALES_75");
        await _wallet.WithdrawAsync(Vendor, "1.00", "SALES_75");

        Assert.Equal((1, 1, 0, 0, 1), Counts(await TallyAsync("Transfer", "SALES_75")));
        Assert.Equal((1, 1, 0, 0, 1), Counts(await TallyAsync("Withdrawal", "SALES_75")));
    }

    [Fact]
    public async Task Transfer_HangAfterApply_BookedButNeverAnswered()
    {
        await _wallet.ControlAsync("_sim/faults", new { kind = "HangAfterApply", method = "POST", pathRegex = "^/api/transfer$", count = 1 });

        var transfer = _wallet.TransferAsync(Vendor, "4.00", "TRANSFER_SALES_76_100000_500700");
        var booked = (0, 0, 0, 0, 0);
        for (var i = 0; i < 100 && booked.Item5 == 0; i++)
        {
            await Task.Delay(50);
            var text = await _wallet.Http.GetStringAsync("_sim/wallet/posts?merchantUniqueId=TRANSFER_SALES_76_100000_500700");
            booked = JsonDocument.Parse(text).RootElement.GetArrayLength() == 0 ? booked : Counts(await TallyAsync("Transfer", "TRANSFER_SALES_76_100000_500700"));
        }

        await Task.Delay(500);
        Assert.Equal((1, 1, 0, 0, 1), booked);
        Assert.False(transfer.IsCompleted);
        _wallet.Http.CancelPendingRequests();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transfer);
    }
}
