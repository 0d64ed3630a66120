using HiPayMirakl.Core.Features.Payouts;

namespace HiPayMirakl.UnitTests.Payouts;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Max = TimeSpan.FromHours(12);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(4, 40)]
    public void Delay_TopOfJitter_DoublesPerAttempt(int attempt, int minutes)
    {
        var delay = RetryBackoff.Delay(attempt, Base, Max, 0.999999);

        Assert.InRange(delay, TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(minutes));
    }

    [Fact]
    public void Delay_BottomOfJitter_IsHalfTheStep()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), RetryBackoff.Delay(3, Base, Max, 0));
    }

    [Fact]
    public void Delay_ManyAttempts_CappedByMaxDelay()
    {
        Assert.InRange(RetryBackoff.Delay(40, Base, Max, 0.999999), TimeSpan.FromHours(6), Max);
        Assert.Equal(TimeSpan.FromHours(6), RetryBackoff.Delay(40, Base, Max, 0));
    }

    [Fact]
    public void Delay_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.Delay(0, Base, Max, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.Delay(1, Base, Max, 1.0));
    }
}
