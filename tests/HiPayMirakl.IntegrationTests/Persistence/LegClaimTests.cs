using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HiPayMirakl.IntegrationTests.Persistence;

public sealed class LegClaimTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 11, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TryAcquire_TwoClaimersAtOnce_ExactlyOneWins(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new FakeTimeProvider(Start);
        var legId = await SeedLegAsync(database);
        var first = Claims(database, clock);
        var second = Claims(database, clock);

        var claims = await Task.WhenAll(first.TryAcquireAsync(legId, CancellationToken.None), second.TryAcquireAsync(legId, CancellationToken.None));

        var winner = Assert.Single(claims, c => c is not null)!;
        await using (var db = database.CreateContext())
        {
            var leg = await db.Legs.AsNoTracking().SingleAsync(l => l.Id == legId);
            Assert.Equal((winner.Owner, 1L, (DateTimeOffset?)(Start + first.Duration)), (leg.ClaimOwner, leg.ClaimToken, leg.ClaimExpiresAt));
        }

        await winner.DisposeAsync();
        await using var check = database.CreateContext();
        var released = await check.Legs.AsNoTracking().SingleAsync(l => l.Id == legId);
        Assert.Equal((null, 1L, (DateTimeOffset?)null), (released.ClaimOwner, released.ClaimToken, released.ClaimExpiresAt));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TryAcquire_LiveClaimOfAnotherInstance_IsRefusedAndExpiredOneIsTakenOverWithAHigherToken(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        // The first holder is stuck (its clock, hence its renewals, stands still); the second one's time goes on.
        var stuckClock = new FakeTimeProvider(Start);
        var clock = new FakeTimeProvider(Start);
        var legId = await SeedLegAsync(database);
        var stuck = await Claims(database, stuckClock).TryAcquireAsync(legId, CancellationToken.None);
        Assert.NotNull(stuck);
        var other = Claims(database, clock);

        Assert.Null(await other.TryAcquireAsync(legId, CancellationToken.None));
        clock.Advance(other.Duration + TimeSpan.FromSeconds(1));
        await using var taken = await other.TryAcquireAsync(legId, CancellationToken.None);

        Assert.NotNull(taken);
        Assert.True(taken.Token > stuck.Token);
        await using var db = database.CreateContext();
        var leg = await db.Legs.AsNoTracking().SingleAsync(l => l.Id == legId);
        Assert.Equal((taken.Owner, taken.Token), (leg.ClaimOwner, leg.ClaimToken));
        Assert.False(stuck.Fences(leg));
        await stuck.DisposeAsync();
        var after = await db.Legs.AsNoTracking().SingleAsync(l => l.Id == legId);
        Assert.Equal(taken.Owner, after.ClaimOwner);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SaveChanges_WithAStaleClaimToken_IsRefusedAndLeavesTheRowAndJournalUnchanged(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var stuckClock = new FakeTimeProvider(Start);
        var clock = new FakeTimeProvider(Start);
        var legId = await SeedLegAsync(database);
        var stale = await Claims(database, stuckClock).TryAcquireAsync(legId, CancellationToken.None);
        Assert.NotNull(stale);
        await using var staleDb = database.CreateContext(stuckClock);
        var staleLeg = await staleDb.Legs.SingleAsync(l => l.Id == legId);
        Assert.True(stale.Fences(staleLeg));
        Leg before;
        await using (var db = database.CreateContext())
        {
            before = await db.Legs.AsNoTracking().SingleAsync(l => l.Id == legId);
        }

        // The claim lapses and another instance takes it: the first holder's next write must not land.
        clock.Advance(TimeSpan.FromHours(1));
        await using var taken = await Claims(database, clock).TryAcquireAsync(legId, CancellationToken.None);
        Assert.NotNull(taken);
        staleLeg.AttemptCount++;
        staleLeg.TransferRequestedAt = Start;
        staleDb.LegLog.Add(new LegLogEntry { Leg = staleLeg, FromStatus = staleLeg.Status, ToStatus = LegStatus.TransferUnknown, CreatedAt = Start });
        staleLeg.TransitionTo(LegStatus.TransferUnknown, Start, "Transfer being sent");

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => staleDb.SaveChangesAsync());

        await using var check = database.CreateContext();
        var row = await check.Legs.AsNoTracking().SingleAsync(l => l.Id == legId);
        Assert.Equal((LegStatus.Created, before.AttemptCount, before.Version, (DateTimeOffset?)null), (row.Status, row.AttemptCount, row.Version, row.TransferRequestedAt));
        Assert.Equal(taken.Token, row.ClaimToken);
        Assert.Empty(await check.LegLog.AsNoTracking().Where(l => l.LegId == legId).ToListAsync());
    }

    private static LegClaims Claims(TestDatabase database, TimeProvider clock) =>
        new(() => database.CreateContext(clock), clock, NullLogger<LegClaims>.Instance) { Duration = TimeSpan.FromMinutes(3) };

    private static async Task<long> SeedLegAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var leg = new Leg
        {
            Kind = LegKind.SellerPayout,
            InvoiceId = "7001",
            MiraklShopId = 2001,
            BeneficiaryAccountId = 602001,
            AmountMinor = 1250,
            OriginAmountMinor = 1250,
            Currency = "EUR",
            MerchantUniqueId = Leg.MintMerchantUniqueId(LegKind.SellerPayout, "7001", "100000", 602001),
            CycleDate = Start,
            CreatedAt = Start,
            UpdatedAt = Start,
        };
        db.Legs.Add(leg);
        await db.SaveChangesAsync();
        return leg.Id;
    }
}
