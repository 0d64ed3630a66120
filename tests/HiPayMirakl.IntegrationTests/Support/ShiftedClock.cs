namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>
/// The system clock plus an offset a test moves forward: timers and delays stay real (hosts and HTTP keep working),
/// while "now" can jump past a grace period or a claim's expiry.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Jump(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
