using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// An invoice that could not become legs because its shop had no wallet yet. Kept until the shop has one, then turned
/// into legs at the start of the next generation run, whatever the cycle windows are by then: an invoice is looked
/// for in Mirakl only while a window covers its date, so without this row it would never be paid.
/// </summary>
public sealed class InvoiceBacklogEntry
{
    public long Id { get; set; }

    /// <summary>Mirakl invoice id; unique, so an invoice seen again by an overlapping window is recorded once.</summary>
    public required string InvoiceId { get; set; }

    public long MiraklShopId { get; set; }

    /// <summary>What the invoice owes the seller (Mirakl's amount_transferred), in minor units; may be zero or negative.</summary>
    public long SellerAmountMinor { get; set; }

    /// <summary>What the invoice owes the operator (amount_transferred_to_operator), in minor units.</summary>
    public long OperatorAmountMinor { get; set; }

    /// <summary>ISO 4217 code of both amounts, checked against the currency table before the row is written.</summary>
    public required string Currency { get; set; }

    /// <summary>The cycle the invoice belongs to; its legs carry it, as they would have had the wallet existed.</summary>
    public DateTimeOffset CycleDate { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    /// <summary>When its legs were created (or found already created); null while the shop still has no wallet.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }
}

internal sealed class InvoiceBacklogConfiguration : IEntityTypeConfiguration<InvoiceBacklogEntry>
{
    public void Configure(EntityTypeBuilder<InvoiceBacklogEntry> e)
    {
        e.ToTable("invoice_backlog");
        // The index, not a lookup, is what keeps a second window from recording the invoice twice.
        e.HasIndex(b => b.InvoiceId).IsUnique();
        // The drain at the start of every run reads the unresolved rows of shops that now have a wallet.
        e.HasIndex(b => new { b.ResolvedAt, b.MiraklShopId });
        e.Property(b => b.InvoiceId).HasMaxLength(64);
        e.Property(b => b.Currency).HasMaxLength(3);
    }
}
