using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard.Pages.Legs;

/// <summary>
/// One leg: its facts, its claim, the merchant_unique_id of every generation, its log as a timeline (calls with their
/// key, answers, notifications, failures and retries, holds and releases with who did it) and the notifications that
/// name it. Operators also get the hold or release form; the pages those forms post to refuse anyone else.
/// </summary>
public sealed class DetailsModel(ConnectorDbContext db, LegAdministration administration, IAuthorizationService authorization) : PageModel
{
    public LegTimelineView? View { get; private set; }

    public bool CanAct { get; private set; }

    /// <summary>Why approval rules held the leg, and the decision on it (both null for a leg no rule ever held).</summary>
    public Core.Features.Approvals.LegApprovalState? Approval { get; private set; }

    public bool IsHeld => View?.Leg.Status is LegStatus.TransferHeld or LegStatus.WithdrawHeld;

    /// <summary>The overrides the leg's status allows (operators only; HiPay's books still decide on the post).</summary>
    public IReadOnlyList<LegOverrideAction> Overrides =>
        CanAct && View is { } view ? Enum.GetValues<LegOverrideAction>().Where(a => LegOverrides.AllowedFrom(a).Contains(view.Leg.Status)).ToList() : [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await db.Legs.AnyAsync(l => l.Id == id, ct))
        {
            return NotFound();
        }

        View = await LegTimeline.LoadAsync(db, await administration.ShowAsync(id, ct), ct);
        CanAct = (await authorization.AuthorizeAsync(User, ConnectorPolicies.Operator)).Succeeded;
        Approval = await Core.Features.Approvals.ApprovalService.StateAsync(db, id, ct);
        return Page();
    }

    /// <summary>The badge colour of a timeline line: what it did to the leg matters more than who said it.</summary>
    public static string Tone(LegTimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Kind switch
        {
            LegEventKind.Refusal or LegEventKind.Failure => "bad",
            LegEventKind.Hold or LegEventKind.Override => "warn",
            _ => IndexModel.Tone(entry.To) is "bad" or "warn" && entry.Kind != LegEventKind.Call ? "bad"
                : entry.Kind is LegEventKind.Answer or LegEventKind.Release or LegEventKind.Notification ? "ok" : "neutral",
        };
    }
}
