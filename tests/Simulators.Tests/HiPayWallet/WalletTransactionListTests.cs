using System.Net;

namespace Simulators.Tests.HiPayWallet;

/// <summary><c>GET /api/transaction</c>: HiPay's list of an account's transactions between two dates, page by page.</summary>
public sealed class WalletTransactionListTests : IAsyncLifetime
{
    private const long Vendor = 500_300;
    private const string Range = "start-date=2026-01-01&end-date=2026-01-31";
    private WalletTestHost _wallet = null!;

    public async Task InitializeAsync()
    {
        _wallet = await WalletTestHost.StartAsync();
        await _wallet.SeedVendorAsync(Vendor);
        await _wallet.CreditTechnicalAsync("1000.00");
    }

    public async Task DisposeAsync() => await _wallet.DisposeAsync();

    [Fact]
    public async Task List_TransfersAndWithdrawal_ItemsCarryHiPaysFields()
    {
        await _wallet.TransferAsync(Vendor, "12.34", "TRANSFER_SALES_1_100000_500300");
        await _wallet.AdvanceAsync(600);
        await _wallet.WithdrawAsync(Vendor, "12.34", "WITHDRAWAL_SALES_1_100000_500300");

        var reply = await _wallet.GetAsync("api/transaction?" + Range, Vendor);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(0, reply.Code);
        Assert.Equal(2, reply.Json.GetProperty("nb_result").GetInt32());
        var items = reply.Json.GetProperty("transactions_list").EnumerateArray().ToList();
        Assert.Equal(["TRANSFER_SALES_1_100000_500300", "WITHDRAWAL_SALES_1_100000_500300"], items.Select(i => i.GetProperty("merchant_reference").GetString()));
        Assert.Equal(["Envoi", "Retrait"], items.Select(i => i.GetProperty("type").GetString()));
        Assert.All(items, i =>
        {
            Assert.Equal("12.34", i.GetProperty("amount").GetString());
            Assert.Equal("EUR", i.GetProperty("currency").GetString());
            Assert.Matches("^[0-9a-f]{18}$", i.GetProperty("transaction_id").GetString());
            Assert.False(string.IsNullOrEmpty(i.GetProperty("transaction_status").GetString()));
            Assert.StartsWith("2026-01-01T", i.GetProperty("creation_date").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task List_TechnicalAccount_ShowsWhatItSentNotOtherWalletsWithdrawals()
    {
        await _wallet.TransferAsync(Vendor, "5.00", "TRANSFER_SALES_2_100000_500300");
        await _wallet.AdvanceAsync(600);
        await _wallet.WithdrawAsync(Vendor, "5.00", "WITHDRAWAL_SALES_2_100000_500300");

        var reply = await _wallet.GetAsync("api/transaction?" + Range);

        var references = reply.Json.GetProperty("transactions_list").EnumerateArray().Select(i => i.GetProperty("merchant_reference").GetString()).ToList();
        Assert.Contains("TRANSFER_SALES_2_100000_500300", references);
        Assert.DoesNotContain("WITHDRAWAL_SALES_2_100000_500300", references);
    }

    [Fact]
    public async Task List_PagedByTwo_ThirdPageHoldsTheRestAndTotalCountsAll()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _wallet.TransferAsync(Vendor, "1.00", $"TRANSFER_SALES_{i}0_100000_500300");
        }

        var pages = new List<List<string?>>();
        for (var page = 1; page <= 4; page++)
        {
            var reply = await _wallet.GetAsync($"api/transaction?{Range}&nb-result-per-page=2&page={page}", Vendor);
            Assert.Equal(5, reply.Json.GetProperty("nb_result").GetInt32());
            pages.Add(reply.Json.GetProperty("transactions_list").EnumerateArray().Select(i => i.GetProperty("merchant_reference").GetString()).ToList());
        }

        Assert.Equal([2, 2, 1, 0], pages.Select(p => p.Count));
        Assert.Equal(5, pages.SelectMany(p => p).Distinct().Count());
        Assert.Equal("TRANSFER_SALES_10_100000_500300", pages[0][0]);
    }

    [Fact]
    public async Task List_OutsideTheDates_Empty()
    {
        await _wallet.TransferAsync(Vendor, "1.00", "TRANSFER_SALES_3_100000_500300");

        var reply = await _wallet.GetAsync("api/transaction?start-date=2026-02-01&end-date=2026-02-28", Vendor);

        Assert.Equal(0, reply.Json.GetProperty("nb_result").GetInt32());
        Assert.Empty(reply.Json.GetProperty("transactions_list").EnumerateArray());
    }

    [Theory]
    [InlineData("start-date=2026-01-01&end-date=2026-04-04")]
    [InlineData("start-date=2026-01-31&end-date=2026-01-01")]
    [InlineData("end-date=2026-01-31")]
    [InlineData(Range + "&nb-result-per-page=1001")]
    [InlineData(Range + "&page=0")]
    public async Task List_InvalidParameter_Code3(string query)
    {
        var reply = await _wallet.GetAsync("api/transaction?" + query);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(3, reply.Code);
    }

    [Fact]
    public async Task List_92DaysApart_Accepted()
    {
        var ok = await _wallet.GetAsync("api/transaction?start-date=2026-01-01&end-date=2026-04-03");

        Assert.Equal(0, ok.Code);
    }
}
