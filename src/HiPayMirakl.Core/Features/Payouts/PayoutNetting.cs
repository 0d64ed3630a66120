namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>A debt (zero or negative seller amount) waiting to be netted.</summary>
public readonly record struct NettingDebt(long LegId, long AmountMinor);

/// <summary>The outcome of netting: what the positive leg pays and which debts it absorbed.</summary>
public sealed record NettingPlan(long NetAmountMinor, IReadOnlyList<long> AbsorbedLegIds);

/// <summary>
/// Nets a wallet's recorded debts into its next positive payout, oldest first, as long as the payout stays above
/// zero: a debt that would take it to zero or below waits for a later payout.
/// </summary>
public static class PayoutNetting
{
    public static NettingPlan Plan(long positiveAmountMinor, IEnumerable<NettingDebt> debtsOldestFirst)
    {
        ArgumentNullException.ThrowIfNull(debtsOldestFirst);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(positiveAmountMinor, 0);
        var net = positiveAmountMinor;
        var absorbed = new List<long>();
        foreach (var debt in debtsOldestFirst)
        {
            if (debt.AmountMinor > 0)
            {
                throw new ArgumentException($"Leg {debt.LegId} is not a debt.", nameof(debtsOldestFirst));
            }

            if (net + debt.AmountMinor <= 0)
            {
                break;
            }

            net += debt.AmountMinor;
            absorbed.Add(debt.LegId);
        }

        return new NettingPlan(net, absorbed);
    }
}
