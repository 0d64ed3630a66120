using System.Globalization;

namespace HiPayMirakl.Core.Features.VendorOnboarding;

/// <summary>Counters of one vendor sync, printed as the command's one-line summary.</summary>
public sealed class VendorSyncSummary
{
    public int ShopsSeen { get; internal set; }

    public int Onboarded { get; internal set; }

    public int Updated { get; internal set; }

    public int Disabled { get; internal set; }

    public int Failed { get; internal set; }

    public int DocumentsUploaded { get; internal set; }

    public int BankRegistrations { get; internal set; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"shops seen {ShopsSeen}, onboarded {Onboarded}, updated {Updated}, disabled {Disabled}, failed {Failed}, documents uploaded {DocumentsUploaded}, bank registrations {BankRegistrations}");
}
