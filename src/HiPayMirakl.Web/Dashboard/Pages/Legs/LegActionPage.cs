using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.Web.Dashboard.Text;
using HiPayMirakl.Web.Endpoints;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Legs;

/// <summary>
/// What the hold and release pages share: the reason is checked before anything is read or written, the action is
/// <see cref="LegAdministration"/>'s (the same as <c>POST /api/legs/{id}/hold|release</c> and the command line), the
/// signed-in user is recorded as who acted, and a refusal by the leg's state (written in the leg's log by the
/// service) comes back to the leg's page as an error.
/// </summary>
internal static class LegActionPage
{
    public const string ErrorKey = "LegError";

    public static async Task<IActionResult> RunAsync(PageModel page, long id, string? reason, ConnectorDbContext db, IStringLocalizer<LegsText> text,
        Func<string, string, Task<string>> act, CancellationToken ct)
    {
        if (!await db.Legs.AnyAsync(l => l.Id == id, ct))
        {
            return page.NotFound();
        }

        var back = page.LocalRedirect(FormattableString.Invariant($"/legs/{id}"));
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > OperationsEndpoints.MaxReasonLength)
        {
            page.TempData[ErrorKey] = text["A reason of 1 to {0} characters is required; nothing was changed.", OperationsEndpoints.MaxReasonLength].Value;
            return back;
        }

        try
        {
            var result = await act(reason, AdminApi.Actor(page.HttpContext));
            page.TempData["Flash"] = result;
        }
        catch (LegActionException ex)
        {
            page.TempData[ErrorKey] = text["Refused: {0}", ex.Message].Value;
        }

        return back;
    }
}
