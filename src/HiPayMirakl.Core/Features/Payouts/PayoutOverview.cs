using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>Why money owed to a seller is not at a bank yet.</summary>
public enum WaitingReason
{
    /// <summary>On its way: not sent yet, or sent and HiPay's outcome still to come.</summary>
    InProgress,

    /// <summary>A send failed; the next run tries again.</summary>
    Retrying,

    /// <summary>The seller's wallet is not identified (KYC).</summary>
    Kyc,

    /// <summary>The seller's bank details are missing, not validated yet, or were refused by the bank.</summary>
    BankDetails,

    /// <summary>Payments to the shop are blocked.</summary>
    Blocked,

    /// <summary>The shop is disabled.</summary>
    Disabled,

    /// <summary>Held: an operator decides.</summary>
    Held,

    /// <summary>An approval rule stopped it before any money moved: someone must approve it.</summary>
    AwaitingApproval,
}

/// <summary>One cycle day and currency: what the marketplace owes and where that money is.</summary>
public sealed record CycleMoney(
    DateOnly Cycle,
    string Currency,
    int Legs,
    long OwedMinor,
    long TransferredMinor,
    long WithdrawnMinor,
    long WaitingMinor,
    long CommissionMinor,
    long DebtsNettedMinor,
    long DebtsCollectedMinor,
    long DebtsOpenMinor);

/// <summary>Money waiting for one reason, per cycle day and currency.</summary>
public sealed record WaitingMoney(DateOnly Cycle, string Currency, WaitingReason Reason, int Legs, long AmountMinor);

/// <summary>The figures of the dashboard's overview.</summary>
public sealed record PayoutOverviewFigures(IReadOnlyList<CycleMoney> Cycles, IReadOnlyList<WaitingMoney> Waiting, Leg? OldestPending);

/// <summary>
/// Money per cycle and currency, read from the legs: owed (positive amounts still meant to be paid, debts netted in),
/// transferred to the sellers' wallets, withdrawn to their banks, waiting (owed and not at a bank) and why, the
/// operator's commission, and the sellers' debts (negative amounts) netted into a later payout, collected by direct
/// debit, or still open. Sums are done by the database per (cycle instant, currency, kind, status); the cycle day in the
/// operator's zone is derived afterwards.
/// </summary>
public static class PayoutOverview
{
    private static readonly LegStatus[] Transferred =
    [
        LegStatus.TransferSuccess, LegStatus.WithdrawRequested, LegStatus.WithdrawUnknown, LegStatus.WithdrawSuccess, LegStatus.WithdrawFailed,
        LegStatus.WithdrawCanceled, LegStatus.WithdrawNegative, LegStatus.WithdrawPaymentBlocked, LegStatus.WithdrawVendorDisabled, LegStatus.WithdrawHeld,
    ];

    /// <summary>
    /// Legs that carry money to pay: positive amounts, not folded into another leg, not refused as invalid, and not
    /// taken out of the connector's hands by an operator (paid outside, skipped): those are neither unpaid nor paid by HiPay.
    /// </summary>
    public static bool IsOwed(LegStatus status, long amountMinor) =>
        amountMinor > 0 && status is not (LegStatus.Adjusted or LegStatus.InvalidAmount or LegStatus.PaidOutside or LegStatus.Skipped or LegStatus.ApprovalRejected);

    public static async Task<PayoutOverviewFigures> ReadAsync(ConnectorDbContext db, TimeZoneInfo zone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(zone);
        var groups = await db.Legs.AsNoTracking()
            .GroupBy(l => new { l.CycleDate, l.Currency, l.Kind, l.Status, Positive = l.AmountMinor > 0 })
            .Select(g => new
            {
                g.Key.CycleDate,
                g.Key.Currency,
                g.Key.Kind,
                g.Key.Status,
                g.Key.Positive,
                Count = g.Count(),
                Amount = g.Sum(l => l.AmountMinor),
                Withdrawn = g.Sum(l => l.WithdrawnAmountMinor ?? l.AmountMinor),
            })
            .ToListAsync(ct);

        DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

        var cycles = groups
            .GroupBy(g => (Cycle: Day(g.CycleDate), g.Currency))
            .OrderByDescending(g => g.Key.Cycle).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g =>
            {
                var owed = g.Where(x => x.Positive && IsOwed(x.Status, 1)).ToList();
                var debts = g.Where(x => !x.Positive && x.Kind == LegKind.SellerPayout).ToList();
                return new CycleMoney(g.Key.Cycle, g.Key.Currency,
                    owed.Sum(x => x.Count),
                    owed.Sum(x => x.Amount),
                    owed.Where(x => Transferred.Contains(x.Status)).Sum(x => x.Amount),
                    owed.Where(x => x.Status == LegStatus.WithdrawSuccess).Sum(x => x.Withdrawn),
                    owed.Where(x => x.Status != LegStatus.WithdrawSuccess).Sum(x => x.Amount),
                    owed.Where(x => x.Kind == LegKind.OperatorCommission).Sum(x => x.Amount),
                    -debts.Where(x => x.Status == LegStatus.Adjusted).Sum(x => x.Amount),
                    -debts.Where(x => x.Status == LegStatus.CollectedByDirectDebit).Sum(x => x.Amount),
                    -debts.Where(x => x.Status is LegStatus.PendingNetting or LegStatus.CoveredByDirectDebit).Sum(x => x.Amount));
            })
            .ToList();

