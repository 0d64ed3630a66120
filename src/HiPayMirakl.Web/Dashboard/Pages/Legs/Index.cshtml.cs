using System.Globalization;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.Currencies;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Legs;

/// <summary>
/// The legs, newest first, filtered by status, cycle day, currency, shop and amount range (major units of the chosen
/// currency). The filter is <see cref="LegSearch"/>, the same as <c>GET /api/legs</c>.
/// </summary>
public sealed class IndexModel(ConnectorDbContext db, DashboardFormat format, IStringLocalizer<LegsText> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cycle { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Currency { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Shop { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Min { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Max { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public List<string> Errors { get; } = [];

    public List<Leg> Rows { get; private set; } = [];

    public DashboardPager? Pager { get; private set; }

    public List<string> CycleDays { get; private set; } = [];

    public List<string> Currencies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // The choices offered are the ones present: a day per cycle in the cycle's zone, each currency once.
        var instants = await db.Legs.AsNoTracking().Select(l => l.CycleDate).Distinct().ToListAsync(ct);
        CycleDays = [.. instants.Select(CycleDayOf).Distinct().OrderDescending()];
        Currencies = [.. (await db.Legs.AsNoTracking().Select(l => l.Currency).Distinct().ToListAsync(ct)).Order(StringComparer.Ordinal)];

        var filter = ReadFilter();
        if (Errors.Count > 0)
        {
            Pager = null;
            return;
        }

        (Pager, Rows) = await DashboardPager.ReadAsync(LegSearch.Apply(db.Legs.AsNoTracking(), filter).OrderByDescending(l => l.Id), PageNumber, ct);
    }

    public string CycleDayOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, format.Zone).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private LegFilter ReadFilter()
    {
        LegStatus? status = null;
        if (!string.IsNullOrWhiteSpace(Status))
        {
            if (Enum.TryParse<LegStatus>(Status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !Status.Trim().All(c => char.IsAsciiDigit(c) || c == '-'))
            {
                status = s;
            }
            else
            {
                Errors.Add(text["Unknown status {0}.", Status]);
            }
        }

        DateTimeOffset? from = null, to = null;
        if (!string.IsNullOrWhiteSpace(Cycle))
        {
            if (DateOnly.TryParseExact(Cycle.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                (from, to) = LegSearch.CycleDay(day, format.Zone.Id);
            }
            else
            {
                Errors.Add(text["The cycle must be a date like 2026-01-31."]);
            }
        }

        string? currency = null;
        if (!string.IsNullOrWhiteSpace(Currency))
        {
            currency = Currency.Trim().ToUpperInvariant();
            if (!CurrencyTable.TryGetExponent(currency, out _))
            {
                Errors.Add(text["{0} is not an ISO 4217 currency code.", Currency]);
                currency = null;
            }
        }

        long? shop = null;
        if (!string.IsNullOrWhiteSpace(Shop))
        {
            if (long.TryParse(Shop.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                shop = id;
            }
            else
            {
                Errors.Add(text["The shop must be a Mirakl shop id (digits)."]);
            }
        }

        var min = Amount(Min, currency, text["Minimum amount"]);
        var max = Amount(Max, currency, text["Maximum amount"]);
        if (min is { } a && max is { } b && a > b)
        {
            Errors.Add(text["The minimum amount is above the maximum."]);
        }

        return new LegFilter(status, from, to, shop, currency, min, max);
    }

    private long? Amount(string? input, string? currency, string label)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        if (currency is null)
        {
            Errors.Add(text["{0}: choose a currency to filter by amount.", label]);
            return null;
        }

        if (!DashboardAmountInput.TryParse(input, currency, out var minor))
        {
            Errors.Add(text["{0}: {1} is not an amount in {2} ({3} decimals at most).", label, input, currency, CurrencyTable.ExponentOf(currency)]);
            return null;
        }

        return minor;
    }

    /// <summary>The badge colour of a status: settled, waiting on someone, stopped, or neither.</summary>
    public static string Tone(LegStatus status) => status switch
    {
        LegStatus.WithdrawSuccess or LegStatus.CollectedByDirectDebit or LegStatus.Adjusted or LegStatus.PaidOutside => "ok",
        LegStatus.TransferHeld or LegStatus.WithdrawHeld or LegStatus.InvalidAmount => "bad",
        LegStatus.TransferFailed or LegStatus.WithdrawFailed or LegStatus.TransferNegative or LegStatus.WithdrawNegative
            or LegStatus.WithdrawPaymentBlocked or LegStatus.TransferVendorDisabled or LegStatus.WithdrawVendorDisabled
            or LegStatus.WithdrawCanceled or LegStatus.TransferUnknown or LegStatus.WithdrawUnknown => "warn",
        _ => "neutral",
    };
}
