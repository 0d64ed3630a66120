using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Access;

public sealed class AdminApiTests
{
    private static readonly DateTimeOffset CycleA = new(2026, 11, 1, 0, 1, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset CycleB = new(2026, 11, 16, 0, 1, 0, TimeSpan.FromHours(1));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Legs_FiltersAndPaging_MatchTheRows(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var ids = await SeedLegsAsync(harness);
        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);

        var failed = await GetAsync(viewer, "/api/legs?status=transferfailed");
        var shopEur = await GetAsync(viewer, "/api/legs?shop=11&currency=eur");
        var cycleA = await GetAsync(viewer, "/api/legs?cycleDate=2026-11-01");
        var page2 = await GetAsync(viewer, "/api/legs?page=2&pageSize=2");
        using var badStatus = await viewer.GetAsync("/api/legs?status=Paid");
        using var badSize = await viewer.GetAsync("/api/legs?pageSize=0");
        using var badCycle = await viewer.GetAsync("/api/legs?cycleDate=November");

        Assert.Equal(2, failed.GetProperty("total").GetInt32());
        Assert.All(Items(failed), l => Assert.Equal("TransferFailed", l.GetProperty("status").GetString()));
        Assert.Equal(3, shopEur.GetProperty("total").GetInt32());
        Assert.All(Items(shopEur), l => Assert.Equal((11, "EUR"), (l.GetProperty("miraklShopId").GetInt64(), l.GetProperty("currency").GetString())));
        Assert.Equal(5, cycleA.GetProperty("total").GetInt32());
        Assert.Equal(7, page2.GetProperty("total").GetInt32());
        Assert.Equal((2, 2), (page2.GetProperty("pageNumber").GetInt32(), page2.GetProperty("pageSize").GetInt32()));
        Assert.Equal(ids.Order().Skip(2).Take(2), Items(page2).Select(l => l.GetProperty("id").GetInt64()));
        Assert.Equal(2500, Items(shopEur).First().GetProperty("amountMinor").GetInt64());
        Assert.Equal("status", await FieldAsync(badStatus));
        Assert.Equal("pageSize", await FieldAsync(badSize));
        Assert.Equal("cycleDate", await FieldAsync(badCycle));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Vendors_ListFilterAndOne_NeverShowTheCallbackSalt(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await SeedLegsAsync(harness);
        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);

        var all = await GetAsync(viewer, "/api/vendors");
        var french = await GetAsync(viewer, "/api/vendors?country=fr");
        var id = Items(french).Single().GetProperty("id").GetInt64();
        using var one = await viewer.GetAsync($"/api/vendors/{id}");
        var text = await one.Content.ReadAsStringAsync();
        using var missing = await viewer.GetAsync("/api/vendors/424242");

        Assert.Equal(2, all.GetProperty("total").GetInt32());
        Assert.Equal(11, Items(french).Single().GetProperty("miraklShopId").GetInt64());
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.DoesNotContain("salt-of-shop", text, StringComparison.Ordinal);
        Assert.DoesNotContain("salt-of-shop", all.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Leg_HoldAndReleaseThroughTheApi_RecordedWithTheCallerAndReason(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var legId = (await SeedLegsAsync(harness))[0];
        var operatorClient = await harness.ClientAsync(ConnectorRoles.Operator);

        using var hold = await operatorClient.PostAsJsonAsync($"/api/legs/{legId}/hold", new { reason = "amount disputed by the seller" });
        var held = await StatusAsync(harness, legId);
        using var again = await operatorClient.PostAsJsonAsync($"/api/legs/{legId}/hold", new { reason = "twice" });
        using var release = await operatorClient.PostAsJsonAsync($"/api/legs/{legId}/release", new { reason = "seller agreed" });
        var details = await GetAsync(await harness.ClientAsync(ConnectorRoles.Viewer), $"/api/legs/{legId}");

        Assert.Equal(HttpStatusCode.OK, hold.StatusCode);
        Assert.Equal(LegStatus.TransferHeld, held);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.True(release.StatusCode == HttpStatusCode.OK, await release.Content.ReadAsStringAsync());
        Assert.NotEqual(LegStatus.TransferHeld, await StatusAsync(harness, legId));

        await using var db = harness.CreateDbContext();
        var log = await db.LegLog.AsNoTracking().Where(e => e.LegId == legId).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["apikey:tests-operator"], log.Select(e => e.Actor).Distinct());
        Assert.Equal(LegStatus.TransferHeld, log[0].ToStatus);
        Assert.Contains("amount disputed by the seller", log[0].Message, StringComparison.Ordinal);
        Assert.Contains("seller agreed", log[^1].Message, StringComparison.Ordinal);
        Assert.Equal(log.Count, details.GetProperty("log").GetArrayLength());
        Assert.Equal(log.Select(e => e.Id), details.GetProperty("log").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RejectedRequests_ForbiddenOrInvalid_LeaveNoRow(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var legId = (await SeedLegsAsync(harness))[0];
        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);
        var operatorClient = await harness.ClientAsync(ConnectorRoles.Operator);
        var admin = await harness.ClientAsync(ConnectorRoles.Admin);
        int keysBefore;
        await using (var db = harness.CreateDbContext())
        {
            keysBefore = await db.ApiKeys.CountAsync();
        }

        var answers = new Dictionary<string, HttpStatusCode>();
        async Task PostAsync(string label, HttpClient client, string path, object body)
        {
            using var response = await client.PostAsJsonAsync(path, body);
            answers[label] = response.StatusCode;
        }

        await PostAsync("viewer holds", viewer, $"/api/legs/{legId}/hold", new { reason = "not allowed" });
        await PostAsync("hold without reason", operatorClient, $"/api/legs/{legId}/hold", new { reason = "  " });
        await PostAsync("viewer adds a user", viewer, "/api/users", new { email = "x@example.test", password = "a long enough passphrase", role = "admin" });
        await PostAsync("operator adds a user", operatorClient, "/api/users", new { email = "x@example.test", password = "a long enough passphrase", role = "admin" });
        await PostAsync("weak password", admin, "/api/users", new { email = "x@example.test", password = "short", role = "viewer" });
        await PostAsync("unknown role", admin, "/api/users", new { email = "x@example.test", password = "a long enough passphrase", role = "root" });
        await PostAsync("not an e-mail", admin, "/api/users", new { email = "x", password = "a long enough passphrase", role = "viewer" });
        await PostAsync("operator creates a key", operatorClient, "/api/api-keys", new { name = "k", role = "admin" });
        await PostAsync("key with unknown role", admin, "/api/api-keys", new { name = "k", role = "root" });
        await PostAsync("key without name", admin, "/api/api-keys", new { name = "", role = "viewer" });
        await PostAsync("viewer creates a mandate", viewer, "/api/sdd/mandates", new { iban = "DE89370400440532013000", firstName = "J", lastName = "D", amount = "10.00" });

        Assert.Equal(
            new Dictionary<string, HttpStatusCode>
            {
                ["viewer holds"] = HttpStatusCode.Forbidden,
                ["hold without reason"] = HttpStatusCode.BadRequest,
                ["viewer adds a user"] = HttpStatusCode.Forbidden,
                ["operator adds a user"] = HttpStatusCode.Forbidden,
                ["weak password"] = HttpStatusCode.BadRequest,
                ["unknown role"] = HttpStatusCode.BadRequest,
                ["not an e-mail"] = HttpStatusCode.BadRequest,
                ["operator creates a key"] = HttpStatusCode.Forbidden,
                ["key with unknown role"] = HttpStatusCode.BadRequest,
                ["key without name"] = HttpStatusCode.BadRequest,
                ["viewer creates a mandate"] = HttpStatusCode.Forbidden,
            },
            answers);
        await using var check = harness.CreateDbContext();
        Assert.Equal(LegStatus.Created, (await check.Legs.SingleAsync(l => l.Id == legId)).Status);
        Assert.Equal(0, await check.LegLog.CountAsync());
        Assert.Equal(0, await check.Users.CountAsync());
        Assert.Equal(0, await check.Set<IdentityUserRole<long>>().CountAsync());
        Assert.Equal(keysBefore, await check.ApiKeys.CountAsync());
        Assert.Equal(0, await check.Mandates.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Users_AddedByAdmin_SignInWithTheirRole_RoleChangeEndsTheSession(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var admin = await harness.ClientAsync(ConnectorRoles.Admin);

        using var add = await admin.PostAsJsonAsync("/api/users", new { email = "vera@example.test", password = "a long enough passphrase", role = "viewer" });
        var id = JsonDocument.Parse(await add.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var browser = harness.NewClient();
        using var login = await browser.PostAsJsonAsync("/account/login", new { email = "vera@example.test", password = "a long enough passphrase" });
        using var hold = await browser.PostAsJsonAsync("/api/legs/1/hold", new { reason = "x" });
        using var promote = await admin.PutAsJsonAsync($"/api/users/{id}/role", new { role = "operator" });
        using var stale = await browser.GetAsync("/api/legs");
        var list = await GetAsync(admin, "/api/users?pageSize=10");

        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, hold.StatusCode);
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        var user = Items(list).Single();
        Assert.Equal(("vera@example.test", "operator"), (user.GetProperty("email").GetString(), user.GetProperty("role").GetString()));
        Assert.DoesNotContain("passwordHash", list.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Inbox_DeadLetterListedAndReplayedByAnOperatorOnly(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        long dead, applied;
        await using (var db = harness.CreateDbContext())
        {
            var deadRow = Inbox("dead-1", InboxOutcome.DeadLetter);
            var appliedRow = Inbox("applied-1", InboxOutcome.Applied);
            db.Inbox.AddRange(deadRow, appliedRow);
            await db.SaveChangesAsync();
            (dead, applied) = (deadRow.Id, appliedRow.Id);
        }

        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);
        var operatorClient = await harness.ClientAsync(ConnectorRoles.Operator);
        var deadList = await GetAsync(viewer, "/api/inbox/dead");
        var filtered = await GetAsync(viewer, "/api/inbox?dead=true");
        var everything = await GetAsync(viewer, "/api/inbox");
        using var byViewer = await viewer.PostAsync($"/api/inbox/{dead}/replay", null);
        var stillDead = await OutcomeAsync(harness, dead);
        using var replay = await operatorClient.PostAsync($"/api/inbox/{dead}/replay", null);
        using var replayApplied = await operatorClient.PostAsync($"/api/inbox/{applied}/replay", null);
        using var replayMissing = await operatorClient.PostAsync("/api/inbox/999999/replay", null);

        Assert.Equal([dead], Items(deadList).Select(m => m.GetProperty("id").GetInt64()));
        Assert.Equal([dead], Items(filtered).Select(m => m.GetProperty("id").GetInt64()));
        Assert.Equal(2, everything.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(InboxOutcome.DeadLetter, stillDead);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(InboxOutcome.Pending, await OutcomeAsync(harness, dead));
        Assert.Equal(HttpStatusCode.Conflict, replayApplied.StatusCode);
        Assert.Equal(InboxOutcome.Applied, await OutcomeAsync(harness, applied));
        Assert.Equal(HttpStatusCode.NotFound, replayMissing.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Batches_NewestFirst_FilteredByNameAndStatus(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await using (var db = harness.CreateDbContext())
        {
            var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
            db.Batches.AddRange(
                new Batch { Name = "cashout:transfer", Status = BatchStatus.Succeeded, StartedAt = start, ItemsProcessed = 4 },
                new Batch { Name = "cashout:withdraw", Status = BatchStatus.Failed, StartedAt = start.AddHours(1), Error = "boom" },
                new Batch { Name = "cashout:transfer", Status = BatchStatus.Failed, StartedAt = start.AddHours(2) });
            await db.SaveChangesAsync();
        }

        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);
        var all = await GetAsync(viewer, "/api/batches");
        var transfers = await GetAsync(viewer, "/api/batches?name=cashout:transfer");
        var failedTransfers = await GetAsync(viewer, "/api/batches?name=cashout:transfer&status=failed");

        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var ids = Items(all).Select(b => b.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(2, transfers.GetProperty("total").GetInt32());
        Assert.Equal("Failed", Items(failedTransfers).Single().GetProperty("status").GetString());
        Assert.Equal(ids[0], Items(failedTransfers).Single().GetProperty("id").GetInt64());
    }

    /// <summary>Two vendors and seven legs: shop 11 (FR) 3 EUR Created + 2 GBP TransferFailed in cycle A; shop 12 (DE) 2 EUR in cycle B.</summary>
    private static async Task<List<long>> SeedLegsAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        var fr = new Vendor { MiraklShopId = 11, Email = "fr@example.test", Country = "FR", CallbackSalt = "salt-of-shop-11", HiPayAccountId = 5011 };
        var de = new Vendor { MiraklShopId = 12, Email = "de@example.test", Country = "DE", CallbackSalt = "salt-of-shop-12", HiPayAccountId = 5012 };
        db.Vendors.AddRange(fr, de);
        await db.SaveChangesAsync();
        var legs = new List<Leg>();
        Leg Add(Vendor vendor, string currency, DateTimeOffset cycle, long amount)
        {
            var n = legs.Count + 1;
            var leg = new Leg
            {
                Kind = LegKind.SellerPayout,
                InvoiceId = "INV-" + n,
                MiraklShopId = vendor.MiraklShopId,
                VendorId = vendor.Id,
                BeneficiaryAccountId = vendor.HiPayAccountId,
                AmountMinor = amount,
                OriginAmountMinor = amount,
                Currency = currency,
                CycleDate = cycle.ToUniversalTime(),
                MerchantUniqueId = $"SALES_INV-{n}_{vendor.MiraklShopId}",
            };
            legs.Add(leg);
            return leg;
        }

        for (var i = 0; i < 3; i++)
        {
            Add(fr, "EUR", CycleA, 2500 + i);
        }

        Add(fr, "GBP", CycleA, 1000);
        Add(fr, "GBP", CycleA, 1001);
        Add(de, "EUR", CycleB, 700);
        Add(de, "EUR", CycleB, 701);
        db.Legs.AddRange(legs);
        await db.SaveChangesAsync();
        var gbp = legs.Where(l => l.Currency == "GBP").Select(l => l.Id).ToList();
        await db.Legs.Where(l => gbp.Contains(l.Id)).ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, LegStatus.TransferFailed));
        return [.. legs.Select(l => l.Id)];
    }

    private static InboxMessage Inbox(string key, InboxOutcome outcome) => new()
    {
        Source = NotificationSource.HiPayWallet,
        DedupeKey = key,
        RawBody = [1, 2, 3],
        ContentType = "application/x-www-form-urlencoded",
        Kind = "transfer",
        Reference = key,
        ReceivedAt = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero),
        Outcome = outcome,
        Attempts = outcome == InboxOutcome.DeadLetter ? 8 : 1,
    };

    private static async Task<LegStatus> StatusAsync(ConnectorHarness harness, long legId)
    {
        await using var db = harness.CreateDbContext();
        return (await db.Legs.AsNoTracking().SingleAsync(l => l.Id == legId)).Status;
    }

    private static async Task<InboxOutcome> OutcomeAsync(ConnectorHarness harness, long id)
    {
        await using var db = harness.CreateDbContext();
        return (await db.Inbox.AsNoTracking().SingleAsync(m => m.Id == id)).Outcome;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private static async Task<string?> FieldAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("field").GetString();
    }
}
