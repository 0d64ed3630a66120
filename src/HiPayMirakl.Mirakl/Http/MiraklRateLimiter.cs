using System.Threading.RateLimiting;

namespace HiPayMirakl.Mirakl.Http;

/// <summary>
/// The token bucket every Mirakl request of the process goes through (a singleton): Mirakl's limits are per
/// operator key, so two jobs running side by side must share one budget rather than each think it has the whole.
/// </summary>
internal sealed class MiraklRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket;

    public MiraklRateLimiter(MiraklClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.RequestsPerSecond,
            TokensPerPeriod = options.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken ct)
    {
        var lease = await _bucket.AcquireAsync(1, ct);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException("The Mirakl request queue refused a request.");
        }

        return lease;
    }

    public void Dispose() => _bucket.Dispose();
}
