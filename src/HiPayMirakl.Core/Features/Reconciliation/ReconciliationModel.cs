using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Reconciliation;

/// <summary>Who started a reconciliation run, as stored on the run.</summary>
public static class ReconciliationTrigger
{
    public const string Schedule = "schedule";
    public const string Cli = "cli";
    public const string Api = "api";
    public const string Dashboard = "dashboard";
}

/// <summary>One reconciliation of a cycle window: when it ran, who started it, and how many findings of each kind.</summary>
public sealed class ReconciliationRun
{
    public const int TriggerLength = 20;
    public const int CountsLength = 2000;
    public const int ErrorLength = 2000;

    public long Id { get; set; }

    public DateTimeOffset CycleInstant { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset WindowEnd { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Null while running, or when the run ended before its findings were stored (see <see cref="Error"/>).</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    public string Trigger { get; set; } = ReconciliationTrigger.Cli;

    /// <summary>The batch of the scheduled job that ran it; null for a run on demand outside the job runner.</summary>
    public long? BatchId { get; set; }

    public int FindingCount { get; set; }

    /// <summary>Findings by kind, as <c>kind=count</c> pairs separated by <c>;</c>, kinds in order.</summary>
    public string Counts { get; set; } = "";

    /// <summary>Why the run stopped before the end (Mirakl or HiPay unreachable); no findings are stored then.</summary>
    public string? Error { get; set; }

    /// <summary><see cref="Counts"/> read back.</summary>
    public IReadOnlyDictionary<string, int> CountsByKind() => ReconciliationCounts.Parse(Counts);
}

/// <summary>One difference a run found.</summary>
public sealed class ReconciliationFinding
{
    public const int KindLength = 50;
    public const int ReferenceLength = 200;
    public const int DetailLength = 2000;

    public long Id { get; set; }

    public long RunId { get; set; }

    /// <summary>One of <see cref="FindingKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>
    /// What the finding is about, unique per kind within a run: invoice and leg kind, a merchant_unique_id, or a
    /// wallet and currency. The drift alert is keyed by it, so a daily run that finds the same drift repeats it.
    /// </summary>
    public string Reference { get; set; } = "";

    public string? InvoiceId { get; set; }

    public long? LegId { get; set; }

    public string? Currency { get; set; }

    public long? AmountMinor { get; set; }

    public string Detail { get; set; } = "";
}

internal static class ReconciliationModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReconciliationRun>(e =>
        {
            e.ToTable("reconciliation_runs");
            e.HasIndex(r => r.StartedAt);
            e.Property(r => r.Trigger).HasMaxLength(ReconciliationRun.TriggerLength);
            e.Property(r => r.Counts).HasMaxLength(ReconciliationRun.CountsLength);
            e.Property(r => r.Error).HasMaxLength(ReconciliationRun.ErrorLength);
        });

        modelBuilder.Entity<ReconciliationFinding>(e =>
        {
            e.ToTable("reconciliation_findings");
            // A finding is stored once per run: the index, not a lookup, refuses the second copy.
            e.HasIndex(f => new { f.RunId, f.Kind, f.Reference }).IsUnique();
            e.HasOne<ReconciliationRun>().WithMany().HasForeignKey(f => f.RunId).OnDelete(DeleteBehavior.Cascade);
            e.Property(f => f.Kind).HasMaxLength(ReconciliationFinding.KindLength);
            e.Property(f => f.Reference).HasMaxLength(ReconciliationFinding.ReferenceLength);
            e.Property(f => f.InvoiceId).HasMaxLength(64);
            e.Property(f => f.Currency).HasMaxLength(3);
            e.Property(f => f.Detail).HasMaxLength(ReconciliationFinding.DetailLength);
        });
    }
}
