using HiPayMirakl.Core.Features.Payouts;

namespace HiPayMirakl.Cli.Commands;

public sealed record DemoShops(int Onboarded, int Identified, int BankDetailsValidated, int Disabled);

public sealed record DemoLegCount(LegKind Kind, LegStatus Status, int Legs);

/// <summary>One cycle and currency: what the marketplace owes (seller payouts and commission), what reached a bank, what waits.</summary>
public sealed record DemoCycleFigures(DateOnly CycleDate, string Currency, int Legs, long OwedMinor, long PaidToBanksMinor, long WaitingMinor);

/// <summary>Money not at a bank yet, for one reason.</summary>
public sealed record DemoWaiting(DateOnly CycleDate, string Currency, LegStatus Status, string Reason, int Legs, long AmountMinor);

public sealed record DemoDebts(string Currency, long NettedMinor, long AwaitingMinor);

/// <summary>The demo's closing figures, for a finance reader: amounts in minor units, per cycle and currency.</summary>
public static class DemoFinance
{
    /// <summary>Legs that carry money to pay: positive amounts, not folded into another leg, not refused as invalid.</summary>
    public static bool IsOwed(Leg leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return PayoutOverview.IsOwed(leg.Status, leg.AmountMinor);
    }

    public static IReadOnlyList<DemoCycleFigures> Cycles(IEnumerable<Leg> legs) =>
    [
        .. legs.Where(IsOwed)
            .GroupBy(l => (Cycle: DateOnly.FromDateTime(l.CycleDate.UtcDateTime), l.Currency))
            .OrderBy(g => g.Key.Cycle).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => new DemoCycleFigures(g.Key.Cycle, g.Key.Currency, g.Count(),
                g.Sum(l => l.AmountMinor),
                g.Where(l => l.Status == LegStatus.WithdrawSuccess).Sum(l => l.WithdrawnAmountMinor ?? l.AmountMinor),
                g.Where(l => l.Status != LegStatus.WithdrawSuccess).Sum(l => l.AmountMinor))),
    ];

    public static IReadOnlyList<DemoWaiting> Waiting(IEnumerable<Leg> legs) =>
    [
        .. legs.Where(l => IsOwed(l) && l.Status != LegStatus.WithdrawSuccess)
            .GroupBy(l => (Cycle: DateOnly.FromDateTime(l.CycleDate.UtcDateTime), l.Currency, l.Status, Reason: Reason(l)))
            .OrderBy(g => g.Key.Cycle).ThenBy(g => g.Key.Currency, StringComparer.Ordinal).ThenBy(g => g.Key.Status).ThenBy(g => g.Key.Reason, StringComparer.Ordinal)
            .Select(g => new DemoWaiting(g.Key.Cycle, g.Key.Currency, g.Key.Status, g.Key.Reason, g.Count(), g.Sum(l => l.AmountMinor))),
    ];

    /// <summary>Why a leg's money is not at a bank yet, in words; the last error from HiPay when there is one.</summary>
    public static string Reason(Leg leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        var why = leg.Status switch
        {
            LegStatus.Created => "not transferred yet",
            LegStatus.TransferRequested or LegStatus.TransferUnknown => "transfer sent, outcome not known yet",
            LegStatus.TransferFailed => "transfer failed, retried by the next run",
            LegStatus.TransferSuccess => "in the wallet, withdrawal not sent yet",
            LegStatus.WithdrawRequested or LegStatus.WithdrawUnknown => "withdrawal sent, bank not confirmed yet",
            LegStatus.WithdrawPaymentBlocked => "bank details not validated yet",
            LegStatus.WithdrawFailed => "withdrawal failed, retried by the next run",
            LegStatus.WithdrawCanceled => "bank refused it; waiting for new bank details",
            LegStatus.TransferVendorDisabled or LegStatus.WithdrawVendorDisabled => "shop disabled",
            LegStatus.TransferHeld or LegStatus.WithdrawHeld => "held: an operator decides",
            _ => leg.Status.ToString(),
        };
        if (string.IsNullOrWhiteSpace(leg.LastError))
        {
            return why;
        }

        var error = leg.LastError.ReplaceLineEndings(" ");
        return why + " (" + (error.Length > 80 ? error[..80] + "…" : error) + ")";
    }
}
