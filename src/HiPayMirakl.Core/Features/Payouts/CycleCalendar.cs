using HiPayMirakl.Core.Configuration;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>The invoice window of one cash-out cycle: [previous cycle − before, cycle + after].</summary>
public readonly record struct CycleWindow(DateTimeOffset CycleInstant, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// Mirakl payment cycle instants: the configured days of the month at Hour:Minute in the cycle time zone. A day past
/// the end of a short month falls on its last day; a local time skipped by a DST change is moved past the gap, an
/// ambiguous one takes its first occurrence. Pure: all instants are computed from the arguments.
/// </summary>
public sealed class CycleCalendar
{
    private readonly int[] _days;
    private readonly int _hour;
    private readonly int _minute;
    private readonly TimeZoneInfo _zone;
    private readonly TimeSpan _before;
    private readonly TimeSpan _after;

    public CycleCalendar(IEnumerable<int> days, int hour, int minute, TimeZoneInfo zone, TimeSpan before, TimeSpan after)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(zone);
        _days = days.Distinct().Order().ToArray();
        if (_days.Length == 0 || _days.Any(d => d is < 1 or > 31))
        {
            throw new ArgumentException("Cycle days are between 1 and 31 and at least one is required.", nameof(days));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(hour, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hour, 23);
        ArgumentOutOfRangeException.ThrowIfLessThan(minute, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minute, 59);
        _hour = hour;
        _minute = minute;
        _zone = zone;
        _before = before;
        _after = after;
    }

    public TimeZoneInfo Zone => _zone;

    public static CycleCalendar FromOptions(CycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CycleCalendar(options.Days, options.Hour, options.Minute, TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone),
            options.IntervalBefore, options.IntervalAfter);
    }

    /// <summary>The latest cycle instant at or before <paramref name="now"/>.</summary>
    public DateTimeOffset CycleInstantAtOrBefore(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        var year = local.Year;
        var month = local.Month;
        for (var i = 0; i < 3; i++)
        {
            foreach (var instant in InstantsOfMonth(year, month).Reverse())
            {
                if (instant <= now)
                {
                    return instant;
                }
            }

            (year, month) = month == 1 ? (year - 1, 12) : (year, month - 1);
        }

        throw new InvalidOperationException("No cycle instant found in the last three months.");
    }

    /// <summary>The cycle instant strictly before <paramref name="instant"/>.</summary>
    public DateTimeOffset PreviousInstant(DateTimeOffset instant) => CycleInstantAtOrBefore(instant.AddTicks(-1));

    /// <summary>The cycle instant of an explicit cycle date (the date is taken as given, at Hour:Minute local).</summary>
    public DateTimeOffset InstantOf(DateOnly date) => ToInstant(date);

    /// <summary>The window of the cycle at <paramref name="cycleInstant"/>; consecutive windows overlap by before + after.</summary>
    public CycleWindow WindowOf(DateTimeOffset cycleInstant) =>
        new(cycleInstant, PreviousInstant(cycleInstant) - _before, cycleInstant + _after);

    /// <summary>The window for an execution at <paramref name="now"/>.</summary>
    public CycleWindow WindowAt(DateTimeOffset now) => WindowOf(CycleInstantAtOrBefore(now));

    private IEnumerable<DateTimeOffset> InstantsOfMonth(int year, int month)
    {
        var last = DateTime.DaysInMonth(year, month);
        return _days.Select(d => Math.Min(d, last)).Distinct().Order().Select(d => ToInstant(new DateOnly(year, month, d)));
    }

    private DateTimeOffset ToInstant(DateOnly date)
    {
        var local = new DateTime(date.Year, date.Month, date.Day, _hour, _minute, 0, DateTimeKind.Unspecified);
        if (_zone.IsInvalidTime(local))
        {
            // Clocks jumped over this time: the cycle runs at the first valid minute after the gap.
            var probe = local;
            while (_zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }

            return new DateTimeOffset(probe, _zone.GetUtcOffset(probe));
        }

        if (_zone.IsAmbiguousTime(local))
        {
            // The first occurrence is the one with the larger (summer) offset.
            var offset = _zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset);
        }

        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }
}
