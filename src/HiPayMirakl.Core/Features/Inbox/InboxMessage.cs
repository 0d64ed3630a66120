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

    public int Attempts { get; set; }

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

    /// <summary>Processing threw; retried by the inbox processor.</summary>
    Failed = 3,

    /// <summary>Signed, but what it claims (account, amount, currency) does not match what it names: applied to nothing.</summary>
    Suspicious = 5,
}
