using System.Globalization;
using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Core.Features.DirectDebit;

public enum SchedulePeriod
{
    Monthly = 1,
    Weekly = 2,
}

/// <summary>
/// A recurring plan on a mandate: one debit per period, collected on <see cref="Day"/> (day of month 1–28, or
/// ISO day of week 1–7). The period key names the debit, so a rerun finds it instead of sending it again.
/// </summary>
public sealed class DirectDebitSchedule : IVersioned, ITimestamped
{
    public long Id { get; set; }

    public long MandateId { get; set; }

    public long AmountMinor { get; set; }

    public string Currency { get; set; } = "EUR";

    public SchedulePeriod Period { get; set; }

    public int Day { get; set; }

    public string Description { get; set; } = "";

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long Version { get; set; }

    public static string? Check(SchedulePeriod period, int day) => period switch
    {
        SchedulePeriod.Monthly when day is < 1 or > 28 => "a monthly day must be 1-28 (every month has it).",
        SchedulePeriod.Weekly when day is < 1 or > 5 => "a weekly day must be 1-5 (Monday-Friday, a bank day).",
        SchedulePeriod.Monthly or SchedulePeriod.Weekly => null,
        _ => "period must be monthly or weekly.",
    };

    /// <summary>
    /// The next collection on or after <paramref name="from"/>'s date, with its period key. The debit for it must
    /// be sent <c>leadBankDays</c> bank days before.
    /// </summary>
    public (string PeriodKey, DateOnly CollectionDate) NextCollection(DateOnly from)
    {
        if (Period == SchedulePeriod.Monthly)
        {
            var date = new DateOnly(from.Year, from.Month, Day);
            if (date < from)
            {
                date = date.AddMonths(1);
            }

            return (date.ToString("yyyy-MM", CultureInfo.InvariantCulture), date);
        }

        var offset = (Day - IsoDay(from) + 7) % 7;
        var collection = from.AddDays(offset);
        var week = ISOWeek.GetWeekOfYear(collection.ToDateTime(TimeOnly.MinValue));
        var year = ISOWeek.GetYear(collection.ToDateTime(TimeOnly.MinValue));
        return (FormattableString.Invariant($"{year}-W{week:00}"), collection);
    }

    /// <summary>Order id of a period's debit: derived, so a crashed run and its rerun agree on it.</summary>
    public string OrderIdFor(string periodKey) => FormattableString.Invariant($"SCH-{Id}-{periodKey}");

    private static int IsoDay(DateOnly d) => d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek;
}

/// <summary>
/// TARGET2 business days, the calendar SEPA direct debits settle on: Monday to Friday except the system's closing
/// days (1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December).
/// </summary>
public static class BankDays
{
    public static bool IsBankDay(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsClosingDay(d);

    /// <summary>A TARGET2 closing day falling on a weekday or not.</summary>
    public static bool IsClosingDay(DateOnly d)
    {
        if ((d.Month, d.Day) is (1, 1) or (5, 1) or (12, 25) or (12, 26))
        {
            return true;
        }

        var easter = EasterSunday(d.Year);
        return d == easter.AddDays(-2) || d == easter.AddDays(1);
    }

    /// <summary>Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>Bank days strictly after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public static int Between(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsBankDay(d))
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>What a schedule run does on a given day for one collection date.</summary>
public enum SendDecision
{
    /// <summary>Today is in the send window: send the debit now.</summary>
    Send = 1,

    /// <summary>Too early: a later run sends it.</summary>
    NotYet = 2,

    /// <summary>The last day that met the lead time has passed: the collection cannot be met any more.</summary>
    Missed = 3,
}

/// <summary>
/// When a scheduled debit goes out. The gateway needs the debit a lead time (in bank days) before its collection
/// date; it is sent on a bank day that still meets that lead time and no earlier than the lead time plus a small
/// window, so that a debit goes out close to its due date rather than a period ahead, and a run missed on the
/// ideal day is caught up by the next ones.
/// </summary>
public static class SendWindow
{
    /// <summary>Bank days a debit may go out ahead of its last possible send day.</summary>
    public const int WindowBankDays = 2;

    public static SendDecision Decide(DateOnly today, DateOnly collection, int leadBankDays)
    {
        var ahead = BankDays.Between(today, collection);
        if (ahead < leadBankDays)
        {
            return SendDecision.Missed;
        }

        return ahead <= leadBankDays + WindowBankDays && BankDays.IsBankDay(today) ? SendDecision.Send : SendDecision.NotYet;
    }

    /// <summary>The last bank day that still meets the lead time before <paramref name="collection"/>.</summary>
    public static DateOnly LastSendDay(DateOnly collection, int leadBankDays)
    {
        var day = collection.AddDays(-1);
        while (!BankDays.IsBankDay(day) || BankDays.Between(day, collection) < leadBankDays)
        {
            day = day.AddDays(-1);
        }

        return day;
    }
}
