using System.Threading.RateLimiting;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// The token bucket every HiPay Wallet request of the process goes through (a singleton): HiPay's limit is per
/// technical account, so the transfer step, the withdrawal step, the status sync and the notification salt look-ups
/// running side by side share one budget instead of each believing it has all of it.
/// </summary>
public sealed class WalletRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket;

    public WalletRateLimiter(int requestsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerSecond, 1);
        RequestsPerSecond = requestsPerSecond;
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = requestsPerSecond,
            TokensPerPeriod = requestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public int RequestsPerSecond { get; }

    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken ct)
    {
        var lease = await _bucket.AcquireAsync(1, ct);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException("The HiPay Wallet request queue refused a request.");
        }

        return lease;
    }

    public void Dispose() => _bucket.Dispose();
}

/// <summary>Takes a token from the shared bucket before every attempt, retries included.</summary>
internal sealed class WalletRateLimitHandler(WalletRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
