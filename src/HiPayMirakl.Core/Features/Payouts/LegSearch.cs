namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// Which legs a reader asked for. Amounts are minor units of <see cref="Currency"/>: an amount range without a
/// currency would compare cents with yen, so it is only applied together with a currency.
/// </summary>
public sealed record LegFilter(
    LegStatus? Status = null,
    DateTimeOffset? CycleFrom = null,
    DateTimeOffset? CycleTo = null,
    long? MiraklShopId = null,
    string? Currency = null,
    long? MinAmountMinor = null,
    long? MaxAmountMinor = null);

/// <summary>The one filter of the legs list, shared by <c>GET /api/legs</c> and the dashboard's legs page.</summary>
public static class LegSearch
{
    public static IQueryable<Leg> Apply(IQueryable<Leg> legs, LegFilter filter)
    {
        ArgumentNullException.ThrowIfNull(legs);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Status is { } status)
        {
            legs = legs.Where(l => l.Status == status);
        }

        if (filter.CycleFrom is { } from)
        {
            legs = legs.Where(l => l.CycleDate >= from);
        }

        if (filter.CycleTo is { } to)
        {
            legs = legs.Where(l => l.CycleDate < to);
        }

        if (filter.MiraklShopId is { } shop)
        {
            legs = legs.Where(l => l.MiraklShopId == shop);
        }

        if (!string.IsNullOrEmpty(filter.Currency))
        {
            var code = filter.Currency;
            legs = legs.Where(l => l.Currency == code);
            if (filter.MinAmountMinor is { } min)
            {
                legs = legs.Where(l => l.AmountMinor >= min);
            }

            if (filter.MaxAmountMinor is { } max)
            {
                legs = legs.Where(l => l.AmountMinor <= max);
            }
        }

        return legs;
    }

    /// <summary>The UTC bounds of one cycle day, a calendar day in the cycle's time zone.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) CycleDay(DateOnly day, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        DateTimeOffset Start(DateOnly d)
        {
            var local = d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }

        return (Start(day), Start(day.AddDays(1)));
    }
}
