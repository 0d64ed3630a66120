using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace HiPayMirakl.Core.Features.Scheduling;

/// <summary>
/// Brings the stored schedule in line with the settings, then starts the scheduler; stops it with the host. A
/// trigger whose cron and time zone did not change is kept as stored, so a firing missed while every node was down
/// is still seen as missed (alert and misfire policy) rather than hidden by a fresh trigger.
/// </summary>
public sealed partial class SchedulerHost(
    ISchedulerFactory factory,
    ConnectorSettings settings,
    MissedFiringAlerts missed,
    Func<ConnectorDbContext> createContext,
    ILogger<SchedulerHost> logger)
    : IHostedService
{
    public const string Group = "connector";

    // The job store's two row locks. Whichever node comes first inserts them, outside any transaction and never as an
    // error for the others, so nodes starting together do not race to create them inside their own transactions.
    private const string SeedLocks =
        "INSERT INTO " + SchedulingServices.TablePrefix + "locks (sched_name, lock_name) VALUES ('" + SchedulingServices.SchedulerName
        + "', 'TRIGGER_ACCESS'), ('" + SchedulingServices.SchedulerName + "', 'STATE_ACCESS') ON CONFLICT DO NOTHING";

    // The same on MySQL, whose Quartz tables keep the upper-case names Quartz's queries use (table names are
    // case-sensitive there); INSERT IGNORE is MySQL's "skip the rows a unique key already holds".
    private const string SeedLocksMySql =
        "INSERT IGNORE INTO " + SchedulingServices.TablePrefix + "LOCKS (SCHED_NAME, LOCK_NAME) VALUES ('" + SchedulingServices.SchedulerName
        + "', 'TRIGGER_ACCESS'), ('" + SchedulingServices.SchedulerName + "', 'STATE_ACCESS')";

    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = createContext())
        {
            await db.Database.ExecuteSqlRawAsync(settings.Database.Provider == DatabaseProvider.MySql ? SeedLocksMySql : SeedLocks, cancellationToken);
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        scheduler.ListenerManager.AddTriggerListener(missed, [GroupMatcher<TriggerKey>.GroupEquals(Group)]);
        foreach (var job in JobSchedule.Jobs)
        {
            await SyncWithRetryAsync(scheduler, job, JobSchedule.ScheduleOf(job, settings), cancellationToken);
        }

        await scheduler.Start(cancellationToken);
        _scheduler = scheduler;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            await scheduler.Shutdown(true, cancellationToken);
        }
    }

    /// <summary>
    /// Nodes starting at the same moment race for the job store's lock rows: on PostgreSQL the node whose insert of a
    /// missing lock row loses sees its whole transaction aborted. The row exists afterwards, so a new transaction a
    /// moment later succeeds; only a store that keeps failing stops the start.
    /// </summary>
    private async Task SyncWithRetryAsync(IScheduler scheduler, ScheduledJob job, EffectiveSchedule schedule, CancellationToken ct)
    {
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SyncAsync(scheduler, job, schedule, ct);
                return;
            }
            catch (JobPersistenceException ex) when (attempt < attempts)
            {
                SyncRetried(logger, job.Name, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
            }
        }
    }

    private async Task SyncAsync(IScheduler scheduler, ScheduledJob job, EffectiveSchedule schedule, CancellationToken ct)
    {
        var jobKey = new JobKey(job.Name, Group);
        var triggerKey = new TriggerKey(job.Name, Group);
        if (!schedule.Enabled)
        {
            await scheduler.DeleteJob(jobKey, ct);
            JobOff(logger, job.Name, schedule.DisabledReason ?? "disabled");
            return;
        }

        var instruction = job.Misfire == MisfirePolicy.FireOnceNow ? CronTriggerMisfireInstruction.FireAndProceed : CronTriggerMisfireInstruction.DoNothing;
        if (await scheduler.GetTrigger(triggerKey, ct) is ICronTrigger stored
            && stored.CronExpressionString == schedule.Cron
            && stored.TimeZone.Id == schedule.TimeZone.Id
            && stored.MisfireInstruction == instruction)
        {
            JobOn(logger, job.Name, schedule.Cron, schedule.TimeZone.Id);
            return;
        }

        var detail = JobBuilder.Create<ScheduledJobRun>().WithIdentity(jobKey).WithDescription(job.Description).StoreDurably().Build();
        var trigger = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(jobKey)
            .WithCronSchedule(schedule.Cron, c => c.InTimeZone(schedule.TimeZone).WithMisfireInstruction(instruction))
            .Build();
        try
        {
            await scheduler.ScheduleJob(detail, [trigger], ScheduleJobOptions.Replacing, ct);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another node starting at the same moment stored it first; the same settings give the same trigger.
        }

        JobOn(logger, job.Name, schedule.Cron, schedule.TimeZone.Id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler: storing {Job}'s trigger failed (attempt {Attempt}), trying again: {Reason}")]
    private static partial void SyncRetried(ILogger logger, string job, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: {Job} on ({Cron}, {Zone})")]
    private static partial void JobOn(ILogger logger, string job, string cron, string zone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: {Job} off ({Reason})")]
    private static partial void JobOff(ILogger logger, string job, string reason);
}
