using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.VendorOnboarding;

/// <summary>The "e-mail already has a wallet" path must never link a shop to a wallet that is not its own.</summary>
public sealed partial class VendorSyncTests
{
    [Theory]
    [InlineData("operator")]
    [InlineData("technical")]
    public async Task VendorSync_ShopEmailIsAConnectorAccountEmail_RefusedAndNotLinked(string whose)
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 6, cyclesOfInvoices = 0, seed = 9 });
        var shopId = (await ShopsAsync(harness)).First(OptedIn).GetProperty("shop_id").GetInt64();
        var (email, account, key) = whose == "operator"
            ? (harness.Settings.Accounts.OperatorEmail, ConnectorHarness.OperatorAccountId, "Accounts:OperatorAccountId")
            : (harness.Settings.Accounts.TechnicalEmail, ConnectorHarness.TechnicalAccountId, "Accounts:TechnicalAccountId");
        await UpdateShopAsync(harness, new { shop_id = shopId, email });

        var (result, summary) = await SyncAsync(harness);

        Assert.Equal(JobRunOutcome.SucceededWithErrors, result.Outcome);
        Assert.Equal(1, summary.Failed);
        await using var db = harness.CreateDbContext();
        Assert.False(await db.Vendors.AnyAsync(v => v.MiraklShopId == shopId));
        Assert.False(await db.Vendors.AnyAsync(v => v.HiPayAccountId == ConnectorHarness.OperatorAccountId || v.HiPayAccountId == ConnectorHarness.TechnicalAccountId));
        var entry = await db.VendorLog.SingleAsync(l => l.MiraklShopId == shopId);
        Assert.Equal(VendorLogStatus.Critical, entry.Status);
        Assert.Null(entry.HiPayAccountId);
        Assert.Equal(WalletStatus.NotCreated, entry.WalletStatus);
        Assert.Contains($"HiPay wallet {account} found for the e-mail of shop {shopId}", entry.Message, StringComparison.Ordinal);
        Assert.Contains(key, entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("linked to the existing wallet", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VendorSync_TwoShopsWithTheSameEmail_SecondRefusedByTheUniqueIndex()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 6, cyclesOfInvoices = 0, seed = 9 });
        var optedIn = (await ShopsAsync(harness)).Where(OptedIn).OrderBy(s => s.GetProperty("shop_id").GetInt64()).ToList();
        var first = optedIn[0].GetProperty("shop_id").GetInt64();
        var second = optedIn[1].GetProperty("shop_id").GetInt64();
        var email = optedIn[0].GetProperty("contact_informations").GetProperty("email").GetString()!;
        await UpdateShopAsync(harness, new { shop_id = second, email });

        var (result, summary) = await SyncAsync(harness);

        Assert.Equal(JobRunOutcome.SucceededWithErrors, result.Outcome);
        Assert.Equal(1, summary.Failed);
        Assert.Equal(optedIn.Count - 1, summary.Onboarded);
        await using var db = harness.CreateDbContext();
        var owner = await db.Vendors.SingleAsync(v => v.MiraklShopId == first);
        Assert.False(await db.Vendors.AnyAsync(v => v.MiraklShopId == second));
        Assert.Equal(1, await db.Vendors.CountAsync(v => v.HiPayAccountId == owner.HiPayAccountId));
        var entry = await db.VendorLog.SingleAsync(l => l.MiraklShopId == second);
        Assert.Equal(VendorLogStatus.Critical, entry.Status);
        Assert.Null(entry.HiPayAccountId);
        Assert.Equal(WalletStatus.NotCreated, entry.WalletStatus);
        Assert.Contains($"HiPay wallet {owner.HiPayAccountId} found for the e-mail of shop {second} is already linked to shop {first}", entry.Message, StringComparison.Ordinal);
        var books = await harness.WalletControl.GetSimAsync("/_sim/wallet/books");
        Assert.Single(books.GetProperty("accounts").EnumerateArray(), a => string.Equals(a.GetProperty("email").GetString(), email, StringComparison.OrdinalIgnoreCase));
    }
}
