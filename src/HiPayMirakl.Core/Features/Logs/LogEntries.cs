using HiPayMirakl.Core.Features.Payouts;

namespace HiPayMirakl.Core.Features.Logs;

/// <summary>General log rows at or above the configured database level (the dashboard's "Logs" page).</summary>
public sealed class GeneralLogEntry
{
    public long Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Level { get; set; }

    public string LevelName { get; set; } = "";

    public string? Action { get; set; }

    public long? MiraklShopId { get; set; }

    public long? BatchId { get; set; }

    public string Message { get; set; } = "";

    /// <summary>Structured context as JSON, already redacted.</summary>
    public string? Context { get; set; }
}

/// <summary>One row per shop per vendor sync (and per notification that changes the vendor).</summary>
public sealed class VendorLogEntry
{
    public long Id { get; set; }

    public long MiraklShopId { get; set; }

    public long? HiPayAccountId { get; set; }

    public long? BatchId { get; set; }

    public string? Login { get; set; }

    public VendorLogStatus Status { get; set; }

    public WalletStatus WalletStatus { get; set; }

    public string? Message { get; set; }

    public int DocumentsSent { get; set; }

    public bool Enabled { get; set; }

    public bool PaymentBlocked { get; set; }

    public string? Country { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum VendorLogStatus
{
    Success = 1,
    Info = 2,
    Warning = 3,
    Critical = 4,
}

public enum WalletStatus
{
    Created = 1,
    NotCreated = 2,
    Identified = 3,
    NotIdentified = 4,
}

/// <summary>Every status change of a leg, with the reason: the per-operation audit trail.</summary>
public sealed class LegLogEntry
{
    public long Id { get; set; }

    public long LegId { get; set; }

    public Leg? Leg { get; set; }

    public long? BatchId { get; set; }

    public LegStatus? FromStatus { get; set; }

    public LegStatus ToStatus { get; set; }

    public string? Message { get; set; }

    /// <summary>Who moved the leg by hand (hold, release); null for the connector's own moves.</summary>
    public string? Actor { get; set; }

    /// <summary>Wallet balance seen when the entry was written, in minor units (when it was read).</summary>
    public long? BalanceMinor { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
