using System.Net;
using System.Text;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Features.WalletNotifications;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.WalletNotifications;

/// <summary>Hostile and out-of-order deliveries posted straight to the endpoint, signed as HiPay signs them.</summary>
public sealed class WalletNotificationDeliveryTests
{
    private const long AccountId = 600300;
    private const string Salt = "delivery-salt";

    [Fact]
    public async Task Post_TruncatedXml_Is400AndStoresNothing()
    {
        await using var harness = await StartAsync();
        var xml = Notification("identification", "ok", new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero));

        using var response = await PostAsync(harness, xml[..(xml.Length / 2)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertInboxCountAsync(harness, 0);
    }

    [Fact]
    public async Task Post_EntityExpansion_Is400AndStoresNothing()
    {
        await using var harness = await StartAsync();
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <notification><md5content>x</md5content><result><operation>identification</operation><status>ok</status>
            <date>2026-01-01</date><time>10:00:00 UTC+0000</time><account_id>600300</account_id><message>&lol2;</message></result></notification>
            """;

        using var response = await PostAsync(harness, bomb);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertInboxCountAsync(harness, 0);
    }

    [Fact]
    public async Task Post_SignedWithAnotherSalt_Is403AndStoresNothing()
    {
        await using var harness = await StartAsync();
        var forged = WalletNotificationSignature.WithSignature(Notification("identification", "ok", new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero)), "guessed");

        using var response = await PostAsync(harness, forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertInboxCountAsync(harness, 0);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Deliveries_DuplicatedOrReversed_EndInTheSameStateAsInOrder(bool reversed, bool duplicated)
    {
        await using var harness = await StartAsync();
        var t0 = new DateTimeOffset(2026, 1, 2, 9, 0, 0, TimeSpan.Zero);
        // In HiPay's order: bank details refused, then accepted; identification refused, then granted.
        var sequence = new List<string>
        {
            Signed(Notification("bank_info_validation", "nok", t0)),
            Signed(Notification("identification", "nok", t0.AddMinutes(1))),
            Signed(Notification("bank_info_validation", "ok", t0.AddHours(1))),
            Signed(Notification("identification", "ok", t0.AddHours(2))),
        };
        if (reversed)
        {
            sequence.Reverse();
        }

        foreach (var xml in duplicated ? sequence.SelectMany(x => new[] { x, x }) : sequence)
        {
            using var response = await PostAsync(harness, xml);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            await ProcessAsync(harness);
        }

        await using var db = harness.CreateDbContext();
        var vendor = await db.Vendors.SingleAsync();
        Assert.True(vendor.Identified);
        Assert.False(vendor.PaymentBlocked);
        Assert.Equal(BankInfoStatus.Validated, vendor.BankInfoStatus);
        Assert.Equal(4, await db.Inbox.CountAsync());
        Assert.DoesNotContain(await db.Inbox.ToListAsync(), m => m.Outcome is InboxOutcome.Failed or InboxOutcome.Pending);
    }

    private static async Task<ConnectorHarness> StartAsync()
    {
        var harness = await ConnectorHarness.StartAsync(Core.Persistence.DatabaseProvider.Sqlite, processInbox: false);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 1, cyclesOfInvoices = 0, seed = 5 });
        await harness.WalletControl.PostSimAsync("/_sim/wallet/accounts", new { accountId = AccountId, email = "s@example.com", currency = "EUR", callbackSalt = Salt });
        await using var db = harness.CreateDbContext();
        db.Vendors.Add(new Vendor { MiraklShopId = 2001, HiPayAccountId = AccountId, Email = "s@example.com", CallbackSalt = Salt, PaymentBlocked = true, BankInfoStatus = BankInfoStatus.ToValidate });
        await db.SaveChangesAsync();
        return harness;
    }

    private static string Notification(string operation, string status, DateTimeOffset at) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <notification>
            <md5content>0</md5content>
            <result>
                <operation>{operation}</operation>
                <status>{status}</status>
                <date>{at:yyyy-MM-dd}</date>
                <time>{at:HH:mm:ss} UTC+0000</time>
                <account_id>{AccountId}</account_id>
            </result>
        </notification>
        """;

    private static string Signed(string xml) => WalletNotificationSignature.WithSignature(xml, Salt);

    private static Task<HttpResponseMessage> PostAsync(ConnectorHarness harness, string xml) =>
        harness.WebClient.PostAsync("/notifications/hipay-wallet",
            new StringContent("xml=" + Uri.EscapeDataString(xml), Encoding.UTF8, "application/x-www-form-urlencoded"));

    private static Task<int> ProcessAsync(ConnectorHarness harness) => harness.DrainInboxAsync();

    private static async Task AssertInboxCountAsync(ConnectorHarness harness, int expected)
    {
        await using var db = harness.CreateDbContext();
        Assert.Equal(expected, await db.Inbox.CountAsync());
    }
}
