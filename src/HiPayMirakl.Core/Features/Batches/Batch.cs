namespace HiPayMirakl.Core.Features.Batches;

/// <summary>One run of a job (vendor sync, generate, transfer…): the audit trail of who ran what, when, and how it ended.</summary>
public sealed class Batch
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Arguments the job was started with (never secrets).</summary>
    public string? Arguments { get; set; }

    public string? Host { get; set; }

    public BatchStatus Status { get; set; } = BatchStatus.Running;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public int ItemsProcessed { get; set; }

    public int ItemsFailed { get; set; }

    public string? Error { get; set; }

    /// <summary>What started the run: <c>schedule</c> (a trigger firing), <c>manual</c> (jobs run, the API), or null for a job command.</summary>
    public string? Trigger { get; set; }

    /// <summary>The fire time the schedule meant (not when it actually ran): one scheduled firing, one batch.</summary>
    public DateTimeOffset? ScheduledFor { get; set; }

    /// <summary>The job's one-line result (e.g. its summary counts), for `jobs list` and the batches page.</summary>
    public string? Summary { get; set; }
}

public enum BatchStatus
{
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    SucceededWithErrors = 4,

    /// <summary>A scheduled firing that found the job already running elsewhere: recorded, nothing done.</summary>
    Skipped = 5,
}
