using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Legs;

/// <summary>
/// One of finance's overrides on a leg (operator): mark paid outside the connector, skip, or re-issue the withdrawal.
/// The page says what the action does and asks for the reason; the post runs <see cref="LegOverrides"/> (the same as
/// <c>POST /api/legs/{id}/override</c> and the command line) and goes back to the leg's page.
/// </summary>
[Authorize(Policy = ConnectorPolicies.Operator)]
public sealed class OverrideModel(ConnectorDbContext db, LegOverrides overrides, IStringLocalizer<LegsText> text) : PageModel
{
    public Leg? Leg { get; private set; }

    public LegOverrideAction Action { get; private set; }

    public bool Allowed { get; private set; }

    public string Title => Titles(Action);

    public string Explanation => Action switch
    {
        LegOverrideAction.MarkPaidOutside => "The seller was paid by other means: the leg ends as PaidOutside and the connector never pays it.",
        LegOverrideAction.Skip => "The leg is not paid through the connector (a dispute, a duplicate): it ends as Skipped.",
        _ => "The seller's bank details changed: the withdrawal is sent again by the next withdrawal run, under a new key when the last one reached HiPay.",
    };

    /// <summary>The button and page title of an action (a key of <see cref="LegsText"/>).</summary>
    public static string Titles(LegOverrideAction action) => action switch
    {
        LegOverrideAction.MarkPaidOutside => "Mark paid outside",
        LegOverrideAction.Skip => "Skip",
        _ => "Re-issue withdrawal",
    };

    public async Task<IActionResult> OnGetAsync(long id, string kind, CancellationToken ct)
    {
        if (LegOverrides.Parse(kind) is not { } parsed)
        {
            return NotFound();
        }

        Leg = await db.Legs.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct);
        if (Leg is null)
        {
            return NotFound();
        }

        Action = parsed;
        Allowed = LegOverrides.AllowedFrom(parsed).Contains(Leg.Status);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(long id, string kind, string? reason, CancellationToken ct) =>
        LegOverrides.Parse(kind) is { } parsed
            ? LegActionPage.RunAsync(this, id, reason, db, text, (r, actor) => overrides.ApplyAsync(id, parsed, r, actor, ct), ct)
            : Task.FromResult<IActionResult>(NotFound());
}
