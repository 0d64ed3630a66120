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

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    [InlineData(2019, 4, 21)]
    public void EasterSunday_KnownYears_Matches(int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), BankDays.EasterSunday(year));
    }

    [Theory]
    [InlineData(2026, 1, 1)]
    [InlineData(2026, 4, 3)]
    [InlineData(2026, 4, 6)]
    [InlineData(2026, 5, 1)]
    [InlineData(2026, 12, 25)]
    [InlineData(2025, 12, 26)]
    public void IsBankDay_Target2ClosingDays_False(int year, int month, int day)
    {
        Assert.False(BankDays.IsBankDay(new DateOnly(year, month, day)));
    }

    [Fact]
    public void BankDays_OverEaster_SkipsGoodFridayAndEasterMonday()
    {
        // Thursday 2026-04-02 → Tuesday 2026-04-07: Friday 3 and Monday 6 are TARGET2 closing days.
        Assert.Equal(1, BankDays.Between(new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 7)));
    }

    [Fact]
    public void SendWindow_MonthEarly_NotYet()
    {
        // Collection Tuesday 2026-12-15, lead 5: a run a month before sends nothing.
        Assert.Equal(SendDecision.NotYet, SendWindow.Decide(new DateOnly(2026, 11, 16), new DateOnly(2026, 12, 15), 5));
    }

    [Fact]
    public void SendWindow_LastDayMeetingLead_Send()
    {
        var collection = new DateOnly(2026, 12, 15);
        var last = SendWindow.LastSendDay(collection, 5);

        Assert.Equal(new DateOnly(2026, 12, 8), last);
        Assert.Equal(SendDecision.Send, SendWindow.Decide(last, collection, 5));
        Assert.Equal(SendDecision.Missed, SendWindow.Decide(last.AddDays(1), collection, 5));
    }

    [Fact]
    public void SendWindow_WithinWindowBeforeLastDay_SendElseNotYet()
    {
        var collection = new DateOnly(2026, 12, 15);

        // Lead 5 + window 2 bank days: Friday 4 and Monday 7 December are in, Thursday 3 is too early.
        Assert.Equal(SendDecision.Send, SendWindow.Decide(new DateOnly(2026, 12, 4), collection, 5));
        Assert.Equal(SendDecision.Send, SendWindow.Decide(new DateOnly(2026, 12, 7), collection, 5));
        Assert.Equal(SendDecision.NotYet, SendWindow.Decide(new DateOnly(2026, 12, 3), collection, 5));
    }

    [Fact]
    public void SendWindow_OnAWeekend_NotYet()
    {
        // Sunday 2026-12-06 is 6 bank days before the 15th, but a run on a non-bank day sends nothing.
        Assert.Equal(SendDecision.NotYet, SendWindow.Decide(new DateOnly(2026, 12, 6), new DateOnly(2026, 12, 15), 5));
    }

    [Fact]
    public void SendWindow_OverChristmas_LastSendDaySkipsClosingDays()
    {
        // Collection Monday 2027-01-04, lead 5: 1 January and the weekends do not count.
        Assert.Equal(new DateOnly(2026, 12, 24), SendWindow.LastSendDay(new DateOnly(2027, 1, 4), 5));
    }
}
