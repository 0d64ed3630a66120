using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.DirectDebit;

/// <summary>
/// Keeps the debt legs a debit collects in step with that debit, so that a debt is either being collected by
/// direct debit or waiting for netting, never both: covered while the debit is live, collected when the gateway
/// says 118, owed again (PendingNetting) when the debit fails or the money comes back. The moves are journalled
/// through <see cref="LegJournal"/> and saved by the caller in the same commit as the payment's own change.
/// </summary>
internal static class DebtLegs
{
    /// <summary>Moves the legs linked to <paramref name="payment"/> to match its current status.</summary>
    public static async Task FollowAsync(ConnectorDbContext db, DirectDebitPayment payment, DateTimeOffset now, CancellationToken ct)
    {
        var target = Target(payment.Status);
        if (target is null)
        {
            return;
        }

        var legIds = db.DirectDebitLegLinks.Where(k => k.PaymentId == payment.Id).Select(k => k.LegId);
        var legs = await db.Legs.Where(l => legIds.Contains(l.Id)).OrderBy(l => l.Id).ToListAsync(ct);
        foreach (var leg in legs)
        {
            if (leg.Status == target.Value || !LegTransitions.IsAllowed(leg.Status, target.Value))
            {
                continue;
            }

            // Only the legs this debit still holds: a leg given back and since covered by a newer debit belongs to that one.
            if (leg.Status is not (LegStatus.CoveredByDirectDebit or LegStatus.CollectedByDirectDebit)
                || await CoveredByNewerDebitAsync(db, leg.Id, payment.Id, ct))
            {
                continue;
            }

            LegJournal.Move(db, leg, target.Value, now, FormattableString.Invariant(
                $"Direct debit {payment.Id} (order {payment.OrderId}) is {payment.Status.ToString().ToLowerInvariant()}"));
        }
    }

    /// <summary>Covers the legs with a new debit: PendingNetting → CoveredByDirectDebit, journalled.</summary>
    public static void Cover(ConnectorDbContext db, IEnumerable<Leg> legs, DirectDebitPayment payment, DateTimeOffset now)
    {
        foreach (var leg in legs)
        {
            db.DirectDebitLegLinks.Add(new DirectDebitLegLink { PaymentId = payment.Id, LegId = leg.Id, AmountMinor = -leg.AmountMinor });
            LegJournal.Move(db, leg, LegStatus.CoveredByDirectDebit, now,
                FormattableString.Invariant($"Collected by direct debit {payment.Id} (order {payment.OrderId})"));
        }
    }

    private static LegStatus? Target(DirectDebitPaymentStatus status) => status switch
    {
        DirectDebitPaymentStatus.Collected => LegStatus.CollectedByDirectDebit,
        DirectDebitPaymentStatus.Failed or DirectDebitPaymentStatus.Returned or DirectDebitPaymentStatus.Refunded => LegStatus.PendingNetting,
        _ => null,
    };

    private static Task<bool> CoveredByNewerDebitAsync(ConnectorDbContext db, long legId, long paymentId, CancellationToken ct) =>
        db.DirectDebitLegLinks.AnyAsync(k => k.LegId == legId && k.PaymentId > paymentId, ct);
}
