using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Scheduling;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Jobs;

/// <summary>
/// "Run now" of one job (operators): the same run as POST /api/jobs/{name}/run (<see cref="JobSchedule.RunAsync"/>),
/// started in the background so the jobs page can follow its batch. A job that cannot run here (direct debit without
/// its gateway) or that holds a live lease (running elsewhere) is refused with a message and nothing is started.
/// </summary>
[Authorize(Policy = ConnectorPolicies.Operator)]
public sealed class RunModel(ConnectorSettings settings, ConnectorDbContext db, DashboardJobRuns runs, TimeProvider clock, IStringLocalizer<OperationsText> text) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Jobs/Index");

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken ct)
    {
        if (JobSchedule.Find(name) is not { } job)
        {
            return NotFound();
        }

        if (job.Unavailable(settings) is { } reason)
        {
            TempData["Flash"] = text["{0} cannot run: {1}", job.Name, reason].Value;
            return RedirectToPage("/Jobs/Index");
        }

        // A courtesy: the runner's lease is what really keeps a job to one run at a time.
        var now = clock.GetUtcNow();
        if (await db.JobLeases.AsNoTracking().AnyAsync(l => l.JobName == job.BatchName && l.ExpiresAt > now, ct))
        {
            TempData["Flash"] = text["{0} is already running; nothing was started.", job.Name].Value;
            return RedirectToPage("/Jobs/Index");
        }

        // The newest batch before the run: the jobs page keeps refreshing until a newer one shows.
        var before = await db.Batches.MaxAsync(b => (long?)b.Id, ct) ?? 0;
        runs.Start(job.Name, User.Identity?.Name ?? "dashboard");
        TempData["Flash"] = text["{0} started; its batch appears below.", job.Name].Value;
        return RedirectToPage("/Jobs/Index", new { after = before });
    }
}
