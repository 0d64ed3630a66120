using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard.Pages.DirectDebit;

/// <summary>The lists of the direct-debit page, one at a time.</summary>
public enum DirectDebitList
{
    Mandates = 1,
    Payments = 2,
    Schedules = 3,
    Debts = 4,
}

/// <summary>A seller debt a direct debit covers or collected: the leg, what the debit takes of it, and where it stands.</summary>
public sealed record DebtRow(long LegId, long? Shop, string? InvoiceId, long AmountMinor, string Currency, LegStatus LegStatus, long PaymentId, string OrderId, DirectDebitPaymentStatus PaymentStatus, DateTimeOffset? CollectedAt);

/// <summary>
/// Direct debit, read only: mandates (status and masked IBAN; the full IBAN is never stored), payments with their
/// gateway status, the schedules, and the seller debts collected by debit. Newest first, 50 a page.
/// </summary>
public sealed class IndexModel(ConnectorDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DirectDebitList List { get; set; } = DirectDebitList.Mandates;

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public DashboardPager Pager { get; private set; } = DashboardPager.At(1, 0);

    public IReadOnlyList<Mandate> Mandates { get; private set; } = [];

    public IReadOnlyList<DirectDebitPayment> Payments { get; private set; } = [];

    public IReadOnlyList<DirectDebitSchedule> Schedules { get; private set; } = [];

    public IReadOnlyList<DebtRow> Debts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        switch (List)
        {
            case DirectDebitList.Payments:
                Pager = DashboardPager.At(PageNumber, await db.DirectDebitPayments.CountAsync(ct));
                Payments = await db.DirectDebitPayments.AsNoTracking().OrderByDescending(p => p.Id).Skip(Pager.Skip).Take(DashboardPager.Size).ToListAsync(ct);
                break;
            case DirectDebitList.Schedules:
                Pager = DashboardPager.At(PageNumber, await db.DirectDebitSchedules.CountAsync(ct));
                Schedules = await db.DirectDebitSchedules.AsNoTracking().OrderByDescending(s => s.Id).Skip(Pager.Skip).Take(DashboardPager.Size).ToListAsync(ct);
                break;
            case DirectDebitList.Debts:
                var debts =
                    from link in db.DirectDebitLegLinks
                    join leg in db.Legs on link.LegId equals leg.Id
                    join payment in db.DirectDebitPayments on link.PaymentId equals payment.Id
                    select new { link.Id, Row = new DebtRow(leg.Id, leg.MiraklShopId, leg.InvoiceId, link.AmountMinor, payment.Currency, leg.Status, payment.Id, payment.OrderId, payment.Status, payment.CollectedAt) };
                Pager = DashboardPager.At(PageNumber, await debts.CountAsync(ct));
                Debts = [.. (await debts.OrderByDescending(d => d.Id).Skip(Pager.Skip).Take(DashboardPager.Size).ToListAsync(ct)).Select(d => d.Row)];
                break;
            default:
                List = DirectDebitList.Mandates;
                Pager = DashboardPager.At(PageNumber, await db.Mandates.CountAsync(ct));
                Mandates = await db.Mandates.AsNoTracking().OrderByDescending(m => m.Id).Skip(Pager.Skip).Take(DashboardPager.Size).ToListAsync(ct);
                break;
        }
    }

    public static string BadgeOf(MandateStatus status) => status switch
    {
        MandateStatus.Available => "ok",
        MandateStatus.Pending => "neutral",
        MandateStatus.Suspended => "warn",
        _ => "bad",
    };

    public static string BadgeOf(DirectDebitPaymentStatus status) => status switch
    {
        DirectDebitPaymentStatus.Collected => "ok",
        DirectDebitPaymentStatus.Failed or DirectDebitPaymentStatus.Returned or DirectDebitPaymentStatus.Refunded => "bad",
        DirectDebitPaymentStatus.Unknown => "warn",
        _ => "neutral",
    };
}
