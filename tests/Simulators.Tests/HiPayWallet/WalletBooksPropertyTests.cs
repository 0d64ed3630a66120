using System.Globalization;
using System.Text.Json;

namespace Simulators.Tests.HiPayWallet;

public sealed class WalletBooksPropertyTests : IAsyncLifetime
{
    private static readonly long[] Vendors = [500_500, 500_501, 500_502, 500_503];
    private WalletTestHost _wallet = null!;

    public async Task InitializeAsync()
    {
        _wallet = await WalletTestHost.StartAsync();
        foreach (var vendor in Vendors)
        {
            await _wallet.SeedVendorAsync(vendor);
        }
    }

    public async Task DisposeAsync() => await _wallet.DisposeAsync();

    private static string Amount(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static void AssertBalanced(JsonElement books)
    {
        var balances = books.GetProperty("accounts").EnumerateArray().Sum(a => a.GetProperty("balance").GetInt64());
        var withdrawn = books.GetProperty("transactions").EnumerateArray()
            .Where(t => t.GetProperty("kind").GetString() == "Withdrawal" && t.GetProperty("status").GetString() != "CANCELLED_END")
            .Sum(t => t.GetProperty("amount").GetInt64());
        Assert.Equal(books.GetProperty("totalFunded").GetInt64(), balances + withdrawn);
        Assert.Equal(withdrawn, books.GetProperty("totalWithdrawn").GetInt64());
        Assert.True(books.GetProperty("balanced").GetBoolean());
        Assert.All(books.GetProperty("accounts").EnumerateArray(), a => Assert.True(a.GetProperty("balance").GetInt64() >= 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2026)]
    public async Task Books_RandomTransfersWithdrawalsAndReplays_StayBalanced(int seed)
    {
        var random = new Random(seed);
        var funded = 0L;
        var sentIds = new List<(string MerchantId, long Vendor, bool Withdrawal)>();
        for (var step = 0; step < 60; step++)
        {
            var vendor = Vendors[random.Next(Vendors.Length)];
            switch (random.Next(7))
            {
                case 0:
                    var credit = random.Next(1, 50_000);
                    await _wallet.CreditTechnicalAsync(Amount(credit));
                    funded += credit;
                    break;
                case 1 or 2:
                    var transferId = "TRANSFER_" + step.ToString(CultureInfo.InvariantCulture);
                    var transfer = await _wallet.TransferAsync(vendor, Amount(random.Next(1, 20_000)), transferId);
                    Assert.True(transfer.Code is 0 or 13, $"transfer answered code {transfer.Code}");
                    if (transfer.Code == 0)
                    {
                        sentIds.Add((transferId, vendor, false));
                    }

                    break;
                case 3:
                    var withdrawalId = "WITHDRAWAL_" + step.ToString(CultureInfo.InvariantCulture);
                    var withdrawal = await _wallet.WithdrawAsync(vendor, Amount(random.Next(1, 10_000)), withdrawalId);
                    Assert.True(withdrawal.Code is 0 or 13, $"withdrawal answered code {withdrawal.Code}");
                    if (withdrawal.Code == 0)
                    {
                        sentIds.Add((withdrawalId, vendor, true));
                    }

                    break;
                case 4 when sentIds.Count > 0:
                    // Replays of an accepted merchant_unique_id never move money again.
                    var (merchantId, target, isWithdrawal) = sentIds[random.Next(sentIds.Count)];
                    var before = await _wallet.BooksAsync();
                    var replay = isWithdrawal ? await _wallet.WithdrawAsync(target, "1.00", merchantId) : await _wallet.TransferAsync(target, "1.00", merchantId);
                    var after = await _wallet.BooksAsync();
                    Assert.Equal(0, replay.Code);
                    Assert.Equal(before.GetProperty("accounts").GetRawText(), after.GetProperty("accounts").GetRawText());
                    break;
                case 5:
                    await _wallet.ControlAsync("_sim/wallet/switches", new { withdrawalNok = random.Next(2) == 0, captureNok = random.Next(4) == 0 });
                    break;
                default:
                    await _wallet.AdvanceAsync(random.Next(0, 200));
                    break;
            }

            AssertBalanced(await _wallet.BooksAsync());
        }

        await _wallet.AdvanceAsync(3_600);
        var books = await _wallet.BooksAsync();
        AssertBalanced(books);
        Assert.Equal(funded, books.GetProperty("totalFunded").GetInt64());
        Assert.DoesNotContain(books.GetProperty("transactions").EnumerateArray(), t => t.GetProperty("status").GetString() == "AUTHED");
        foreach (var vendor in Vendors)
        {
            var api = await _wallet.GetAsync("api/user-account/balance", vendor);
            Assert.Equal(Amount(WalletTestHost.BalanceOf(books, vendor)), api.Json.GetProperty("balances")[0].GetProperty("balance").GetString());
        }
    }
}
