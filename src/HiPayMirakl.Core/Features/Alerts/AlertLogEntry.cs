using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HiPayMirakl.Core.Features.Alerts;

/// <summary>One alert as raised, kept whatever happens to it: below the e-mail threshold, throttled or mailed.</summary>
public sealed class AlertLogEntry
{
    public const int KindLength = 100;
    public const int KeyLength = 200;
    public const int SubjectLength = 500;
    public const int DetailLength = 4000;

    public long Id { get; set; }

    public string Kind { get; set; } = "";

    public AlertSeverity Severity { get; set; }

    public string Subject { get; set; } = "";

    public string Detail { get; set; } = "";

    /// <summary>What the alert is about (a leg id, an inbox id, a currency); repeats of one kind and key are throttled.</summary>
    public string? Key { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>At or above the e-mail threshold while mail was configured: it waits for a digest until mailed.</summary>
    public bool Mailable { get; set; }

    /// <summary>A repeat of the same kind and key within one digest window: counted on the first one's line.</summary>
    public bool Throttled { get; set; }

    /// <summary>The digest that carries (or is sending) this alert; null while it waits.</summary>
    public long? DigestId { get; set; }

    public DateTimeOffset? MailedAt { get; set; }
}

public enum AlertDigestStatus
{
    Sending = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>One digest mail: the alerts of a window, sent once to every recipient.</summary>
public sealed class AlertDigest
{
    public long Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public AlertDigestStatus Status { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The recipients, comma-separated.</summary>
    public string Recipients { get; set; } = "";

    public int AlertCount { get; set; }

    /// <summary>Why the SMTP server did not take it (no credentials in it); its alerts went back to waiting.</summary>
    public string? Error { get; set; }
}

public sealed class AlertLogEntryConfiguration : IEntityTypeConfiguration<AlertLogEntry>
{
    public void Configure(EntityTypeBuilder<AlertLogEntry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("alert_log");
        builder.HasIndex(a => a.RaisedAt);
        // What the digest sender looks for: mailable alerts not yet in a digest.
        builder.HasIndex(a => new { a.Mailable, a.DigestId });
        builder.HasIndex(a => new { a.Kind, a.Key, a.RaisedAt });
        builder.Property(a => a.Kind).HasMaxLength(AlertLogEntry.KindLength);
        builder.Property(a => a.Key).HasMaxLength(AlertLogEntry.KeyLength);
        builder.Property(a => a.Subject).HasMaxLength(AlertLogEntry.SubjectLength);
        builder.Property(a => a.Detail).HasMaxLength(AlertLogEntry.DetailLength);
        builder.HasOne<AlertDigest>().WithMany().HasForeignKey(a => a.DigestId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class AlertDigestConfiguration : IEntityTypeConfiguration<AlertDigest>
{
    public void Configure(EntityTypeBuilder<AlertDigest> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("alert_digests");
        builder.HasIndex(d => new { d.Status, d.SentAt });
        builder.Property(d => d.Recipients).HasMaxLength(2000);
        builder.Property(d => d.Error).HasMaxLength(1000);
    }
}
