using HiPayMirakl.Core.Features.Batches;
using Quartz;

namespace HiPayMirakl.Core.Features.Scheduling;

/// <summary>
/// What a trigger firing executes: the named job of <see cref="JobSchedule"/>, as one batch recording the fire time
/// it was scheduled for. One Quartz job per schedule entry, never two firings of one entry at once in the cluster.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduledJobRun(JobSchedule schedule) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scheduledFor = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        await schedule.RunAsync(context.JobDetail.Key.Name, new JobTrigger(JobTrigger.Schedule, scheduledFor), cancellationToken);
    }
}
