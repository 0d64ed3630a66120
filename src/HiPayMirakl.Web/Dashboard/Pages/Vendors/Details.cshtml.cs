using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard.Pages.Vendors;

/// <summary>
/// One seller: its wallet, its KYC documents with HiPay's latest verdict on each type, its bank details' state, its
/// latest legs and its log. The connector never stores a seller's IBAN (only a fingerprint of the bank details), so
/// none is shown; the callback salt is never read into the page.
/// </summary>
public sealed class DetailsModel(ConnectorDbContext db) : PageModel
{
    public const int Latest = 50;

    public Vendor? Vendor { get; private set; }

    public IReadOnlyList<DocumentVerdict> Verdicts { get; private set; } = [];

    public List<Leg> Legs { get; private set; } = [];

    public int LegCount { get; private set; }

    public List<VendorLogEntry> Log { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Vendor = await db.Vendors.AsNoTracking().Include(v => v.Documents).SingleOrDefaultAsync(v => v.Id == id, ct);
        if (Vendor is null)
        {
            return NotFound();
        }

        if (Vendor.HiPayAccountId is { } account)
        {
            Verdicts = await VendorReview.DocumentVerdictsAsync(db, account, ct);
        }

        var legs = db.Legs.AsNoTracking().Where(l => l.VendorId == id);
        LegCount = await legs.CountAsync(ct);
        Legs = await legs.OrderByDescending(l => l.Id).Take(Latest).ToListAsync(ct);
        var shop = Vendor.MiraklShopId;
        Log = await db.VendorLog.AsNoTracking().Where(e => e.MiraklShopId == shop).OrderByDescending(e => e.Id).Take(Latest).ToListAsync(ct);
        return Page();
    }

    /// <summary>HiPay's latest verdict on a document of this HiPay type, if any.</summary>
    public DocumentVerdict? VerdictOf(VendorDocument document) =>
        Verdicts.FirstOrDefault(v => v.HiPayDocumentType == document.HiPayDocumentType);

    public static string Tone(VendorLogStatus status) => status switch
    {
        VendorLogStatus.Success => "ok",
        VendorLogStatus.Warning => "warn",
        VendorLogStatus.Critical => "bad",
        _ => "neutral",
    };
}
