using System.Net;
using System.Text;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.WalletNotifications;

public sealed class WalletNotificationEndpointTests
{
    private const long VendorAccountId = 600123;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Notify_SignedAndRedelivered_IsStoredOnceAndAcknowledgedBothTimes(DatabaseProvider provider)
    {
        // Without the background dispatcher, which a store now wakes at once: this is about what the endpoint stores.
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await SeedVendorAsync(harness, "salt-one");
        await harness.WalletControl.PostSimAsync("/_sim/outbox/modes", new { duplicate = true });

        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = VendorAccountId, operation = "identification", status = "ok" });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(1));

        await using var db = harness.CreateDbContext();
        var stored = await db.Inbox.SingleAsync();
        Assert.Equal((NotificationSource.HiPayWallet, "identification", InboxOutcome.Pending), (stored.Source, stored.Kind, stored.Outcome));
        Assert.StartsWith("xml=", Encoding.UTF8.GetString(stored.RawBody), StringComparison.Ordinal);
        var outbox = await harness.WalletControl.GetSimAsync("/_sim/outbox");
        var statuses = outbox.EnumerateArray().Select(e => e.GetProperty("lastStatus").GetInt32()).ToList();
        Assert.True(statuses.Count >= 1 && statuses.All(s => s == 204), string.Join(",", statuses));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Notify_WrongSignature_Is403AndStoresNothing(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider);
        await SeedVendorAsync(harness, "salt-one");

        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = VendorAccountId, operation = "identification", status = "ok", saltOverride = "not-the-salt" });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(5));

        await using var db = harness.CreateDbContext();
        Assert.Empty(await db.Inbox.ToListAsync());
        var outbox = await harness.WalletControl.GetSimAsync("/_sim/outbox");
        Assert.Equal(403, outbox.EnumerateArray().First().GetProperty("lastStatus").GetInt32());
    }

    [Fact]
    public async Task Notify_SaltRotatedAtHiPay_IsVerifiedWithTheNewSaltWhichIsStored()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await SeedVendorAsync(harness, "salt-one");
        await harness.WalletControl.PostSimAsync($"/_sim/wallet/accounts/{VendorAccountId}", new { callbackSalt = "salt-two" });

        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = VendorAccountId, operation = "bank_info_validation", status = "ok" });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(5));

        await using var db = harness.CreateDbContext();
        Assert.Single(await db.Inbox.ToListAsync());
        Assert.Equal("salt-two", (await db.Vendors.SingleAsync()).CallbackSalt);
    }

    [Fact]
    public async Task Notify_ForTheOperatorWallet_IsVerifiedWithItsSaltFromHiPay()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);

        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = ConnectorHarness.OperatorAccountId, operation = "bank_info_validation", status = "ok" });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(5));

        await using var db = harness.CreateDbContext();
        Assert.Equal("bank_info_validation", (await db.Inbox.SingleAsync()).Kind);
    }

    [Fact]
    public async Task Post_WithoutXmlField_Is400ProblemAndTooLargeIs413()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);

        using var missing = await harness.WebClient.PostAsync("/notifications/hipay-wallet",
            new FormUrlEncodedContent([new KeyValuePair<string, string>("other", "1")]));
        using var huge = await harness.WebClient.PostAsync("/notifications/hipay-wallet",
            new StringContent("xml=" + new string('a', 70_000), Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        await using var db = harness.CreateDbContext();
        Assert.Empty(await db.Inbox.ToListAsync());
    }

    private static async Task SeedVendorAsync(ConnectorHarness harness, string salt)
    {
        await harness.WalletControl.PostSimAsync("/_sim/wallet/accounts", new
        {
            accountId = VendorAccountId,
            email = "shop-2001@example.com",
            login = "mirakl_shop_2001",
            currency = "EUR",
            callbackSalt = salt,
        });
        await using var db = harness.CreateDbContext();
        db.Vendors.Add(new Vendor
        {
            MiraklShopId = 2001,
            HiPayAccountId = VendorAccountId,
            Email = "shop-2001@example.com",
            CallbackSalt = salt,
            Country = "FRA",
        });
        await db.SaveChangesAsync();
    }
}
