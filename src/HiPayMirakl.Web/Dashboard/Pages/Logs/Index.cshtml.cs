using System.Globalization;
using System.Text;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard.Pages.Logs;

/// <summary>The logs the page reads: one row per vendor sync and shop, per leg status change, or the general log.</summary>
public enum LogKind
{
    Vendor = 1,
    Leg = 2,
    General = 3,
}

/// <summary>A log row of any of the logs, as the page and its CSV show it.</summary>
public sealed record LogRow(long Id, DateTimeOffset At, string? Level, long? Shop, string Subject, string? Message, long? BatchId);

/// <summary>The columns of a row of any log, as read (a member-initialised class, so EF can still order and page it).</summary>
public sealed class LogColumns
{
    public long Id { get; init; }

    public DateTimeOffset At { get; init; }

    public VendorLogStatus? VendorStatus { get; init; }

    public string? LevelName { get; init; }

    public long? Shop { get; init; }

    public long? LegId { get; init; }

    public LegStatus? FromStatus { get; init; }

    public LegStatus? ToStatus { get; init; }

    public string? Actor { get; init; }

    public long? HiPayAccountId { get; init; }

    public WalletStatus? WalletStatus { get; init; }

    public string? Login { get; init; }

    public string? Action { get; init; }

    public string? Message { get; init; }

    public long? BatchId { get; init; }

    public LogRow ToRow() => new(Id, At, VendorStatus?.ToString() ?? LevelName, Shop, Subject(), Message, BatchId);

    private string Subject()
    {
        if (LegId is { } leg)
        {
            var move = (FromStatus is { } from ? from + " → " : "") + ToStatus;
            return string.Create(CultureInfo.InvariantCulture, $"leg {leg}: {move}") + (Actor is null ? "" : $" ({Actor})");
        }

        if (WalletStatus is { } wallet)
        {
            var account = HiPayAccountId?.ToString(CultureInfo.InvariantCulture) ?? "—";
            return $"wallet {account} {wallet}" + (Login is null ? "" : $" ({Login})");
        }

        return Action ?? "";
    }
}

/// <summary>
/// The vendor, leg and general logs, newest first, filtered by level, date range (in the operator's time zone),
/// shop and text; "Export CSV" downloads every row of the same filter.
/// </summary>
public sealed class IndexModel(ConnectorDbContext db, DashboardFormat format) : PageModel
{
    /// <summary>Rows in one export at most: a larger export is cut and says so on its last line.</summary>
    public const int MaxExportRows = 100_000;

    [BindProperty(SupportsGet = true)]
    public LogKind Log { get; set; } = LogKind.Vendor;

