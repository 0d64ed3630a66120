using System.Globalization;

namespace HiPayMirakl.Core.Features.Reconciliation;

/// <summary>Settings of the reconciliation (section <c>Reconciliation</c>).</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Reconciliation";

    /// <summary>Money transferred to a wallet and not withdrawn for longer than this many days is reported.</summary>
    public int WalletIdleDays { get; set; } = 7;

    /// <summary>Errors naming the key (<c>Reconciliation:…</c>); empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (WalletIdleDays is < 1 or > 365)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(WalletIdleDays)}: {WalletIdleDays} is not between 1 and 365.");
        }
    }
}
