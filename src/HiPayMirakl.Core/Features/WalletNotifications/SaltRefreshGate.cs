using System.Collections.Concurrent;
using HiPayMirakl.Core.Configuration;

namespace HiPayMirakl.Core.Features.WalletNotifications;

/// <summary>
/// What the notification endpoint may ask HiPay for, shared by every request: anyone can post a notification naming
/// any account, so salt look-ups are limited per account (one per <see cref="HiPayWalletOptions.SaltRefreshInterval"/>)
/// and overall (a token bucket of <see cref="HiPayWalletOptions.SaltRefreshesPerMinute"/>). Also keeps the salts of
/// the operator's and technical wallets, which have no vendor row to live on.
/// </summary>
public sealed class SaltRefreshGate(HiPayWalletOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, Attempt> _attempts = new();
    private readonly ConcurrentDictionary<long, string> _platformSalts = new();
    private readonly Lock _bucketLock = new();
    private double _tokens = options.SaltRefreshesPerMinute;
    private DateTimeOffset _refilledAt = clock.GetUtcNow();

    public enum Decision
    {
        /// <summary>Go ahead: one look-up, already counted.</summary>
        Allowed,

        /// <summary>Looked up within the interval and HiPay answered: that salt is current.</summary>
        RecentlyRefreshed,

        /// <summary>Looked up within the interval and HiPay did not answer: try again later.</summary>
        RecentlyFailed,

        /// <summary>The overall budget is spent for now.</summary>
        OverBudget,
    }

    public Decision TryBegin(long accountId)
    {
        var now = clock.GetUtcNow();
        if (_attempts.TryGetValue(accountId, out var last) && now - last.At < options.SaltRefreshInterval)
        {
            return last.Succeeded ? Decision.RecentlyRefreshed : Decision.RecentlyFailed;
        }

        if (!TakeToken(now))
        {
            return Decision.OverBudget;
        }

        Forget(now);
        _attempts[accountId] = new Attempt(now, false);
        return Decision.Allowed;
    }

    public void Completed(long accountId, bool succeeded)
    {
        if (succeeded)
        {
            _attempts[accountId] = new Attempt(clock.GetUtcNow(), true);
        }
    }

    public string? PlatformSalt(long accountId) => _platformSalts.GetValueOrDefault(accountId);

    public void KeepPlatformSalt(long accountId, string salt) => _platformSalts[accountId] = salt;

    private bool TakeToken(DateTimeOffset now)
    {
        lock (_bucketLock)
        {
            var perMinute = (double)options.SaltRefreshesPerMinute;
            var elapsed = now - _refilledAt;
            if (elapsed > TimeSpan.Zero)
            {
                _tokens = Math.Min(perMinute, _tokens + elapsed.TotalMinutes * perMinute);
                _refilledAt = now;
            }

            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }

    /// <summary>Attempts older than the interval say nothing any more; dropping them keeps random ids from piling up.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (accountId, attempt) in _attempts)
        {
            if (now - attempt.At >= options.SaltRefreshInterval)
            {
                _attempts.TryRemove(new KeyValuePair<long, Attempt>(accountId, attempt));
            }
        }
    }

    private readonly record struct Attempt(DateTimeOffset At, bool Succeeded);
}
