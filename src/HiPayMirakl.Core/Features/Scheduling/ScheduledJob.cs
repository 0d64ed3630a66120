using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Batches;

namespace HiPayMirakl.Core.Features.Scheduling;

/// <summary>What the scheduler does with a firing it could not start on time (the node was down or busy).</summary>
public enum MisfirePolicy
{
    /// <summary>Run once as soon as possible, then keep the schedule: for runs whose work would otherwise wait a whole period.</summary>
    FireOnceNow = 1,

    /// <summary>Drop the missed firing and wait for the next one: for runs the next firing fully covers.</summary>
    Skip = 2,
}

/// <summary>
/// One job of the built-in schedule. <paramref name="Name"/> is the key under Scheduler:Jobs and in `jobs run`;
/// <paramref name="BatchName"/> is the batch and lease name the matching command uses, so a scheduled run and the
/// same command started by hand never overlap. <paramref name="Work"/> runs inside the job's batch; it receives the
/// instant the run is for (the scheduled fire time, or now for a run by hand).
/// </summary>
public sealed record ScheduledJob(
    string Name,
    string BatchName,
    string Description,
    MisfirePolicy Misfire,
    Func<ConnectorSettings, string> DefaultCron,
    Func<IServiceProvider, JobContext, DateTimeOffset, CancellationToken, Task> Work)
{
    /// <summary>Whether the cron is read in Cycle:TimeZone rather than Scheduler:TimeZone.</summary>
    public bool InCycleTimeZone { get; init; }

    /// <summary>Why the job cannot run with these settings (e.g. direct debit not configured), or null.</summary>
    public Func<ConnectorSettings, string?> Unavailable { get; init; } = _ => null;
}

/// <summary>A job's schedule once defaults and settings are combined.</summary>
public sealed record EffectiveSchedule(string Cron, TimeZoneInfo TimeZone, bool Enabled, string? DisabledReason);

/// <summary>A job as `jobs list` and GET /api/jobs show it.</summary>
public sealed record JobStatus(
    string Name,
    string Description,
    string Cron,
    string TimeZone,
    bool Enabled,
    string? DisabledReason,
    MisfirePolicy Misfire,
    DateTimeOffset? NextFireTime,
    long? LastBatchId,
    BatchStatus? LastOutcome,
    DateTimeOffset? LastStartedAt,
    DateTimeOffset? LastEndedAt,
    string? LastSummary);

/// <summary>Thrown for a job name that is not part of the schedule.</summary>
public sealed class UnknownJobException : Exception
{
    public UnknownJobException()
    {
    }

    public UnknownJobException(string message) : base(message)
    {
    }

    public UnknownJobException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public static UnknownJobException For(string name, IEnumerable<string> known) =>
        new($"unknown job '{name}' (jobs: {string.Join(", ", known)})");
}
