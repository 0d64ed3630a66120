using System.Collections.Concurrent;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Web.Dashboard;

/// <summary>
/// Runs a job from the dashboard's "Run now" button through <see cref="JobSchedule.RunAsync"/>, the service behind
/// POST /api/jobs/{name}/run, without holding the browser's request for the whole run: the page answers at once and
/// the jobs page follows the batch while it runs. The run stops with the host; the job's lease still keeps it to
/// one runner across instances. Jobs started here are remembered while they run so the page keeps refreshing even
/// before the batch row exists.
/// </summary>
public sealed partial class DashboardJobRuns(JobSchedule schedule, IHostApplicationLifetime lifetime, ILogger<DashboardJobRuns> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, (string Job, Task Run)> _running = new();

    /// <summary>Jobs started from the dashboard and not finished yet.</summary>
    public IReadOnlyCollection<string> Running => [.. _running.Values.Select(r => r.Job).Distinct(StringComparer.Ordinal)];

    /// <summary>Starts <paramref name="job"/> (a name of the schedule) as a manual run; does not wait for it.</summary>
    public void Start(string job, string actor)
    {
        var id = Guid.NewGuid();
        // Registered before it may end, so a quick run cannot finish before it is remembered (and then stay forever).
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[id] = (job, RunAsync(id, job, actor, registered.Task));
        registered.SetResult();
        LogStarted(logger, job, actor);
    }

    private async Task RunAsync(Guid id, string job, string actor, Task registered)
    {
        await registered.ConfigureAwait(false);
        try
        {
            var result = await schedule.RunAsync(job, new JobTrigger(JobTrigger.Manual), lifetime.ApplicationStopping).ConfigureAwait(false);
            LogFinished(logger, job, actor, result.Outcome, result.BatchId);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            LogStopped(logger, job);
        }
#pragma warning disable CA1031 // A run nobody awaits must not go unobserved: its failure is logged (the batch row records the job's own failure).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, job);
        }
        finally
        {
            _running.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync() => await Task.WhenAll(_running.Values.Select(r => r.Run));

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} started from the dashboard by {Actor}.")]
    private static partial void LogStarted(ILogger logger, string job, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} started from the dashboard by {Actor} ended {Outcome} (batch {BatchId}).")]
    private static partial void LogFinished(ILogger logger, string job, string actor, JobRunOutcome outcome, long? batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} started from the dashboard was stopped with the host.")]
    private static partial void LogStopped(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} started from the dashboard could not run.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job);
}
