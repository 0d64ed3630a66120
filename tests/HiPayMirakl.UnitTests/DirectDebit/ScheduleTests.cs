using HiPayMirakl.Core.Features.DirectDebit;

namespace HiPayMirakl.UnitTests.DirectDebit;

public sealed class ScheduleTests
{
    [Fact]
    public void NextCollection_MonthlyDayPassed_NextMonth()
    {
        var schedule = new DirectDebitSchedule { Id = 3, Period = SchedulePeriod.Monthly, Day = 5 };

        var (period, date) = schedule.NextCollection(new DateOnly(2026, 11, 20));

        Assert.Equal("2026-12", period);
        Assert.Equal(new DateOnly(2026, 12, 5), date);
        Assert.Equal("SCH-3-2026-12", schedule.OrderIdFor(period));
    }

    [Fact]
    public void NextCollection_MonthlySameDay_ThisMonth()
    {
        var schedule = new DirectDebitSchedule { Period = SchedulePeriod.Monthly, Day = 20 };

        Assert.Equal(("2026-11", new DateOnly(2026, 11, 20)), schedule.NextCollection(new DateOnly(2026, 11, 20)));
    }

    [Fact]
    public void NextCollection_Weekly_IsoWeekKey()
    {
        // 2026-11-18 is a Wednesday; Friday (5) of that week is 2026-11-20, ISO week 47.
        var schedule = new DirectDebitSchedule { Period = SchedulePeriod.Weekly, Day = 5 };

        Assert.Equal(("2026-W47", new DateOnly(2026, 11, 20)), schedule.NextCollection(new DateOnly(2026, 11, 18)));
    }

    [Theory]
    [InlineData(SchedulePeriod.Monthly, 29)]
    [InlineData(SchedulePeriod.Monthly, 0)]
    [InlineData(SchedulePeriod.Weekly, 6)]
    public void Check_DayOutOfRange_Refused(SchedulePeriod period, int day)
    {
        Assert.NotNull(DirectDebitSchedule.Check(period, day));
    }

    [Fact]
    public void BankDays_OverAWeekend_CountsWeekdaysOnly()
    {
        // Friday 2026-11-20 → Monday 2026-11-23: one bank day.
        Assert.Equal(1, BankDays.Between(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 23)));
        Assert.Equal(5, BankDays.Between(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 27)));
    }
}
