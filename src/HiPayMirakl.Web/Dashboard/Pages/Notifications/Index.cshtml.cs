using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard.Pages.Notifications;

/// <summary>What a notification's state filter groups: waiting for the dispatcher, done with, given up.</summary>
public enum InboxState
{
    Pending = 1,
    Processed = 2,
    DeadLetter = 3,
}

/// <summary>
/// The notification inbox, newest first: each received notification with its outcome, filtered by state and source.
/// Dead letters carry a "Replay" button for operators.
/// </summary>
public sealed class IndexModel(ConnectorDbContext db, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public InboxState? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public NotificationSource? Source { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<InboxMessage> Rows { get; private set; } = [];

    public DashboardPager Pager { get; private set; } = DashboardPager.At(1, 0);

    public bool CanReplay { get; private set; }

    /// <summary>Rows waiting for the dispatcher are on the page: it refreshes itself until they are done.</summary>
    public bool Live { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanReplay = (await authorization.AuthorizeAsync(User, ConnectorPolicies.Operator)).Succeeded;
        var query = db.Inbox.AsNoTracking();
        query = State switch
        {
            InboxState.Pending => query.Where(m => m.Outcome == InboxOutcome.Pending || m.Outcome == InboxOutcome.Failed),
            InboxState.Processed => query.Where(m => m.Outcome == InboxOutcome.Applied || m.Outcome == InboxOutcome.Ignored || m.Outcome == InboxOutcome.Suspicious),
            InboxState.DeadLetter => query.Where(m => m.Outcome == InboxOutcome.DeadLetter),
            _ => query,
        };
        if (Source is { } source && Enum.IsDefined(source))
        {
            query = query.Where(m => m.Source == source);
        }

        Pager = DashboardPager.At(PageNumber, await query.CountAsync(ct));
        // The body stays in the database: the list needs only the columns it shows.
        Rows = await query.OrderByDescending(m => m.Id).Skip(Pager.Skip).Take(DashboardPager.Size)
            .Select(m => new InboxMessage
            {
                Id = m.Id, Source = m.Source, Kind = m.Kind, Reference = m.Reference, Outcome = m.Outcome, OutcomeMessage = m.OutcomeMessage,
                Attempts = m.Attempts, ReceivedAt = m.ReceivedAt, ProcessedAt = m.ProcessedAt, NextAttemptAt = m.NextAttemptAt,
            })
            .ToListAsync(ct);
        Live = Rows.Any(m => m.Outcome is InboxOutcome.Pending);
    }

    public static string BadgeOf(InboxOutcome outcome) => outcome switch
    {
        InboxOutcome.Applied => "ok",
        InboxOutcome.Ignored or InboxOutcome.Pending => "neutral",
        InboxOutcome.Failed or InboxOutcome.Suspicious => "warn",
        _ => "bad",
    };
}
