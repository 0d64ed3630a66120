namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// When a failed transfer or withdrawal is tried again: base × 2^(attempt−1), capped, with "equal jitter" (half fixed,
/// half random) so legs failing together do not retry together. Pure: the random draw is a parameter.
/// </summary>
public static class RetryBackoff
{
    /// <param name="attempt">Attempts made so far (1 after the first failure).</param>
    /// <param name="unitRandom">A draw in [0, 1).</param>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(unitRandom, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unitRandom, 1d);
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Math.Min((double)baseDelay.Ticks * Math.Pow(2, exponent), maxDelay.Ticks);
        var half = ticks / 2;
        return TimeSpan.FromTicks((long)(half + (half * unitRandom)));
    }
}