    [BindProperty(SupportsGet = true)]
    public string? Level { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Shop { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<LogRow> Rows { get; private set; } = [];

    public DashboardPager Pager { get; private set; } = DashboardPager.At(1, 0);

    /// <summary>This page's filter as a CSV download.</summary>
    public string CsvUrl => QueryHelpers.AddQueryString("/logs",
        Request.Query.Where(q => q.Key is not ("page" or "handler"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("handler", "csv")));

    /// <summary>The levels a log knows (the leg log has none: its rows are status changes).</summary>
    public IReadOnlyList<string> Levels => Log switch
    {
        LogKind.Vendor => Enum.GetNames<VendorLogStatus>(),
        LogKind.General => ["Trace", "Debug", "Information", "Warning", "Error", "Critical"],
        _ => [],
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = Query();
        Pager = DashboardPager.At(PageNumber, await rows.CountAsync(ct));
        Rows = [.. (await rows.OrderByDescending(r => r.Id).Skip(Pager.Skip).Take(DashboardPager.Size).ToListAsync(ct)).Select(r => r.ToRow())];
    }

    /// <summary>The filtered rows as CSV: a header line, then one line per row, newest first.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = (await Query().OrderByDescending(r => r.Id).Take(MaxExportRows + 1).ToListAsync(ct)).Select(r => r.ToRow()).ToList();
        var csv = new StringBuilder();
        csv.Append(CsvText.Line(["id", $"time ({format.Zone.Id})", "level", "shop", "subject", "message", "batch"]));
        foreach (var row in rows.Take(MaxExportRows))
        {
            csv.Append(CsvText.Line([
                row.Id.ToString(CultureInfo.InvariantCulture), format.Precise(row.At), row.Level,
                row.Shop?.ToString(CultureInfo.InvariantCulture), row.Subject, row.Message, row.BatchId?.ToString(CultureInfo.InvariantCulture),
            ]));
        }

        if (rows.Count > MaxExportRows)
        {
            csv.Append(CsvText.Line(["", "", "", "", "", string.Create(CultureInfo.InvariantCulture, $"cut at {MaxExportRows} rows: narrow the filter"), ""]));
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{Log.ToString().ToLowerInvariant()}-log.csv");
        return File(CsvText.Bytes(csv), CsvText.ContentType, name);
    }

    // The text filter is lower() in SQL on both providers (case-insensitive for ASCII); no culture takes part.
#pragma warning disable CA1304, CA1311, CA1862
    private IQueryable<LogColumns> Query()
    {
        DateTimeOffset? from = From is { } f ? format.FromLocal(f).ToUniversalTime() : null;
        DateTimeOffset? to = To is { } t ? format.FromLocal(t).ToUniversalTime() : null;
        var text = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim().ToLowerInvariant();
        switch (Log)
        {
            case LogKind.Leg:
            {
                var query = db.LegLog.AsNoTracking();
                if (from is { } a)
                {
                    query = query.Where(e => e.CreatedAt >= a);
                }

                if (to is { } b)
                {
                    query = query.Where(e => e.CreatedAt < b);
                }

                if (Shop is { } shop)
                {
                    query = query.Where(e => e.Leg!.MiraklShopId == shop);
                }

                if (text is not null)
                {
                    query = query.Where(e => e.Message != null && e.Message.ToLower().Contains(text));
                }

                return query.Select(e => new LogColumns
                {
                    Id = e.Id, At = e.CreatedAt, Shop = e.Leg!.MiraklShopId, LegId = e.LegId, FromStatus = e.FromStatus, ToStatus = e.ToStatus,
                    Actor = e.Actor, Message = e.Message, BatchId = e.BatchId,
                });
            }

            case LogKind.General:
            {
                var query = db.GeneralLog.AsNoTracking();
                if (!string.IsNullOrWhiteSpace(Level))
                {
                    query = query.Where(e => e.LevelName == Level);
                }

                if (from is { } a)
                {
                    query = query.Where(e => e.CreatedAt >= a);
                }

                if (to is { } b)
                {
                    query = query.Where(e => e.CreatedAt < b);
                }

                if (Shop is { } shop)
                {
                    query = query.Where(e => e.MiraklShopId == shop);
                }

                if (text is not null)
                {
                    query = query.Where(e => e.Message.ToLower().Contains(text) || (e.Action != null && e.Action.ToLower().Contains(text)));
                }

                return query.Select(e => new LogColumns
                {
                    Id = e.Id, At = e.CreatedAt, LevelName = e.LevelName, Shop = e.MiraklShopId, Action = e.Action, Message = e.Message, BatchId = e.BatchId,
                });
            }

            default:
            {
                var query = db.VendorLog.AsNoTracking();
                if (Enum.TryParse<VendorLogStatus>(Level, ignoreCase: true, out var level) && Enum.IsDefined(level))
                {
                    query = query.Where(e => e.Status == level);
                }

                if (from is { } a)
                {
                    query = query.Where(e => e.CreatedAt >= a);
                }

                if (to is { } b)
                {
                    query = query.Where(e => e.CreatedAt < b);
                }

                if (Shop is { } shop)
                {
                    query = query.Where(e => e.MiraklShopId == shop);
                }

                if (text is not null)
                {
                    query = query.Where(e => (e.Message != null && e.Message.ToLower().Contains(text)) || (e.Login != null && e.Login.ToLower().Contains(text)));
                }

                return query.Select(e => new LogColumns
                {
                    Id = e.Id, At = e.CreatedAt, VendorStatus = e.Status, Shop = e.MiraklShopId, HiPayAccountId = e.HiPayAccountId,
                    WalletStatus = e.WalletStatus, Login = e.Login, Message = e.Message, BatchId = e.BatchId,
                });
            }
        }
    }
#pragma warning restore CA1304, CA1311, CA1862
}
