using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Core.Features.Inbox;

/// <summary>
/// A verified notification exactly as received. Stored before it is acknowledged, processed afterwards
/// and idempotently; the unique (source, dedupe key) makes a redelivery a no-op.
/// </summary>
public sealed class InboxMessage : IVersioned
{
    public long Id { get; set; }

    public NotificationSource Source { get; set; }

    /// <summary>Identity of the event, e.g. "capture|ok|<transid>" or "(transaction_reference, status)".</summary>
    public string DedupeKey { get; set; } = "";

    /// <summary>The received bytes, byte for byte (the signature was checked over them).</summary>
    public byte[] RawBody { get; set; } = [];

    public string ContentType { get; set; } = "";

    /// <summary>Provider's operation or status name, for filtering (e.g. "capture", "118").</summary>
    public string? Kind { get; set; }

    public string? Reference { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    public InboxOutcome Outcome { get; set; } = InboxOutcome.Pending;

    public string? OutcomeMessage { get; set; }

    /// <summary>Handler runs that threw (waiting for an unknown leg or payment is not one).</summary>
    public int Attempts { get; set; }

    /// <summary>Not taken before this instant: backoff after a failure, or the next look while waiting. Null: due now.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>When the handler first answered "waiting"; the wait limit is measured from here.</summary>
    public DateTimeOffset? WaitingSince { get; set; }

    /// <summary>The dispatcher running this row, so that two processes never run one row at once.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>After this instant a claim is stale (its holder died) and the row may be taken again.</summary>
    public DateTimeOffset? ClaimExpiresAt { get; set; }

    public long Version { get; set; }
}

public enum NotificationSource
{
    HiPayWallet = 1,
    HiPayEnterprise = 2,
}

public enum InboxOutcome
{
    Pending = 0,
    Applied = 1,

    /// <summary>Valid but without effect (duplicate, late, unknown transaction): normal, not an error.</summary>
    Ignored = 2,

    /// <summary>Processing threw; retried by the dispatcher after a backoff.</summary>
    Failed = 3,

    /// <summary>
    /// Given up: it kept failing, waited too long for what it settles, or its content cannot be used. Kept with its
    /// reason for a person to look at; <see cref="InboxStore.ReplayAsync"/> puts it back in the queue.
    /// </summary>
    DeadLetter = 4,

    /// <summary>Signed, but what it claims (account, amount, currency) does not match what it names: applied to nothing.</summary>
    Suspicious = 5,
}
