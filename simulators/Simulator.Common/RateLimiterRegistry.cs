using System.Diagnostics;

namespace Simulator.Common;

/// <summary>Outcome of a rate-limit check.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int RetryAfterSeconds);

/// <summary>A configured limit, as listed by the control API.</summary>
public sealed record RateLimitInfo(string RouteKey, int Capacity, TimeSpan RefillEvery);

/// <summary>
/// Token buckets per (credential, route key). A bucket holds <c>capacity</c> tokens and refills completely over
/// <c>refillEvery</c>, continuously. Time is the virtual clock plus real elapsed time: tests advance the virtual
/// clock to refill deterministically, while a client that really waits Retry-After seconds is not stuck forever.
/// </summary>
public sealed class RateLimiterRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, RateLimitInfo> _limits = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Credential, string RouteKey), Bucket> _buckets = [];
    private readonly TimeProvider _clock;
    private readonly long _realStart = Stopwatch.GetTimestamp();

    public RateLimiterRegistry(TimeProvider? clock = null)
    {
        _clock = clock ?? new VirtualClock();
    }

    /// <summary>Limits requests whose route key equals <paramref name="routeKey"/> ("*" = every route).</summary>
    public void Configure(string routeKey, int capacity, TimeSpan refillEvery)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(routeKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (refillEvery <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(refillEvery), "Refill period must be positive.");
        }

        lock (_gate)
        {
            _limits[routeKey] = new RateLimitInfo(routeKey, capacity, refillEvery);
            foreach (var key in _buckets.Keys.Where(k => string.Equals(k.RouteKey, routeKey, StringComparison.Ordinal)).ToList())
            {
                _buckets.Remove(key);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _limits.Clear();
            _buckets.Clear();
        }
    }

    /// <summary>Refills every bucket but keeps the configured limits.</summary>
    public void ResetBuckets()
    {
        lock (_gate)
        {
            _buckets.Clear();
        }
    }

    public IReadOnlyList<RateLimitInfo> List()
    {
        lock (_gate)
        {
            return _limits.Values.OrderBy(l => l.RouteKey, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Takes a token for the request, trying the specific route keys first, then "*".</summary>
    public RateLimitDecision TryAcquire(string credential, IEnumerable<string> routeKeys)
    {
        ArgumentNullException.ThrowIfNull(routeKeys);
        lock (_gate)
        {
            RateLimitInfo? limit = null;
            foreach (var k in routeKeys)
            {
                if (_limits.TryGetValue(k, out limit))
                {
                    break;
                }
            }

            if (limit is null && !_limits.TryGetValue("*", out limit))
            {
                return new RateLimitDecision(true, 0);
            }

            var now = Now();
            var key = (credential, limit.RouteKey);
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                bucket = new Bucket { Tokens = limit.Capacity, At = now };
                _buckets[key] = bucket;
            }

            var perTick = limit.Capacity / (double)limit.RefillEvery.Ticks;
            bucket.Tokens = Math.Min(limit.Capacity, bucket.Tokens + ((now - bucket.At).Ticks * perTick));
            bucket.At = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return new RateLimitDecision(true, 0);
            }

            var waitTicks = (1 - bucket.Tokens) / perTick;
            var seconds = (int)Math.Ceiling(TimeSpan.FromTicks((long)Math.Ceiling(waitTicks)).TotalSeconds);
            return new RateLimitDecision(false, Math.Max(1, seconds));
        }
    }

    private DateTimeOffset Now() => _clock.GetUtcNow() + Stopwatch.GetElapsedTime(_realStart);

    private sealed class Bucket
    {
        public double Tokens { get; set; }
        public DateTimeOffset At { get; set; }
    }
}
