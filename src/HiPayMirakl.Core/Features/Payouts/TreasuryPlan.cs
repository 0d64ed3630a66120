using HiPayMirakl.HiPayWallet;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>A leg ready to transfer, as the treasury sees it.</summary>
public readonly record struct TreasuryLeg(long LegId, string Currency, long AmountMinor, DateTimeOffset CycleDate);

/// <summary>One currency the technical wallet cannot cover: what it holds, what the legs due need, and the legs left waiting.</summary>
public sealed record TreasuryShortfall(string Currency, long BalanceMinor, long NeededMinor, IReadOnlyList<long> UncoveredLegIds)
{
    public long ShortMinor => NeededMinor - BalanceMinor;
}

/// <summary>Which legs due the technical wallet's balance covers, and the currencies it falls short in.</summary>
public sealed record TreasuryPlan(IReadOnlySet<long> Covered, IReadOnlyList<TreasuryShortfall> Shortfalls)
{
    public bool Covers(long legId) => Covered.Contains(legId);

    /// <summary>A wallet's balance per currency code (upper case), as HiPay reports it.</summary>
    public static Dictionary<string, long> BalancesOf(HiPayBalance balance)
    {
        ArgumentNullException.ThrowIfNull(balance);
        return balance.Balances.GroupBy(b => b.Currency.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.First().BalanceMinor, StringComparer.Ordinal);
    }

    /// <summary>
    /// Splits the legs due between those the balance covers and those that wait, per currency, oldest cycle first and
    /// then oldest leg: a younger leg never takes money an older one is waiting for. A leg that needs no money (not a
    /// positive amount) is always covered: the transfer step itself deals with it.
    /// </summary>
    public static TreasuryPlan Of(IEnumerable<TreasuryLeg> due, IReadOnlyDictionary<string, long> balances)
    {
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(balances);
        var covered = new HashSet<long>();
        var shortfalls = new List<TreasuryShortfall>();
        foreach (var currency in due.GroupBy(l => l.Currency.ToUpperInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var balance = balances.TryGetValue(currency.Key, out var b) ? b : 0;
            var left = balance;
            long needed = 0;
            var uncovered = new List<long>();
            foreach (var leg in currency.OrderBy(l => l.CycleDate).ThenBy(l => l.LegId))
            {
                if (leg.AmountMinor <= 0)
                {
                    covered.Add(leg.LegId);
                    continue;
                }

                needed += leg.AmountMinor;
                if (uncovered.Count == 0 && leg.AmountMinor <= left)
                {
                    left -= leg.AmountMinor;
                    covered.Add(leg.LegId);
                }
                else
                {
                    uncovered.Add(leg.LegId);
                }
            }

            if (uncovered.Count > 0)
            {
                shortfalls.Add(new TreasuryShortfall(currency.Key, balance, needed, uncovered));
            }
        }

        return new TreasuryPlan(covered, shortfalls);
    }
}

/// <summary>
/// The technical wallet's balance as a run spends it: read once, then each transfer about to be sent takes its
/// amount, so no leg is sent against money another leg of the same run already took.
/// </summary>
public sealed class TreasuryLedger(IReadOnlyDictionary<string, long> balances)
{
    private readonly Dictionary<string, long> _left = new(balances, StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>Takes the amount when the balance left covers it; returns the balance left before taking.</summary>
    public bool TryTake(string currency, long amountMinor, out long available)
    {
        lock (_gate)
        {
            available = _left.TryGetValue(currency, out var left) ? left : 0;
            if (available < amountMinor)
            {
                return false;
            }

            _left[currency] = available - amountMinor;
            return true;
        }
    }

    /// <summary>Gives back what a transfer took when HiPay refused it: no money moved.</summary>
    public void GiveBack(string currency, long amountMinor)
    {
        lock (_gate)
        {
            _left[currency] = (_left.TryGetValue(currency, out var left) ? left : 0) + amountMinor;
        }
    }
}
