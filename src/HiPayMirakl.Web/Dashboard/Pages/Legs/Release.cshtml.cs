using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Legs;

/// <summary>Releases a held leg (operator), after the service read HiPay's books for each of its generations: the leg's page posts here, this page goes back to it.</summary>
[Authorize(Policy = ConnectorPolicies.Operator)]
public sealed class ReleaseModel(ConnectorDbContext db, LegAdministration administration, IStringLocalizer<LegsText> text) : PageModel
{
    public IActionResult OnGet(long id) => LocalRedirect(FormattableString.Invariant($"/legs/{id}"));

    public Task<IActionResult> OnPostAsync(long id, string? reason, CancellationToken ct) =>
        LegActionPage.RunAsync(this, id, reason, db, text, (r, actor) => administration.ReleaseAsync(id, r, actor, ct), ct);
}
