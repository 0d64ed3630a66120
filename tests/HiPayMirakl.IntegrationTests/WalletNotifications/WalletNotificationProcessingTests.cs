using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Features.WalletNotifications;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HiPayMirakl.IntegrationTests.WalletNotifications;

/// <summary>Outcomes of stored wallet notifications: our vendor rows, our logs and the simulated Mirakl shop.</summary>
public sealed class WalletNotificationProcessingTests
{
    private const long ShopId = 2001;
    private const long AccountId = 600200;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BankInfoValidationOk_UnblocksPaymentsHereAndInMirakl(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await SeedAsync(harness, paymentBlocked: true);

        await NotifyAndProcessAsync(harness, "bank_info_validation", "ok");

        await using var db = harness.CreateDbContext();
        var vendor = await db.Vendors.SingleAsync();
        Assert.False(vendor.PaymentBlocked);
        Assert.Equal(BankInfoStatus.Validated, vendor.BankInfoStatus);
        Assert.Equal(InboxOutcome.Applied, (await db.Inbox.SingleAsync()).Outcome);
        var shop = await MiraklShopAsync(harness);
        Assert.False(shop.GetProperty("payment_details").GetProperty("payment_blocked").GetBoolean());
        Assert.Equal("APPROVED", shop.GetProperty("kyc").GetProperty("status").GetString());
    }

    [Fact]
    public async Task BankInfoValidationNok_RefusesKycAndSuspendsTheShop()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await SeedAsync(harness, paymentBlocked: true);

        await NotifyAndProcessAsync(harness, "bank_info_validation", "nok");

        var shop = await MiraklShopAsync(harness);
        Assert.Equal("REFUSED", shop.GetProperty("kyc").GetProperty("status").GetString());
        Assert.Equal("SUSPENDED", shop.GetProperty("shop_state").GetString());
        await using var db = harness.CreateDbContext();
        var vendor = await db.Vendors.SingleAsync();
        Assert.True(vendor.PaymentBlocked);
        Assert.Equal(VendorLogStatus.Critical, (await db.VendorLog.SingleAsync()).Status);
    }

    [Fact]
    public async Task Identification_OkThenDuplicate_SetsIdentifiedOnceAndLogsOnce()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await SeedAsync(harness, paymentBlocked: false);
        await harness.WalletControl.PostSimAsync("/_sim/outbox/modes", new { duplicate = true });

        await NotifyAndProcessAsync(harness, "identification", "ok");

        await using var db = harness.CreateDbContext();
        Assert.True((await db.Vendors.SingleAsync()).Identified);
        var log = await db.VendorLog.SingleAsync();
        Assert.Equal(WalletStatus.Identified, log.WalletStatus);
        Assert.Single(await db.Inbox.ToListAsync());
    }

    [Fact]
    public async Task NotificationsForOperatorAndUnknownOperations_AreIgnoredNotFailed()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await SeedAsync(harness, paymentBlocked: false);

        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = ConnectorHarness.OperatorAccountId, operation = "bank_info_validation", status = "ok" });
        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = AccountId, operation = "mystery_operation", status = "ok" });
        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = AccountId, operation = "document_validation", status = "nok", documentType = 4, documentTypeLabel = "Proof of address", message = "Incoherence : error with address" });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(5));
        await ProcessAsync(harness);

        await using var db = harness.CreateDbContext();
        var rows = await db.Inbox.OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(3, rows.Count);
        Assert.DoesNotContain(rows, r => r.Outcome is InboxOutcome.Failed or InboxOutcome.Pending);
        Assert.Equal(InboxOutcome.Ignored, rows.Single(r => r.Kind == "mystery_operation").Outcome);
        Assert.Contains("Incoherence", (await db.VendorLog.SingleAsync()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BankInfoValidation_MiraklDown_FailsThenSucceedsOnRetry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await StartAsync(DatabaseProvider.Sqlite, clock);
        await SeedAsync(harness, paymentBlocked: true);
        await harness.MiraklControl.PostSimAsync("/_sim/faults", new { kind = "Status", method = "PUT", pathRegex = "^/api/shops$", statusCode = 500, count = 1 });

        await NotifyAndProcessAsync(harness, "bank_info_validation", "ok");
        await using (var db = harness.CreateDbContext())
        {
            var row = await db.Inbox.SingleAsync();
            Assert.Equal(InboxOutcome.Failed, row.Outcome);
            Assert.True((await db.Vendors.SingleAsync()).PaymentBlocked);
        }

        await ProcessAsync(harness);
        await using (var db = harness.CreateDbContext())
        {
            // Backing off: not retried before its next attempt is due.
            Assert.Equal(InboxOutcome.Failed, (await db.Inbox.SingleAsync()).Outcome);
        }

        clock.Advance(harness.Settings.Inbox.RetryBaseDelay);
        await ProcessAsync(harness);

        await using var check = harness.CreateDbContext();
        Assert.Equal(InboxOutcome.Applied, (await check.Inbox.SingleAsync()).Outcome);
        Assert.False((await check.Vendors.SingleAsync()).PaymentBlocked);
    }

    /// <param name="dispatcherClock">The inbox dispatcher's clock (retry backoff), when the test moves time itself.</param>
    private static Task<ConnectorHarness> StartAsync(DatabaseProvider provider, TimeProvider? dispatcherClock = null) =>
        ConnectorHarness.StartAsync(provider, processInbox: false, services: dispatcherClock is null ? null : s => s.AddSingleton(sp => new InboxDispatcher(
            sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<InboxOptions>(), dispatcherClock, sp.GetRequiredService<ILogger<InboxDispatcher>>())));

    private static async Task NotifyAndProcessAsync(ConnectorHarness harness, string operation, string status)
    {
        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = AccountId, operation, status });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(5));
        await ProcessAsync(harness);
    }

    private static Task<int> ProcessAsync(ConnectorHarness harness) => harness.DrainInboxAsync();

    private static async Task<System.Text.Json.JsonElement> MiraklShopAsync(ConnectorHarness harness)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/shops?shop_ids={ShopId}");
        request.Headers.TryAddWithoutValidation("Authorization", ConnectorHarness.OperatorKey);
        using var response = await harness.MiraklControl.SendAsync(request);
        var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return json.GetProperty("shops")[0].Clone();
    }

    private static async Task SeedAsync(ConnectorHarness harness, bool paymentBlocked)
    {
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 1, cyclesOfInvoices = 0, seed = 3 });
        await harness.WalletControl.PostSimAsync("/_sim/wallet/accounts", new { accountId = AccountId, email = "shop@example.com", currency = "EUR", callbackSalt = "the-salt" });
        await using var db = harness.CreateDbContext();
        db.Vendors.Add(new Vendor
        {
            MiraklShopId = ShopId,
            HiPayAccountId = AccountId,
            Email = "shop@example.com",
            CallbackSalt = "the-salt",
            PaymentBlocked = paymentBlocked,
            BankInfoStatus = BankInfoStatus.ToValidate,
        });
        await db.SaveChangesAsync();
    }
}
