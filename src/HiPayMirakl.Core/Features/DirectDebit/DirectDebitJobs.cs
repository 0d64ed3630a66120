using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.DirectDebit;

public sealed record ScheduleRunResult(int Sent, int AlreadyDone, int Failed);

public sealed record DebtCollectionResult(int Collected, int WithoutMandate);

/// <summary>
/// The two direct-debit jobs: schedules (one debit per period) and debt collection (negative balances left
/// un-netted too long). Each item is its own unit of work; a failing item is logged and retried next run.
/// </summary>
public sealed class DirectDebitJobs(
    ConnectorDbContext db,
    DirectDebitService debits,
    DirectDebitOptions options,
    TimeProvider clock,
    ILogger<DirectDebitJobs> logger)
{
    public const string ScheduleJobName = "sdd-schedule";
    public const string DebtJobName = "sdd-debt";

    public async Task<DirectDebitSchedule> AddScheduleAsync(long mandateId, long amountMinor, string currency, SchedulePeriod period, int day, string description, CancellationToken ct)
    {
        if (DirectDebitSchedule.Check(period, day) is { } error)
        {
            throw new DirectDebitValidationException(error);
        }

        if (amountMinor <= 0 || !string.Equals(currency, "EUR", StringComparison.Ordinal))
        {
            throw new DirectDebitValidationException("a schedule needs a positive EUR amount.");
        }

        var mandate = await db.Mandates.SingleOrDefaultAsync(m => m.Id == mandateId, ct)
            ?? throw new DirectDebitValidationException($"mandate {mandateId} does not exist.");
        if (mandate.WhyNotChargeable(clock.GetUtcNow()) is { } why)
        {
            throw new MandateNotChargeableException(why);
        }

        var schedule = new DirectDebitSchedule
        {
            MandateId = mandateId,
            AmountMinor = amountMinor,
            Currency = currency,
            Period = period,
            Day = day,
            Description = SddInput.Description(description, "Recurring direct debit"),
        };
        db.DirectDebitSchedules.Add(schedule);
        await db.SaveChangesAsync(ct);
        return schedule;
    }

    /// <summary>
    /// For every active schedule, the debit of the collection whose send window is today (see
    /// <see cref="SendWindow"/>). The (schedule, period) index makes the debit exist once. A collection whose
    /// window has passed unsent is logged and left: the next period goes out in its own window, never early.
    /// Debits left unsent or unknown by an earlier run are finished first.
    /// </summary>
    public async Task<ScheduleRunResult> RunSchedulesAsync(CancellationToken ct)
    {
        await debits.ReconcileUnknownAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var schedules = await db.DirectDebitSchedules.Where(s => s.Active).OrderBy(s => s.Id).ToListAsync(ct);
        int sent = 0, done = 0, failed = 0;
        foreach (var schedule in schedules)
        {
            var mandate = await db.Mandates.SingleAsync(m => m.Id == schedule.MandateId, ct);
            var firstDebit = mandate.LastCollectionAt is null
                && !await db.DirectDebitPayments.AnyAsync(p => p.MandateId == mandate.Id && p.GatewayStatus != null, ct);
            var lead = firstDebit ? options.FirstDebitLeadTimeBankDays : options.LeadTimeBankDays;
            string? due = null;
            for (var (period, collection) = schedule.NextCollection(today); ; (period, collection) = schedule.NextCollection(collection.AddDays(1)))
            {
                var decision = SendWindow.Decide(today, collection, lead);
                if (decision == SendDecision.Missed)
                {
                    if (!await db.DirectDebitPayments.AnyAsync(p => p.ScheduleId == schedule.Id && p.PeriodKey == period, ct))
                    {
                        DirectDebitLog.SendWindowMissed(logger, schedule.Id, period, collection);
                    }

                    continue;
                }

                due = decision == SendDecision.Send ? period : null;
                break;
            }

            if (due is null)
            {
                continue;
            }

            try
            {
                switch (await ChargePeriodAsync(schedule, mandate, due, ct))
                {
                    case true:
                        sent++;
                        break;
                    case false:
                        done++;
                        break;
                }
            }
            catch (Exception ex) when (ex is HiPayEnterpriseApiException or MandateNotChargeableException or DbUpdateException)
            {
                db.ChangeTracker.Clear();
                DirectDebitLog.ScheduleFailed(logger, ex, schedule.Id, due);
                failed++;
            }
        }

        return new ScheduleRunResult(sent, done, failed);
    }

    /// <summary>True when this run sent the period's debit; false when an earlier run already had it.</summary>
    private async Task<bool> ChargePeriodAsync(DirectDebitSchedule schedule, Mandate mandate, string period, CancellationToken ct)
    {
        var existing = await db.DirectDebitPayments.SingleOrDefaultAsync(p => p.ScheduleId == schedule.Id && p.PeriodKey == period, ct);
        if (existing is not null)
        {
            if (existing.Status is DirectDebitPaymentStatus.Created or DirectDebitPaymentStatus.Unknown)
            {
                // Interrupted run: finish it (lookup first when a call may have gone out).
                await debits.SendRecurringAsync(existing, mandate, ct);
            }

            return false;
        }

        var payment = new DirectDebitPayment
        {
            OrderId = schedule.OrderIdFor(period),
            MandateId = mandate.Id,
            Kind = DirectDebitKind.Recurring,
            AmountMinor = schedule.AmountMinor,
            Currency = schedule.Currency,
            Description = schedule.Description,
            ScheduleId = schedule.Id,
            PeriodKey = period,
        };
        db.DirectDebitPayments.Add(payment);
        await db.SaveChangesAsync(ct);
        await debits.SendRecurringAsync(payment, mandate, ct);
        return true;
    }

    /// <summary>
    /// Collects, by direct debit, the debt of shops whose netting legs (PendingNetting, amount ≤ 0) are older than
    /// the threshold. The debit, its links and the legs' move to CoveredByDirectDebit are one commit, so netting
    /// (which only takes PendingNetting legs) can never take the same debt, and a leg the netting moved first
    /// makes this commit fail instead (version check). Each debit gets a fresh order id: after a declined one
    /// gives its legs back, the next run simply starts another. Debits left unsent or unknown are finished first.
    /// </summary>
    public async Task<DebtCollectionResult> CollectDebtsAsync(CancellationToken ct)
    {
        await debits.ReconcileUnknownAsync(ct);
        var now = clock.GetUtcNow();
        var cutoff = now - options.DebtAgeThreshold;
        var candidates = await db.Legs
            .Where(l => l.Status == LegStatus.PendingNetting && l.AmountMinor < 0 && l.MiraklShopId != null)
            .ToListAsync(ct);
        int collected = 0, withoutMandate = 0;
        foreach (var group in candidates.Where(l => l.CreatedAt <= cutoff).GroupBy(l => (Shop: l.MiraklShopId!.Value, l.Currency)).OrderBy(g => g.Key.Shop))
        {
            var legs = group.OrderBy(l => l.Id).ToList();
            var debt = -legs.Sum(l => l.AmountMinor);
            if (debt < options.MinimumDebtMinor)
            {
                continue;
            }

            var shop = group.Key.Shop;
            var mandates = await db.Mandates
                .Where(m => m.MiraklShopId == shop && m.Status == MandateStatus.Available && m.DebitAgreementId != null)
                .OrderByDescending(m => m.Id)
                .ToListAsync(ct);
            var mandate = mandates.FirstOrDefault(m => m.WhyNotChargeable(now) is null);
            if (mandate is null)
            {
                DirectDebitLog.NoMandateForDebt(logger, shop, debt, group.Key.Currency);
                withoutMandate++;
                continue;
            }

            var payment = new DirectDebitPayment
            {
                OrderId = DirectDebitService.MintOrderId("DEBT-"),
                MandateId = mandate.Id,
                Kind = DirectDebitKind.Recurring,
                AmountMinor = debt,
                Currency = group.Key.Currency,
                Description = FormattableString.Invariant($"Marketplace balance of shop {shop}"),
            };
            try
            {
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    db.DirectDebitPayments.Add(payment);
                    await db.SaveChangesAsync(ct);
                    DebtLegs.Cover(db, legs, payment, now);
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                }

                await debits.SendRecurringAsync(payment, mandate, ct);
                collected++;
            }
            catch (Exception ex) when (ex is HiPayEnterpriseApiException or MandateNotChargeableException or DbUpdateException)
            {
                // Netting took a leg first, or the gateway could not be reached: the debit (if committed) is
                // finished by the next run's resume step, the legs stay with whichever took them.
                db.ChangeTracker.Clear();
                DirectDebitLog.DebtFailed(logger, ex, shop);
            }
        }

        return new DebtCollectionResult(collected, withoutMandate);
    }
}
