namespace HiPayMirakl.Core.Features.Scheduling;

/// <summary>The built-in schedule `serve` runs: one cron trigger per job, each one configurable and disable-able.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>Whether `serve` runs the schedule. Commands, the demo and tests never start it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Per job (by name, e.g. <c>transfer</c>): a cron expression and an on/off switch overriding the defaults.</summary>
    public Dictionary<string, ScheduledJobOptions> Jobs { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>IANA time zone the jobs' cron expressions are read in (the generate job uses Cycle:TimeZone).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How late a firing may start and still count as on time; later, it is a missed run (alert <c>job.missed</c>).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each PostgreSQL node records that it is alive in the scheduler's tables.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A node silent for longer than this is taken as dead: the others recover the firings it held.</summary>
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Jobs one node runs at the same time (each job never runs twice at once anywhere).</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How far back the scheduled vendor sync looks for shops changed in Mirakl.</summary>
    public TimeSpan VendorSyncLookBack { get; set; } = TimeSpan.FromHours(24);
}

public sealed class ScheduledJobOptions
{
    /// <summary>Quartz cron (seconds first, e.g. <c>0 0 * * * ?</c>); empty keeps the job's default.</summary>
    public string? Cron { get; set; }

    public bool Enabled { get; set; } = true;
}
