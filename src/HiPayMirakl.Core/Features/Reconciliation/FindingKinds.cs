using System.Globalization;
using System.Text;

namespace HiPayMirakl.Core.Features.Reconciliation;

/// <summary>The kinds of finding, as stored, shown and filtered on: stable strings.</summary>
public static class FindingKinds
{
    /// <summary>Mirakl owes an amount for an invoice and we have no leg for it.</summary>
    public const string MissingLeg = "missing-leg";

    /// <summary>More than one leg of one kind for one invoice.</summary>
    public const string DuplicateLeg = "duplicate-leg";

    /// <summary>The leg's amount or currency differs from the invoice's.</summary>
    public const string AmountMismatch = "amount-mismatch";

    /// <summary>Mirakl's amount cannot be read in the invoice's currency.</summary>
    public const string UnreadableAmount = "unreadable-amount";

    /// <summary>We recorded a transfer or withdrawal that HiPay says it does not have.</summary>
    public const string MissingAtHiPay = "missing-at-hipay";

    /// <summary>HiPay's transfer or withdrawal is not for the amount we recorded.</summary>
    public const string AmountMismatchAtHiPay = "amount-mismatch-at-hipay";

    /// <summary>HiPay holds more than one transaction for one of our keys, or another one than we recorded.</summary>
    public const string DuplicateAtHiPay = "duplicate-at-hipay";

    /// <summary>A transfer or withdrawal in HiPay's list whose merchant reference is no leg (or generation) of ours.</summary>
    public const string UnrecordedAtHiPay = "unrecorded-at-hipay";

    /// <summary>A leg transferred to a wallet and not withdrawn for longer than Reconciliation:WalletIdleDays.</summary>
    public const string MoneyLeftInWallet = "money-left-in-wallet";

    /// <summary>A wallet holds more than its transferred-but-not-withdrawn legs explain.</summary>
    public const string UnexplainedWalletBalance = "unexplained-wallet-balance";

    /// <summary>HiPay gave no answer to a lookup: neither confirmed nor denied.</summary>
    public const string UnverifiedAtHiPay = "unverified-at-hipay";

    /// <summary>Every kind, in the order counts and filters show them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        MissingLeg, DuplicateLeg, AmountMismatch, UnreadableAmount, MissingAtHiPay, AmountMismatchAtHiPay, DuplicateAtHiPay,
        UnrecordedAtHiPay, MoneyLeftInWallet, UnexplainedWalletBalance, UnverifiedAtHiPay,
    ];
}

/// <summary>The <c>kind=count;…</c> text of a run's counts.</summary>
internal static class ReconciliationCounts
{
    public static string Format(IEnumerable<ReconciliationFinding> findings)
    {
        var text = new StringBuilder();
        foreach (var group in findings.GroupBy(f => f.Kind, StringComparer.Ordinal).OrderBy(g => Order(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(text.Length == 0 ? "" : ";").Append(group.Key).Append('=').Append(group.Count().ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static IReadOnlyDictionary<string, int> Parse(string? counts)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in (counts ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at > 0 && int.TryParse(pair.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                result[pair[..at]] = n;
            }
        }

        return result;
    }

    private static int Order(string kind)
    {
        var index = FindingKinds.All.ToList().IndexOf(kind);
        return index < 0 ? int.MaxValue : index;
    }
}
