using System.Globalization;
using HiPayMirakl.Core.Features.Alerts;
using Quartz;

namespace HiPayMirakl.Core.Features.Scheduling;

/// <summary>
/// Raises <c>job.missed</c> when a firing is later than Scheduler:MisfireThreshold: the node was down, or every
/// worker was busy. Whether the job then runs once or waits for its next firing is its misfire policy.
/// </summary>
public sealed class MissedFiringAlerts(IAlertSink alerts) : ITriggerListener
{
    public const string Kind = "job.missed";

    public string Name => "connector-missed-firings";

    public ValueTask TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var job = trigger.JobKey.Name;
        // Called before the trigger moves past the missed firing: its next fire time is the one that was missed.
        var missed = trigger.NextFireTimeUtc?.ToString("O", CultureInfo.InvariantCulture) ?? "unknown";
        var policy = JobSchedule.Find(job)?.Misfire is MisfirePolicy.Skip ? "it waits for its next firing" : "it runs once now";
        alerts.Raise(new Alert(Kind, AlertSeverity.Warning, $"Job {job} did not run when scheduled ({missed})",
            $"The firing of {job} scheduled for {missed} did not start in time; {policy}.", job));
        return ValueTask.CompletedTask;
    }

    public ValueTask TriggerFired(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    public ValueTask TriggerComplete(ITrigger trigger, IJobExecutionContext context, SchedulerInstruction triggerInstructionCode, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public ValueTask TriggerSkipped(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask TriggerRetriesExhausted(ITrigger trigger, IJobExecutionContext context, JobExecutionException exception, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;
}
