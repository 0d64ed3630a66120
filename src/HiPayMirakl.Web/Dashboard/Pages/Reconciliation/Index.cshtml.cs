using System.Globalization;
using System.Text;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard.Pages.Reconciliation;

/// <summary>
/// The reconciliation runs, newest first, and the findings of one run (the newest unless another is chosen), filtered
/// by kind and downloadable as CSV. Operators get a "Run now" button (a POST to <see cref="RunModel"/>).
/// </summary>
public sealed class IndexModel(ConnectorDbContext db, DashboardFormat format, IAuthorizationService authorization) : PageModel
{
    public const int RunsShown = 20;
    public const int MaxExportRows = 10_000;

    [BindProperty(Name = "run", SupportsGet = true)]
    public long? RunId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<ReconciliationRun> Runs { get; private set; } = [];

    public ReconciliationRun? Selected { get; private set; }

    public IReadOnlyList<ReconciliationFinding> Findings { get; private set; } = [];

    public DashboardPager Pager { get; private set; } = DashboardPager.At(1, 0);

    public bool CanRun { get; private set; }

    public string CsvUrl => string.Create(CultureInfo.InvariantCulture,
        $"/reconciliation?handler=csv&run={Selected?.Id}{(string.IsNullOrEmpty(KindFilter) ? "" : "&kind=" + Uri.EscapeDataString(KindFilter))}");

    /// <summary>The kind filter when it names a known kind; anything else shows every kind.</summary>
    public string? KindFilter => Kind is { } k && FindingKinds.All.Contains(k) ? k : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanRun = (await authorization.AuthorizeAsync(User, ConnectorPolicies.Operator)).Succeeded;
        Runs = await ReconciliationQueries.Runs(db).Take(RunsShown).ToListAsync(ct);
        Selected = await SelectAsync(ct);
        if (Selected is { } run)
        {
            (Pager, var rows) = await DashboardPager.ReadAsync(ReconciliationQueries.Findings(db, run.Id, KindFilter), PageNumber, ct);
            Findings = rows;
        }
    }

    /// <summary>The chosen run's findings (of the chosen kind) as CSV, in the order they were found.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await SelectAsync(ct) is not { } run)
        {
            return NotFound();
        }

        var rows = await ReconciliationQueries.Findings(db, run.Id, KindFilter).Take(MaxExportRows + 1).ToListAsync(ct);
        var csv = new StringBuilder();
        csv.Append(CsvText.Line(["run", "kind", "reference", "invoice", "leg", "amount_minor", "currency", "detail"]));
        foreach (var f in rows.Take(MaxExportRows))
        {
            csv.Append(CsvText.Line([
                run.Id.ToString(CultureInfo.InvariantCulture), f.Kind, f.Reference, f.InvoiceId, f.LegId?.ToString(CultureInfo.InvariantCulture),
                f.AmountMinor?.ToString(CultureInfo.InvariantCulture), f.Currency, f.Detail,
            ]));
        }

        if (rows.Count > MaxExportRows)
        {
            csv.Append(CsvText.Line(["", "", "", "", "", "", "", string.Create(CultureInfo.InvariantCulture, $"cut at {MaxExportRows} rows: filter by kind")]));
        }

        return File(CsvText.Bytes(csv), CsvText.ContentType, string.Create(CultureInfo.InvariantCulture, $"reconciliation-{run.Id}.csv"));
    }

    public string When(DateTimeOffset? at) => format.Time(at);

    public static string BadgeOf(ReconciliationRun run) =>
        run.Error is not null ? "bad" : run.FinishedAt is null ? "neutral" : run.FindingCount > 0 ? "warn" : "ok";

    private async Task<ReconciliationRun?> SelectAsync(CancellationToken ct) =>
        RunId is { } id
            ? await db.ReconciliationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct)
            : await ReconciliationQueries.Runs(db).FirstOrDefaultAsync(ct);
}
