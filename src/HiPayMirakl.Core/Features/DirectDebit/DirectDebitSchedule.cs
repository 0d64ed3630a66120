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

/// <summary>Monday–Friday arithmetic (holidays are not modelled; the gateway's own calendar decides the exact day).</summary>
public static class BankDays
{
    public static bool IsBankDay(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

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
