using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace HiPayMirakl.IntegrationTests.Persistence;

/// <summary>The unique indexes are what stop money moving twice: prove them on both providers.</summary>
public sealed class UniquenessTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 11, 0, 1, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Legs_SameInvoiceAndKind_SecondInsertFails(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using (var db = database.CreateContext())
        {
            db.Legs.Add(NewLeg("INV-1", LegKind.SellerPayout, "SALES_INV-1_7_500100"));
            db.Legs.Add(NewLeg("INV-1", LegKind.OperatorCommission, "COMMISSION_INV-1_7_500100"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            db.Legs.Add(NewLeg("INV-1", LegKind.SellerPayout, "SALES_INV-1_7_500999"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(1, await db.Legs.CountAsync(l => l.InvoiceId == "INV-1" && l.Kind == LegKind.SellerPayout));
            Assert.Equal(2, await db.Legs.CountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Legs_SameMerchantUniqueId_SecondInsertFails(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using (var db = database.CreateContext())
        {
            db.Legs.Add(NewLeg("INV-2", LegKind.SellerPayout, "SALES_X"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            db.Legs.Add(NewLeg("INV-3", LegKind.SellerPayout, "SALES_X"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Inbox_SameSourceAndDedupeKey_SecondInsertFails(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using (var db = database.CreateContext())
        {
            db.Inbox.Add(NewMessage(NotificationSource.HiPayWallet, "capture|ok|abc"));
            db.Inbox.Add(NewMessage(NotificationSource.HiPayEnterprise, "capture|ok|abc"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            db.Inbox.Add(NewMessage(NotificationSource.HiPayWallet, "capture|ok|abc"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Equal(2, await database.CreateContext().Inbox.CountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Legs_ConcurrentUpdates_SecondWriterGetsConcurrencyException(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        long id;
        await using (var db = database.CreateContext())
        {
            var leg = NewLeg("INV-4", LegKind.SellerPayout, "SALES_INV-4");
            db.Legs.Add(leg);
            await db.SaveChangesAsync();
            id = leg.Id;
        }

        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        var a = await first.Legs.SingleAsync(l => l.Id == id);
        var b = await second.Legs.SingleAsync(l => l.Id == id);
        a.TransitionTo(LegStatus.TransferRequested, Start);
        await first.SaveChangesAsync();
        b.TransitionTo(LegStatus.TransferUnknown, Start);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = database.CreateContext();
        var stored = await check.Legs.SingleAsync(l => l.Id == id);
        Assert.Equal(LegStatus.TransferRequested, stored.Status);
        Assert.Equal(1, stored.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Timestamps_StoredInUtc_CompareAndOrderInQueries(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new FakeTimeProvider(Start);
        await using (var db = database.CreateContext(clock))
        {
            for (var i = 0; i < 5; i++)
            {
                var leg = NewLeg($"INV-T{i}", LegKind.SellerPayout, $"SALES_T{i}");
                leg.NextAttemptAt = Start.AddMinutes(10 * i);
                db.Legs.Add(leg);
            }

            await db.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var due = await read.Legs.Where(l => l.NextAttemptAt <= Start.AddMinutes(20)).OrderByDescending(l => l.NextAttemptAt).ToListAsync();

        Assert.Equal(["INV-T2", "INV-T1", "INV-T0"], due.Select(l => l.InvoiceId));
        Assert.All(due, l => Assert.Equal(Start, l.CreatedAt));
        Assert.Equal(TimeSpan.Zero, due[0].NextAttemptAt!.Value.Offset);
    }


    private static Leg NewLeg(string invoice, LegKind kind, string merchantUniqueId) => new()
    {
        Kind = kind,
        InvoiceId = invoice,
        MiraklShopId = 2001,
        BeneficiaryAccountId = 500100,
        Amount = Core.Money.Money.Of(11325, "EUR"),
        OriginAmountMinor = 11325,
        MerchantUniqueId = merchantUniqueId,
        CycleDate = Start,
    };

    private static InboxMessage NewMessage(NotificationSource source, string key) => new()
    {
        Source = source,
        DedupeKey = key,
        RawBody = "xml=%3Cnotification%2F%3E"u8.ToArray(),
        ContentType = "application/x-www-form-urlencoded",
        ReceivedAt = Start,
    };
}
