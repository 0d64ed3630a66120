using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Approvals;

/// <summary>One edit of the approval rules: who, when, the rules before and after (canonical JSON).</summary>
public sealed class ApprovalRulesVersion
{
    public long Id { get; set; }

    /// <summary>1, 2, 3… unique: two admins saving at once cannot both write the same next version.</summary>
    public int Number { get; set; }

    public string RulesJson { get; set; } = "";

    /// <summary>The rules in force before this edit (the settings' defaults for the first version).</summary>
    public string PreviousJson { get; set; } = "";

    public string ChangedBy { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>Why a leg was stopped for approval: the rule(s) that held it and the rules version in force (null: the settings' defaults).</summary>
public sealed class ApprovalHold
{
    public long Id { get; set; }

    /// <summary>Unique: a leg is held for approval at most once.</summary>
    public long LegId { get; set; }

    public string Rules { get; set; } = "";

    public int? RulesVersion { get; set; }

    public DateTimeOffset HeldAt { get; set; }
}

public enum ApprovalVerdict
{
    Approved = 1,
    Rejected = 2,
}

/// <summary>The decision on a leg that awaited approval: who, why, under which rules version.</summary>
public sealed class ApprovalDecision
{
    public long Id { get; set; }

    /// <summary>Unique: one decision per leg, so two people deciding at once cannot both succeed.</summary>
    public long LegId { get; set; }

    public ApprovalVerdict Verdict { get; set; }

    public string DecidedBy { get; set; } = "";

    public string? Reason { get; set; }

    public int? RulesVersion { get; set; }

    public DateTimeOffset DecidedAt { get; set; }
}

/// <summary>The approval tables and their unique indexes.</summary>
public static class ApprovalsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<ApprovalRulesVersion>(e =>
        {
            e.ToTable("approval_rule_versions");
            e.HasIndex(v => v.Number).IsUnique();
            e.Property(v => v.RulesJson).HasMaxLength(8000);
            e.Property(v => v.PreviousJson).HasMaxLength(8000);
            e.Property(v => v.ChangedBy).HasMaxLength(200);
        });

        modelBuilder.Entity<ApprovalHold>(e =>
        {
            e.ToTable("approval_holds");
            e.HasIndex(h => h.LegId).IsUnique();
            e.Property(h => h.Rules).HasMaxLength(1000);
            e.HasOne<Payouts.Leg>().WithMany().HasForeignKey(h => h.LegId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApprovalDecision>(e =>
        {
            e.ToTable("approval_decisions");
            e.HasIndex(d => d.LegId).IsUnique();
            e.Property(d => d.DecidedBy).HasMaxLength(200);
            e.Property(d => d.Reason).HasMaxLength(500);
            e.HasOne<Payouts.Leg>().WithMany().HasForeignKey(d => d.LegId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
