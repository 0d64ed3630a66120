using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Scheduling;

/// <summary>
/// The next fire time of each job as the running scheduler stored it in its job store (<c>qrtz_triggers</c>). Empty
/// when no <c>serve</c> process has scheduled the jobs yet; the caller then falls back to the cron.
/// </summary>
public static class QuartzNextFirings
{
    public static async Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadAsync(ConnectorDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Spelled as Quartz spells it: MySQL table names are case-sensitive on Linux (qrtz_TRIGGERS), and the unquoted
        // name folds to PostgreSQL's qrtz_triggers.
        var rows = await db.Database.SqlQueryRaw<QuartzTriggerRow>(
                "SELECT job_name AS \"JobName\", next_fire_time AS \"NextFireTime\" FROM " + SchedulingServices.TablePrefix + "TRIGGERS"
                + " WHERE sched_name = {0} AND trigger_group = {1}",
                SchedulingServices.SchedulerName, SchedulerHost.Group)
            .ToListAsync(ct);
        var next = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            // Quartz keeps instants as UTC ticks.
            if (row.NextFireTime is { } ticks && ticks > 0)
            {
                next[row.JobName] = new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        return next;
    }

    /// <summary>The next firing after <paramref name="after"/> by the cron alone (what the scheduler would store).</summary>
    public static DateTimeOffset? FromCron(string cron, TimeZoneInfo zone, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new Quartz.CronExpression(cron, zone).GetNextValidTimeAfter(after);
    }
}

/// <summary>One row of the scheduler's trigger table, as read.</summary>
internal sealed class QuartzTriggerRow
{
    public string JobName { get; set; } = "";

    public long? NextFireTime { get; set; }
}
