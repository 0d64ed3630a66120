using HiPayMirakl.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace HiPayMirakl.Core.Features.Scheduling;

/// <summary>
/// Brings the stored schedule in line with the settings, then starts the scheduler; stops it with the host. A
/// trigger whose cron and time zone did not change is kept as stored, so a firing missed while every node was down
/// is still seen as missed (alert and misfire policy) rather than hidden by a fresh trigger.
/// </summary>
public sealed partial class SchedulerHost(ISchedulerFactory factory, ConnectorSettings settings, MissedFiringAlerts missed, ILogger<SchedulerHost> logger)
    : IHostedService
{
    public const string Group = "connector";

    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        scheduler.ListenerManager.AddTriggerListener(missed, [GroupMatcher<TriggerKey>.GroupEquals(Group)]);
        foreach (var job in JobSchedule.Jobs)
        {
            await SyncAsync(scheduler, job, JobSchedule.ScheduleOf(job, settings), cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: {Job} on ({Cron}, {Zone})")]
    private static partial void JobOn(ILogger logger, string job, string cron, string zone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: {Job} off ({Reason})")]
    private static partial void JobOff(ILogger logger, string job, string reason);
}
