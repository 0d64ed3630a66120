using HiPayMirakl.Core.Features.Payouts;

namespace HiPayMirakl.UnitTests.Payouts;

public sealed class CycleCalendarTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static CycleCalendar Calendar(int[] days, int hour = 0, int minute = 1, TimeZoneInfo? zone = null) =>
        new(days, hour, minute, zone ?? Paris, TimeSpan.FromHours(12), TimeSpan.FromHours(12));

    [Fact]
    public void CycleInstantAtOrBefore_MidMonth_ReturnsLatestConfiguredDay()
    {
        var calendar = Calendar([1, 11, 21]);

        var instant = calendar.CycleInstantAtOrBefore(new DateTimeOffset(2026, 3, 15, 10, 0, 0, TimeSpan.Zero));

        // 11 March 00:01 in Paris (UTC+1 in winter).
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 23, 1, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void CycleInstantAtOrBefore_ExactlyAtInstant_ReturnsThatInstant()
    {
        var calendar = Calendar([1, 11, 21]);
        var at = new DateTimeOffset(2026, 3, 10, 23, 1, 0, TimeSpan.Zero);

        Assert.Equal(at, calendar.CycleInstantAtOrBefore(at));
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 23, 1, 0, TimeSpan.Zero), calendar.CycleInstantAtOrBefore(at.AddTicks(-1)));
    }

    [Fact]
    public void CycleInstantAtOrBefore_EarlyJanuary_CrossesYearEnd()
    {
        var calendar = Calendar([11, 21]);

        var instant = calendar.CycleInstantAtOrBefore(new DateTimeOffset(2027, 1, 5, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 12, 20, 23, 1, 0, TimeSpan.Zero), instant);
    }

    [Theory]
    [InlineData(2026, 2, 28)] // not a leap year
    [InlineData(2028, 2, 29)] // leap year
    [InlineData(2026, 4, 30)]
    public void CycleInstantAtOrBefore_Day31InShortMonth_FallsOnLastDay(int year, int month, int lastDay)
    {
        var calendar = Calendar([31], hour: 12, minute: 0, zone: TimeZoneInfo.Utc);

        var instant = calendar.CycleInstantAtOrBefore(new DateTimeOffset(year, month, lastDay, 23, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(year, month, lastDay, 12, 0, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void CycleInstantAtOrBefore_Day30And31InFebruary_OneInstantOnly()
    {
        var calendar = Calendar([30, 31], hour: 12, minute: 0, zone: TimeZoneInfo.Utc);
        var feb = new DateTimeOffset(2026, 2, 28, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(feb, calendar.CycleInstantAtOrBefore(new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero), calendar.PreviousInstant(feb));
    }

    [Fact]
    public void InstantOf_SummerDate_UsesSummerOffset()
    {
        var calendar = Calendar([1, 11, 21]);

        var instant = calendar.InstantOf(new DateOnly(2026, 7, 11));

        Assert.Equal(new DateTimeOffset(2026, 7, 10, 22, 1, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void InstantOf_LocalTimeSkippedByDst_MovesPastTheGap()
    {
        // 29 March 2026, 02:30 does not exist in Paris: clocks go from 02:00 to 03:00.
        var calendar = Calendar([29], hour: 2, minute: 30);

        var instant = calendar.InstantOf(new DateOnly(2026, 3, 29));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)), instant);
    }

    [Fact]
    public void InstantOf_AmbiguousLocalTime_TakesFirstOccurrence()
    {
        // 25 October 2026, 02:30 happens twice in Paris; the first one is still summer time.
        var calendar = Calendar([25], hour: 2, minute: 30);

        var instant = calendar.InstantOf(new DateOnly(2026, 10, 25));

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void WindowOf_ConsecutiveCycles_OverlapWithoutGap()
    {
        var calendar = Calendar([1, 11, 21]);
        var first = calendar.InstantOf(new DateOnly(2026, 3, 11));
        var second = calendar.InstantOf(new DateOnly(2026, 3, 21));

        var a = calendar.WindowOf(first);
        var b = calendar.WindowOf(second);

        Assert.Equal(calendar.InstantOf(new DateOnly(2026, 3, 1)) - TimeSpan.FromHours(12), a.Start);
        Assert.Equal(first + TimeSpan.FromHours(12), a.End);
        Assert.Equal(first - TimeSpan.FromHours(12), b.Start);
        Assert.True(b.Start <= a.End);
    }

    [Fact]
    public void WindowOf_AcrossDstChange_UsesEachInstantsOwnOffset()
    {
        var calendar = Calendar([1, 11, 21]);

        var window = calendar.WindowOf(calendar.InstantOf(new DateOnly(2026, 4, 1)));

        // 21 March 00:01 is UTC+1, 1 April 00:01 is UTC+2.
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 11, 1, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 10, 1, 0, TimeSpan.Zero), window.End);
    }

    [Fact]
    public void Constructor_DayOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => Calendar([0, 11]));
        Assert.Throws<ArgumentException>(() => Calendar([32]));
    }
}
