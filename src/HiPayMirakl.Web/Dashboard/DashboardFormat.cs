using System.Globalization;
using HiPayMirakl.Currencies;

namespace HiPayMirakl.Web.Dashboard;

/// <summary>
/// How the dashboard writes amounts and times: amounts with their currency's exponent (from the one currency table)
/// in the page's culture, times in the operator's time zone (<c>Cycle:TimeZone</c>). Amounts are never converted
/// through a binary floating type: the decimal comes straight from the minor units.
/// </summary>
public sealed class DashboardFormat
{
    private readonly TimeZoneInfo _zone;

    public DashboardFormat(string defaultLocale, string timeZone)
    {
        DefaultLocale = defaultLocale;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
    }

    public string DefaultLocale { get; }

    public TimeZoneInfo Zone => _zone;

    /// <summary>"1 234,50 EUR" in French, "1,234.50 EUR" in English; an unknown currency shows its minor units.</summary>
    public static string Money(long minorUnits, string currency, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        if (!CurrencyTable.TryGetExponent(currency, out var exponent))
        {
            return minorUnits.ToString("N0", culture) + " (minor units) " + currency;
        }

        var value = minorUnits / CurrencyTable.ScaleOf(exponent);
        return value.ToString("N" + exponent.ToString(CultureInfo.InvariantCulture), culture) + " " + currency;
    }

    /// <summary>The amount alone, without the currency code (for table cells under a currency heading).</summary>
    public static string Amount(long minorUnits, string currency, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var exponent = CurrencyTable.TryGetExponent(currency, out var e) ? e : 0;
        return (minorUnits / CurrencyTable.ScaleOf(exponent)).ToString("N" + exponent.ToString(CultureInfo.InvariantCulture), culture);
    }

    /// <summary>A time in the operator's zone, "2026-12-02 14:05" (ISO order in every language, so columns sort).</summary>
    public string Time(DateTimeOffset? time) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    /// <summary>A time with seconds, for timelines.</summary>
    public string Precise(DateTimeOffset? time) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, _zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    /// <summary>The operator's local date and time as the ISO value of an &lt;input type="datetime-local"&gt;.</summary>
    public DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, _zone.GetUtcOffset(unspecified));
    }
}
