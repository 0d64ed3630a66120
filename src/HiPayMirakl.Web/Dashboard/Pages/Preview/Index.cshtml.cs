using System.Globalization;
using System.Text;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Web.Dashboard.Text;
using HiPayMirakl.Web.Endpoints;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Preview;

/// <summary>
/// What a cash-out cycle would do, before it does it: the legs it would create (netting included), the recorded ones
/// whose amount differs from Mirakl's, the money steps due now with their pre-checks, and the treasury per currency.
/// Computed by <see cref="CyclePreview"/>, the same as <c>GET /api/cycles/preview</c> and <c>cashout:run --dry-run</c>.
/// </summary>
public sealed class IndexModel(CashoutCycle cycle, CyclePreview preview, IStringLocalizer<PreviewText> text) : PageModel
{
    public const string ShowNew = "new";
    public const string ShowDifferent = "different";
    public const string ShowBlocked = "blocked";

    [BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public string? Error { get; private set; }

    public CyclePreviewResult? Result { get; private set; }

    public List<CyclePreviewRow> Rows { get; private set; } = [];

    public DashboardPager? Pager { get; private set; }

    public string CsvUrl => QueryHelpers("/preview?handler=Csv", ("date", Date), ("show", Show));

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await ComputeAsync(ct);
        if (Result is null)
        {
            return;
        }

        var rows = Filter(Result.Rows).ToList();
        Pager = DashboardPager.At(PageNumber, rows.Count);
        Rows = [.. rows.Skip(Pager.Skip).Take(DashboardPager.Size)];
    }

    /// <summary>The filtered rows as CSV, every one of them (the preview is one cycle, not a history).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        Result = await ComputeAsync(ct);
        if (Result is null)
        {
            return Page();
        }

        var csv = CyclePreviewCsv.Write(Result with { Rows = [.. Filter(Result.Rows)] });
        var name = string.Create(CultureInfo.InvariantCulture, $"cycle-preview-{Result.Window.CycleInstant:yyyy-MM-dd}.csv");
        return File(CsvText.Bytes(new StringBuilder(csv)), CsvText.ContentType, name);
    }

    public string ShowUrl(string? show) => QueryHelpers("/preview", ("date", Date), ("show", show));

    private async Task<CyclePreviewResult?> ComputeAsync(CancellationToken ct)
    {
        if (!CyclePreviewEndpoints.TryCycleDate(Date, out var day))
        {
            Error = text["The cycle date must be a date like 2026-01-31."];
            return null;
        }

        return await preview.PreviewAsync(cycle.ResolveWindow(day), ct);
    }

    private IEnumerable<CyclePreviewRow> Filter(IEnumerable<CyclePreviewRow> rows) => Show switch
    {
        ShowNew => rows.Where(r => r.Change == PreviewChange.New),
        ShowDifferent => rows.Where(r => r.Change == PreviewChange.RecordedDifferent),
        ShowBlocked => rows.Where(r => r.Blocked || r.Change is PreviewChange.NoWallet or PreviewChange.Invalid),
        _ => rows,
    };

    private static string QueryHelpers(string path, params (string Name, string? Value)[] parameters) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path,
            parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));
}
