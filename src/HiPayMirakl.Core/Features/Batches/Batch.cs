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
}

public enum BatchStatus
{
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    SucceededWithErrors = 4,
}
