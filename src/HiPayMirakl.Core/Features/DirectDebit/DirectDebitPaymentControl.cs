using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.DirectDebit;

/// <summary>A payment as an operator sees it: the row, every order id it used, and its history.</summary>
public sealed record PaymentReport(DirectDebitPayment Payment, IReadOnlyList<DirectDebitOrder> RetiredOrders, IReadOnlyList<DirectDebitPaymentLogEntry> Log);

/// <summary>
/// Operator controls of a direct debit, as for payout legs: show it, hold it (it is then neither sent nor sent
/// again), release it. Releasing gives the payment a fresh order id only when the gateway's books prove that
/// none of its order ids moved money (nothing found, or only definitive failures). Every action is written to
/// the payment's log with who did it and why.
/// </summary>
public sealed class DirectDebitPaymentControl(
    ConnectorDbContext db,
    HiPayEnterpriseClient client,
    TimeProvider clock,
    ILogger<DirectDebitPaymentControl> logger)
{
    public async Task<PaymentReport> ShowAsync(long paymentId, CancellationToken ct)
    {
        var payment = await db.DirectDebitPayments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, ct)
            ?? throw new DirectDebitValidationException("payment", $"payment {paymentId} does not exist.");
        var retired = await db.DirectDebitRetiredOrders.AsNoTracking().Where(o => o.PaymentId == paymentId).OrderBy(o => o.Id).ToListAsync(ct);
        var log = await db.DirectDebitPaymentLog.AsNoTracking().Where(l => l.PaymentId == paymentId).OrderBy(l => l.Id).ToListAsync(ct);
        return new PaymentReport(payment, retired, log);
    }

    public async Task<DirectDebitPayment> HoldAsync(long paymentId, string reason, string actor, CancellationToken ct)
    {
        (reason, actor) = Require(reason, actor);
        var payment = await LoadAsync(paymentId, ct);
        try
        {
            payment.Hold(clock.GetUtcNow(), reason, actor);
        }
        catch (InvalidOperationException ex)
        {
            throw new DirectDebitValidationException("payment", ex.Message);
        }

        await db.SaveChangesAsync(ct);
        DirectDebitLog.OperatorAction(logger, paymentId, "held", actor, reason);
        return payment;
    }

    /// <summary>
    /// Lifts a hold. A payment that was sent under an order id gets a fresh one, after every order id it used has
    /// been looked up and shown to hold nothing that moved or may still move money; otherwise the release is
    /// refused and nothing changes. A debt debit takes its legs back (only if they are still waiting for netting).
    /// </summary>
    public async Task<DirectDebitPayment> ReleaseAsync(long paymentId, string reason, string actor, CancellationToken ct)
    {
        (reason, actor) = Require(reason, actor);
        var payment = await LoadAsync(paymentId, ct);
        if (!payment.Held)
        {
            throw new DirectDebitValidationException("payment", $"payment {paymentId} is not held.");
        }

        var now = clock.GetUtcNow();
        var sent = payment.Attempt > 0 || payment.Status != DirectDebitPaymentStatus.Created
            || await db.DirectDebitRetiredOrders.AnyAsync(o => o.PaymentId == paymentId, ct);
        if (sent)
        {
            var orderIds = await db.DirectDebitRetiredOrders.Where(o => o.PaymentId == paymentId).Select(o => o.OrderId).ToListAsync(ct);
            orderIds.Add(payment.OrderId);
            foreach (var orderId in orderIds)
            {
                // A lookup that fails throws (HiPayEnterpriseApiException): no proof, no release.
                foreach (var transaction in await client.GetTransactionsByOrderIdAsync(orderId, ct))
                {
                    if (!SddStatus.IsTerminalFailure(transaction.Status))
                    {
                        throw new DirectDebitValidationException("payment", FormattableString.Invariant(
                            $"order {orderId} holds transaction {transaction.TransactionReference} at status {transaction.Status}: it may move money; not released."));
                    }
                }
            }

            await CoverLegsAgainAsync(payment, now, ct);
            payment.Release(now, reason, actor);
            payment.RenewOrderId(DirectDebitService.MintOrderId(null), now,
                FormattableString.Invariant($"released by {actor}: the gateway holds nothing that moved money for {string.Join(", ", orderIds)}"), actor);
        }
        else
        {
            payment.Release(now, reason, actor);
        }

        await db.SaveChangesAsync(ct);
        DirectDebitLog.OperatorAction(logger, paymentId, "released", actor, reason);
        return payment;
    }

    /// <summary>
    /// A failed debt debit gave its legs back to netting; sending it again must take them back first, and only
    /// the ones still waiting (a netted or re-covered leg is paid by something else).
    /// </summary>
    private async Task CoverLegsAgainAsync(DirectDebitPayment payment, DateTimeOffset now, CancellationToken ct)
    {
        var legIds = db.DirectDebitLegLinks.Where(k => k.PaymentId == payment.Id).Select(k => k.LegId);
        var legs = await db.Legs.Where(l => legIds.Contains(l.Id)).OrderBy(l => l.Id).ToListAsync(ct);
        foreach (var leg in legs.Where(l => l.Status != LegStatus.CoveredByDirectDebit))
        {
            if (leg.Status != LegStatus.PendingNetting
                || await db.DirectDebitLegLinks.AnyAsync(k => k.LegId == leg.Id && k.PaymentId > payment.Id, ct))
            {
                throw new DirectDebitValidationException("payment", FormattableString.Invariant(
                    $"leg {leg.Id} of this debt is {leg.Status} or covered by a newer debit; not released (the debt job collects what is still owed)."));
            }

            LegJournal.Move(db, leg, LegStatus.CoveredByDirectDebit, now,
                FormattableString.Invariant($"Collected again by direct debit {payment.Id} (released)"));
        }
    }

    private async Task<DirectDebitPayment> LoadAsync(long paymentId, CancellationToken ct) =>
        await db.DirectDebitPayments.SingleOrDefaultAsync(p => p.Id == paymentId, ct)
            ?? throw new DirectDebitValidationException("payment", $"payment {paymentId} does not exist.");

    private static (string Reason, string Actor) Require(string? reason, string? actor)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DirectDebitValidationException("reason", "is required (why).");
        }

        if (string.IsNullOrWhiteSpace(actor) || actor.Trim().Length > 200)
        {
            throw new DirectDebitValidationException("by", "is required (who), at most 200 characters.");
        }

        return (reason.Trim(), actor.Trim());
    }
}
