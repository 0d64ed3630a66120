using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Scheduling;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard.Pages.Jobs;

/// <summary>
/// The schedule (each job's cron, next fire time and latest batch, from the same list as GET /api/jobs) and the
/// history of batches, newest first, filtered by job and outcome. While a batch on the page runs, or a run started
/// here has not finished, the history refreshes itself.
/// </summary>
public sealed class IndexModel(JobSchedule schedule, ConnectorDbContext db, DashboardJobRuns runs, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Job { get; set; }

    [BindProperty(SupportsGet = true)]
    public BatchStatus? Status { get; set; }

    /// <summary>Set after "Run now": the newest batch id before the run, so the page waits for the run's own batch.</summary>
    [BindProperty(SupportsGet = true)]
    public long? After { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<JobStatus> Jobs { get; private set; } = [];

    public IReadOnlyList<Batch> Batches { get; private set; } = [];

    public DashboardPager Pager { get; private set; } = DashboardPager.At(1, 0);

    public bool CanRun { get; private set; }

    /// <summary>A batch shown is still running, or a run started from the dashboard has not finished.</summary>
    public bool Live { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Jobs = await schedule.ListAsync(ct);
        CanRun = (await authorization.AuthorizeAsync(User, ConnectorPolicies.Operator)).Succeeded;

        var query = db.Batches.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Job) && JobSchedule.Find(Job) is { } job)
        {
            query = query.Where(b => b.Name == job.BatchName);
        }

        if (Status is { } status && Enum.IsDefined(status))
        {
            query = query.Where(b => b.Status == status);
        }

        Pager = DashboardPager.At(PageNumber, await query.CountAsync(ct));
        Batches = await query.OrderByDescending(b => b.Id).Skip(Pager.Skip).Take(DashboardPager.Size).ToListAsync(ct);
        Live = runs.Running.Count > 0 || Batches.Any(b => b.Status == BatchStatus.Running)
            || (After is { } after && !await db.Batches.AnyAsync(b => b.Id > after, ct));
    }

    /// <summary>The schedule's name of a batch (its job), or the batch's own name for a command's batch.</summary>
    public static string JobOf(Batch batch) =>
        JobSchedule.Jobs.FirstOrDefault(j => string.Equals(j.BatchName, batch.Name, StringComparison.Ordinal))?.Name ?? batch.Name;

    public static string BadgeOf(BatchStatus? status) => status switch
    {
        BatchStatus.Succeeded => "ok",
        BatchStatus.SucceededWithErrors or BatchStatus.Skipped => "warn",
        BatchStatus.Failed => "bad",
        _ => "neutral",
    };
}
