using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HiPayMirakl.Core.Features.Inbox;

/// <summary>The notification inbox table.</summary>
public sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("notification_inbox");
        // A redelivered notification hits this index and is acknowledged without a second effect.
        builder.HasIndex(m => new { m.Source, m.DedupeKey }).IsUnique();
        builder.HasIndex(m => new { m.Outcome, m.ReceivedAt });
        // The dispatcher's question: which rows are due now?
        builder.HasIndex(m => new { m.Outcome, m.NextAttemptAt });
        // Rows of one payment, looked up when that payment's own answer arrives.
        builder.HasIndex(m => new { m.Source, m.Reference });
        builder.Property(m => m.DedupeKey).HasMaxLength(InboxStore.MaxDedupeKeyLength);
        builder.Property(m => m.ContentType).HasMaxLength(InboxStore.MaxContentTypeLength);
        builder.Property(m => m.Kind).HasMaxLength(100);
        builder.Property(m => m.Reference).HasMaxLength(InboxStore.MaxReferenceLength);
        builder.Property(m => m.OutcomeMessage).HasMaxLength(2000);
        builder.Property(m => m.ClaimedBy).HasMaxLength(200);
        builder.Property(m => m.Version).IsConcurrencyToken();
    }
}
