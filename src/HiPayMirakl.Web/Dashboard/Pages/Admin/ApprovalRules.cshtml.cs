using System.Globalization;
using HiPayMirakl.Core.Features.Approvals;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Admin;

/// <summary>
/// The approval rules (admins): amounts typed in major units, one currency per line ("EUR 5 000,00"), read exactly
/// through the one currency table like every dashboard amount. Each save is a new version, the same as
/// <c>PUT /api/approval-rules</c>; the versions are listed with who saved them.
/// </summary>
[Authorize(Policy = ConnectorPolicies.Admin)]
public sealed class ApprovalRulesModel(ApprovalService approvals, IStringLocalizer<ApprovalsText> text) : PageModel
{
    public CurrentApprovalRules? Current { get; private set; }

    public IReadOnlyList<ApprovalRulesVersion> Versions { get; private set; } = [];

    public List<string> Errors { get; } = [];

    [BindProperty]
    public string? AmountAbove { get; set; }

    [BindProperty]
    public string? DailyTotalAbove { get; set; }

    [BindProperty]
    public bool FirstPayout { get; set; }

    [BindProperty]
    public int BankDetailsChangedWithinDays { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var rules = Current!.Rules;
        AmountAbove = Lines(rules.AmountAbove);
        DailyTotalAbove = Lines(rules.DailyTotalAbove);
        FirstPayout = rules.FirstPayout;
        BankDetailsChangedWithinDays = rules.BankDetailsChangedWithinDays;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var document = new ApprovalRulesDocument
        {
            AmountAbove = Amounts(AmountAbove, text["Amount of one leg above"]),
            DailyTotalAbove = Amounts(DailyTotalAbove, text["Shop total per cycle day above"]),
            FirstPayout = FirstPayout,
            BankDetailsChangedWithinDays = BankDetailsChangedWithinDays,
        };
        if (Errors.Count == 0)
        {
            try
            {
                var version = await approvals.UpdateRulesAsync(document, User.Identity?.Name ?? "", ct);
                TempData["Flash"] = text["Approval rules saved as version {0}.", version.Number].Value;
                return LocalRedirect("/admin/approval-rules");
            }
            catch (ApprovalException ex)
            {
                Errors.Add(ex.Message);
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Current = await approvals.CurrentAsync(ct);
        Versions = await approvals.VersionsAsync(ct);
    }

    private static string Lines(IReadOnlyDictionary<string, Core.Money.Money> amounts) =>
        string.Join("\n", amounts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " " + p.Value.ToDecimalString()));

    /// <summary>"EUR 1 000,50" lines into the document's invariant major-unit strings; a line that cannot be read exactly is an error.</summary>
    private Dictionary<string, string> Amounts(string? lines, string field)
    {
        var amounts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in (lines ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var code = parts[0].ToUpperInvariant();
            if (parts.Length != 2 || !Core.Money.Currency.TryOf(code, out var currency)
                || !DashboardAmountInput.TryParse(parts[1], currency.Code, out var minor))
            {
                Errors.Add(text["{0}: \"{1}\" is not a currency code and an amount with at most the currency's decimals, like EUR 5000.00.", field, line]);
                continue;
            }

            amounts[currency.Code] = new Core.Money.Money(minor, currency).ToDecimalString();
        }

        return amounts;
    }

    public static string Describe(string json)
    {
        var d = ApprovalRules.ParseDocument(json);
        var parts = new List<string>();
        parts.AddRange(d.AmountAbove.Select(p => $"> {p.Value} {p.Key}"));
        parts.AddRange(d.DailyTotalAbove.Select(p => $"Σ/day > {p.Value} {p.Key}"));
        if (d.FirstPayout)
        {
            parts.Add("1st payout");
        }

        if (d.BankDetailsChangedWithinDays > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"IBAN < {d.BankDetailsChangedWithinDays} d"));
        }

        return parts.Count == 0 ? "—" : string.Join(" · ", parts);
    }
}
