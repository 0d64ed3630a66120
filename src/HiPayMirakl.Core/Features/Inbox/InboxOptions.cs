namespace HiPayMirakl.Core.Features.Inbox;

/// <summary>How the dispatcher applies stored notifications: one rule for every source.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Inbox";

    /// <summary>Failed runs (the handler threw) after which a row is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait after the first failure; doubled after each further one, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a row that waits for an unknown leg or payment is looked at again.</summary>
    public TimeSpan WaitPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a row may wait for an unknown leg or payment before it is dead-lettered.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Rows taken per pass.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>When nothing is due: the background loop looks again after this, or as soon as a notification is stored.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claim on a row holds; a process that dies leaves its row to others after this.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);
}
