using System.Data.Common;
using System.Globalization;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// Makes a leg's money step exclusive across every instance sharing the database. A claim is taken by one conditional
/// UPDATE (free or expired claims only; the fencing token goes up by one; the row count is the answer), renewed while
/// the step runs and released at its end. Writes are fenced by the token (a concurrency token of the leg), so once a
/// claim has lapsed and been taken over, its former holder cannot write the leg any more.
/// </summary>
public sealed partial class LegClaims(Func<ConnectorDbContext> createContext, TimeProvider clock, ILogger<LegClaims> logger)
{
    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}:{Guid.NewGuid():N}";
    private static long _sequence;

    /// <summary>
    /// How long a claim lives without renewal. Set well above the longest HiPay call, so that a claim can only lapse
    /// after its holder's POST has ended one way or the other.
    /// </summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A claim duration for money steps whose provider call can last up to <paramref name="longestCall"/>.</summary>
    public static TimeSpan DurationFor(TimeSpan longestCall) => longestCall + TimeSpan.FromMinutes(1);

    /// <summary>Claims the leg, or null when another instance holds a live claim on it.</summary>
    public async Task<LegClaim?> TryAcquireAsync(long legId, CancellationToken ct)
    {
        // One owner string per claim, so that reading the token back can only ever find this claim's own.
        var owner = Instance + "#" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        var now = clock.GetUtcNow();
        var expires = now + Duration;
        await using var db = createContext();
        var taken = await db.Legs
            .Where(l => l.Id == legId && (l.ClaimExpiresAt == null || l.ClaimExpiresAt < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.ClaimToken, l => l.ClaimToken + 1)
                .SetProperty(l => l.ClaimOwner, owner)
                .SetProperty(l => l.ClaimExpiresAt, expires), ct);
        if (taken != 1)
        {
            return null;
        }

        var token = await db.Legs.AsNoTracking().Where(l => l.Id == legId && l.ClaimOwner == owner).Select(l => (long?)l.ClaimToken).SingleOrDefaultAsync(ct);
        return token is { } held ? new LegClaim(this, legId, owner, held) : null;
    }

    /// <summary>Pushes the expiry forward; false when the claim is no longer ours (taken over).</summary>
    internal async Task<bool> RenewAsync(LegClaim claim, CancellationToken ct)
    {
        var expires = clock.GetUtcNow() + Duration;
        await using var db = createContext();
        var renewed = await db.Legs
            .Where(l => l.Id == claim.LegId && l.ClaimToken == claim.Token && l.ClaimOwner == claim.Owner)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ClaimExpiresAt, expires), ct);
        return renewed == 1;
    }

    internal async Task ReleaseAsync(LegClaim claim)
    {
        try
        {
            await using var db = createContext();
            await db.Legs
                .Where(l => l.Id == claim.LegId && l.ClaimToken == claim.Token && l.ClaimOwner == claim.Owner)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ClaimOwner, (string?)null).SetProperty(l => l.ClaimExpiresAt, (DateTimeOffset?)null), CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or TimeoutException)
        {
            // Harmless: the claim lapses on its own after Duration.
            ReleaseFailed(logger, claim.LegId, ex);
        }
    }

    internal async Task RenewWhileHeldAsync(LegClaim claim, CancellationToken ct)
    {
        // Four chances to renew before the claim lapses, so one or two failed renewals (a database blip) cost nothing.
        var interval = Duration / 4;
        try
        {
            while (true)
            {
                await Task.Delay(interval, clock, ct);
                try
                {
                    if (!await RenewAsync(claim, ct))
                    {
                        claim.MarkLost();
                        ClaimLost(logger, claim.LegId, claim.Token);
                        return;
                    }
                }
                catch (Exception ex) when (ex is DbException or DbUpdateException or TimeoutException)
                {
                    RenewFailed(logger, claim.LegId, ex);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The step ended: the claim is being released.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leg {LegId}: claim renewal failed; retried before the claim lapses")]
    private static partial void RenewFailed(ILogger logger, long legId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Leg {LegId}: claim {Token} was taken over by another instance; this instance's writes of the leg are refused")]
    private static partial void ClaimLost(ILogger logger, long legId, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leg {LegId}: claim release failed; it lapses on its own")]
    private static partial void ReleaseFailed(ILogger logger, long legId, Exception exception);
}

/// <summary>A held claim on one leg: renewed in the background until disposed, then released.</summary>
public sealed class LegClaim : IAsyncDisposable
{
    private readonly LegClaims _claims;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private int _lost;
    private int _disposed;

    internal LegClaim(LegClaims claims, long legId, string owner, long token)
    {
        _claims = claims;
        LegId = legId;
        Owner = owner;
        Token = token;
        _renewing = claims.RenewWhileHeldAsync(this, _stop.Token);
    }

    public long LegId { get; }

    public string Owner { get; }

    /// <summary>The fencing token this claim writes with.</summary>
    public long Token { get; }

    /// <summary>True once a renewal found the claim taken over.</summary>
    public bool IsLost => Volatile.Read(ref _lost) == 1;

    /// <summary>
    /// True when the leg as loaded carries this claim's token: its writes are fenced by this claim. False means the
    /// claim was taken over between acquiring and loading.
    /// </summary>
    public bool Fences(Leg leg) => leg is not null && leg.Id == LegId && leg.ClaimToken == Token && !IsLost;

    internal void MarkLost() => Interlocked.Exchange(ref _lost, 1);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        if (!IsLost)
        {
            await _claims.ReleaseAsync(this);
        }
    }
}