        // Why money waits depends on the seller as well as on the leg: read only the waiting legs, with their seller.
        var waitingLegs = await (
                from l in db.Legs.AsNoTracking()
                where l.AmountMinor > 0 && l.Status != LegStatus.WithdrawSuccess && l.Status != LegStatus.Adjusted && l.Status != LegStatus.InvalidAmount
                    && l.Status != LegStatus.PaidOutside && l.Status != LegStatus.Skipped && l.Status != LegStatus.ApprovalRejected
                join v in db.Vendors.AsNoTracking() on l.VendorId equals v.Id into vendors
                from v in vendors.DefaultIfEmpty()
                select new
                {
                    l.CycleDate,
                    l.Currency,
                    l.Kind,
                    l.Status,
                    l.AmountMinor,
                    Identified = v == null || v.Identified,
                    Enabled = v == null || v.Enabled,
                    Blocked = v != null && v.PaymentBlocked,
                    Bank = v == null ? BankInfoStatus.Validated : v.BankInfoStatus,
                })
            .ToListAsync(ct);
        var waiting = waitingLegs
            .GroupBy(l => (Cycle: Day(l.CycleDate), l.Currency, Reason: ReasonOf(l.Status, l.Kind, l.Identified, l.Enabled, l.Blocked, l.Bank)))
            .OrderByDescending(g => g.Key.Cycle).ThenBy(g => g.Key.Currency, StringComparer.Ordinal).ThenBy(g => g.Key.Reason)
            .Select(g => new WaitingMoney(g.Key.Cycle, g.Key.Currency, g.Key.Reason, g.Count(), g.Sum(l => l.AmountMinor)))
            .ToList();

        var pending = Monitoring.DatabaseFigures.PendingStatuses.ToList();
        var oldest = await db.Legs.AsNoTracking().Where(l => pending.Contains(l.Status)).OrderBy(l => l.CreatedAt).ThenBy(l => l.Id).FirstOrDefaultAsync(ct);
        return new PayoutOverviewFigures(cycles, waiting, oldest);
    }

    /// <summary>
    /// Held first (an operator decides whatever the seller's state); then what the seller must fix (disabled, KYC,
    /// bank details, blocked), since a retry cannot succeed before; then failures that a run retries; else on its way.
    /// The operator's commission is paid to the operator's own wallet: the seller's state does not hold it back.
    /// </summary>
    public static WaitingReason ReasonOf(LegStatus status, LegKind kind, bool identified, bool enabled, bool blocked, BankInfoStatus bank)
    {
        if (status is LegStatus.TransferHeld or LegStatus.WithdrawHeld)
        {
            return WaitingReason.Held;
        }

        if (status == LegStatus.AwaitingApproval)
        {
            return WaitingReason.AwaitingApproval;
        }

        var seller = kind != LegKind.OperatorCommission;
        if (status is LegStatus.TransferVendorDisabled or LegStatus.WithdrawVendorDisabled || (seller && !enabled))
        {
            return WaitingReason.Disabled;
        }

        if (seller && !identified)
        {
            return WaitingReason.Kyc;
        }

        if (status == LegStatus.WithdrawCanceled || (seller && bank != BankInfoStatus.Validated))
        {
            return WaitingReason.BankDetails;
        }

        if (status == LegStatus.WithdrawPaymentBlocked || (seller && blocked))
        {
            return WaitingReason.Blocked;
        }

        return status is LegStatus.TransferFailed or LegStatus.WithdrawFailed or LegStatus.TransferNegative or LegStatus.WithdrawNegative
            ? WaitingReason.Retrying
            : WaitingReason.InProgress;
    }
}
