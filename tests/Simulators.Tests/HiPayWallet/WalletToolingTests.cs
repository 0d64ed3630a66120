using System.Net;

namespace Simulators.Tests.HiPayWallet;

public sealed class WalletToolingTests : IAsyncLifetime
{
    private WalletTestHost _wallet = null!;

    public async Task InitializeAsync() => _wallet = await WalletTestHost.StartAsync();

    public async Task DisposeAsync() => await _wallet.DisposeAsync();

    [Fact]
    public async Task MerchantGroup_SecondPageOfTwo_ListsTheRemainingWallets()
    {
        await _wallet.SeedVendorAsync(500_700);
        await _wallet.SeedVendorAsync(500_701);

        var page = await _wallet.GetAsync("api/merchant-group/MKP-GROUP?nb_result_per_page=2&page=2");

        Assert.Equal(0, page.Code);
        Assert.Equal("MKP-GROUP", page.Json.GetProperty("merchant_group_name").GetString());
        Assert.Equal(3, page.Json.GetProperty("total_merchant").GetInt32());
        var item = Assert.Single(page.Json.GetProperty("merchants_list").EnumerateArray());
        Assert.Equal(500_701, item.GetProperty("account_id").GetInt64());
        Assert.Equal("vendor500701@shop.example", item.GetProperty("email").GetString());
        Assert.Equal("2026-01-01", item.GetProperty("creation_date").GetString());
    }

    [Fact]
    public async Task MerchantGroup_Unknown_AnswersCode7()
    {
        var reply = await _wallet.GetAsync("api/merchant-group/NOPE");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(7, reply.Code);
    }

    [Theory]
    [InlineData("FR", "iban", "swift")]
    [InlineData("US", "aba_num", "acct_num")]
    public async Task BankInfoFields_Country_ListsItsAccountFields(string country, string first, string second)
    {
        var reply = await _wallet.GetAsync($"api/tools/bank-info-fields/{country}/en_GB");

        Assert.Equal(0, reply.Code);
        Assert.Equal(country, reply.Json.GetProperty("country").GetString());
        var codes = reply.Json.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToList();
        Assert.Contains(first, codes);
        Assert.Contains(second, codes);
        Assert.All(reply.Json.GetProperty("fields").EnumerateArray(), f => Assert.False(string.IsNullOrEmpty(f.GetProperty("label").GetString())));
    }
}
