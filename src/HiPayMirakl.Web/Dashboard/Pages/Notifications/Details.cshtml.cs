using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard.Pages.Notifications;

/// <summary>One stored notification: its state and its body, field by field, with every secret hidden.</summary>
public sealed class DetailsModel(ConnectorDbContext db, IAuthorizationService authorization) : PageModel
{
    public InboxMessage Message { get; private set; } = new();

    public IReadOnlyList<InboxBodyField> Fields { get; private set; } = [];

    public bool CanReplay { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.Inbox.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is not { } message)
        {
            return NotFound();
        }

        Message = message;
        Fields = InboxBodyDisplay.Fields(message);
        CanReplay = message.Outcome == InboxOutcome.DeadLetter && (await authorization.AuthorizeAsync(User, ConnectorPolicies.Operator)).Succeeded;
        return Page();
    }
}
