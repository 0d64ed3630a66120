using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.Core.Features.Scheduling;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard.Pages;

/// <summary>A scheduled job and when it fires next; <see cref="FromScheduler"/> tells whether the job store said so.</summary>
public sealed record NextRun(string Job, string Description, bool Enabled, string? DisabledReason, DateTimeOffset? Next, bool FromScheduler,
    BatchStatusView? Last);

/// <summary>The latest batch of a job, as the overview shows it.</summary>
public sealed record BatchStatusView(long Id, string Outcome, DateTimeOffset? StartedAt);

/// <summary>
/// The overview: per cycle and currency, what is owed, transferred, withdrawn to banks, waiting (and why), the
/// commission and the debts; charts of what reached banks per cycle and of the legs by status; what needs a look (the
/// oldest leg still on its way, the notification lag, dead letters, the latest alerts) and the next scheduled runs.
/// </summary>
public sealed class IndexModel(ConnectorDbContext db, DashboardFormat format, JobSchedule schedule, TimeProvider clock) : PageModel
{
    public const int AlertsShown = 5;

    public PayoutOverviewFigures Figures { get; private set; } = new([], [], null);

    public List<(LegStatus Status, int Count)> LegsByStatus { get; private set; } = [];

    public int InboxWaiting { get; private set; }

    public DateTimeOffset? OldestWaitingNotification { get; private set; }

    public int DeadLetters { get; private set; }

    public int AwaitingApproval { get; private set; }

    public List<AlertLogEntry> Alerts { get; private set; } = [];

    public int AlertsToday { get; private set; }

    public List<NextRun> NextRuns { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public ReconciliationRun? LastReconciliation { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Figures = await PayoutOverview.ReadAsync(db, format.Zone, ct);
        LegsByStatus = [.. (await db.Legs.AsNoTracking().GroupBy(l => l.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Key).Select(x => (x.Key, x.Count))];

        var unprocessed = new[] { InboxOutcome.Pending, InboxOutcome.Failed };
        InboxWaiting = await db.Inbox.AsNoTracking().CountAsync(m => unprocessed.Contains(m.Outcome), ct);
        // The lowest id still waiting is the oldest received (rows are numbered as they arrive).
        OldestWaitingNotification = await db.Inbox.AsNoTracking().Where(m => unprocessed.Contains(m.Outcome)).OrderBy(m => m.Id)
            .Select(m => (DateTimeOffset?)m.ReceivedAt).FirstOrDefaultAsync(ct);
        DeadLetters = await db.Inbox.AsNoTracking().CountAsync(m => m.Outcome == InboxOutcome.DeadLetter, ct);
        AwaitingApproval = await Core.Features.Approvals.ApprovalService.CountAwaitingAsync(db, ct);

        // Alerts of the last day at warning and above, newest first (by id: rows are numbered as they are raised).
        var recent = await db.AlertLog.AsNoTracking().Where(a => a.Severity >= AlertSeverity.Warning).OrderByDescending(a => a.Id).Take(200).ToListAsync(ct);
        var today = recent.Where(a => a.RaisedAt >= Now.AddDays(-1)).ToList();
        AlertsToday = today.Count;
        Alerts = [.. today.Take(AlertsShown)];

        LastReconciliation = await ReconciliationQueries.LastFinishedAsync(db, ct);

        var stored = await QuartzNextFirings.ReadAsync(db, ct);
        foreach (var job in await schedule.ListAsync(ct))
        {
            DateTimeOffset? next = null;
            var fromScheduler = stored.TryGetValue(job.Name, out var storedNext);
            if (fromScheduler)
            {
                next = storedNext;
            }
            else if (job.Enabled)
            {
                next = job.NextFireTime ?? QuartzNextFirings.FromCron(job.Cron, TimeZoneInfo.FindSystemTimeZoneById(job.TimeZone), Now);
            }

            NextRuns.Add(new NextRun(job.Name, job.Description, job.Enabled, job.DisabledReason, next, fromScheduler,
                job.LastBatchId is { } id ? new BatchStatusView(id, job.LastOutcome?.ToString() ?? "", job.LastStartedAt) : null));
        }

        NextRuns = [.. NextRuns.OrderBy(r => r.Next ?? DateTimeOffset.MaxValue)];
    }

    /// <summary>"3 h 20 min", "2 d 4 h": how long ago, for the figures that age.</summary>
    public static string Age(TimeSpan age)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalDays >= 1 ? string.Create(invariant, $"{(int)age.TotalDays} d {age.Hours} h")
            : age.TotalHours >= 1 ? string.Create(invariant, $"{(int)age.TotalHours} h {age.Minutes} min")
            : string.Create(invariant, $"{(int)age.TotalMinutes} min");
    }
}
