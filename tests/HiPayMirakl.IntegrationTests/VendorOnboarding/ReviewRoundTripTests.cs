using System.Text.Json;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.Core.Features.WalletNotifications;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.VendorOnboarding;

/// <summary>
/// Sync → HiPay reviews the KYC documents and bank details on the simulator's clock → signed notifications → our
/// vendors and the Mirakl shops end in the state HiPay holds.
/// </summary>
public sealed class ReviewRoundTripTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Review_AfterSync_FlipsIdentifiedAndPaymentBlockedHereAndInMirakl(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 16, cyclesOfInvoices = 0, seed = 11 });
        var result = await harness.Services.GetRequiredService<JobRunner>().RunAsync(VendorSyncJob.JobName, null, async (job, ct) =>
        {
            await using var scope = harness.CreateScope();
            await scope.ServiceProvider.GetRequiredService<VendorSyncJob>().RunAsync(job, null, ct);
        }, CancellationToken.None);
        Assert.Equal(JobRunOutcome.Succeeded, result.Outcome);
        await using (var before = harness.CreateDbContext())
        {
            Assert.All(await before.Vendors.Where(v => v.BankInfoStatus == BankInfoStatus.ToValidate).ToListAsync(), v => Assert.True(v.PaymentBlocked));
        }

        for (var i = 0; i < 30; i++)
        {
            await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(5));
        }

        await harness.DrainInboxAsync();

        var books = await harness.WalletControl.GetSimAsync("/_sim/wallet/books");
        var accounts = books.GetProperty("accounts").EnumerateArray().ToDictionary(a => a.GetProperty("accountId").GetInt64());
        var shops = await MiraklShopsAsync(harness);
        await using var db = harness.CreateDbContext();
        var vendors = await db.Vendors.Where(v => v.Enabled && v.HiPayAccountId != null).ToListAsync();
        Assert.NotEmpty(vendors);
        Assert.Contains(vendors, v => v.Identified);
        Assert.Contains(vendors, v => v.BankInfoStatus == BankInfoStatus.Validated && !v.PaymentBlocked);
        foreach (var vendor in vendors)
        {
            var account = accounts[vendor.HiPayAccountId!.Value];
            Assert.Equal(account.GetProperty("identified").GetInt32() == 1, vendor.Identified);
            var bankStatus = account.GetProperty("bankStatus").GetInt32();
            Assert.Equal(bankStatus == 3, vendor.BankInfoStatus == BankInfoStatus.Validated);
            if (bankStatus != 1)
            {
                // Registered details: blocked while HiPay reviews them, unblocked once validated.
                Assert.Equal(bankStatus != 3, vendor.PaymentBlocked);
            }

            Assert.Equal(vendor.PaymentBlocked, shops[vendor.MiraklShopId].GetProperty("payment_details").GetProperty("payment_blocked").GetBoolean());
        }

        Assert.DoesNotContain(await db.Inbox.ToListAsync(), m => m.Outcome is InboxOutcome.Failed or InboxOutcome.Pending);
    }

    private static async Task<Dictionary<long, JsonElement>> MiraklShopsAsync(ConnectorHarness harness)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/shops?paginate=false");
        request.Headers.TryAddWithoutValidation("Authorization", ConnectorHarness.OperatorKey);
        using var response = await harness.MiraklControl.SendAsync(request);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return root.GetProperty("shops").EnumerateArray().ToDictionary(s => s.GetProperty("shop_id").GetInt64(), s => s.Clone());
    }
}
