using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Notifications;

/// <summary>
/// Puts a dead letter back in the queue (operators): the same <see cref="InboxStore.ReplayAsync"/> as
/// POST /api/inbox/{id}/replay, then wakes the dispatcher. Only a dead letter is replayed: an applied notification
/// replayed would be applied twice.
/// </summary>
[Authorize(Policy = ConnectorPolicies.Operator)]
public sealed class ReplayModel(ConnectorDbContext db, InboxSignal signal, IStringLocalizer<OperationsText> text) : PageModel
{
    public IActionResult OnGet(long id) => Redirect($"/notifications/{id}");

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (await InboxStore.ReplayAsync(db, id, ct))
        {
            signal.Wake();
            TempData["Flash"] = text["Notification #{0} is back in the queue.", id].Value;
        }
        else if (await db.Inbox.AnyAsync(m => m.Id == id, ct))
        {
            TempData["Flash"] = text["Notification #{0} is not a dead letter; nothing was replayed.", id].Value;
        }
        else
        {
            return NotFound();
        }

        return Redirect($"/notifications/{id}");
    }
}
