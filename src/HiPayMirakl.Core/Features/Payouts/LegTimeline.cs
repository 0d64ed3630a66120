using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.WalletNotifications;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>What one line of a leg's timeline is about.</summary>
public enum LegEventKind
{
    Created,

    /// <summary>A transfer or withdrawal POST about to be sent (the in-flight marker committed before the call).</summary>
    Call,

    /// <summary>HiPay's answer to a call, a lookup or the status sync moved the leg.</summary>
    Answer,

    /// <summary>A stored HiPay notification applied to the leg.</summary>
    Notification,

    /// <summary>A failure: a retry is due later, or the attempts are spent.</summary>
    Failure,

    Hold,
    Release,

    /// <summary>An operator's hold or release refused by the leg's state (recorded all the same).</summary>
    Refusal,

    /// <summary>Finance's override: paid outside the connector, skipped, or a withdrawal re-issued (see leg_overrides).</summary>
    Override,

    /// <summary>Any other move (netting, a vendor disabled…).</summary>
    Move,
}

/// <summary>
/// One line of a leg's timeline: a row of its log, with the side and generation (and so the merchant_unique_id) it
/// concerns when it concerns one.
/// </summary>
public sealed record LegTimelineEntry(
    long LogId,
    DateTimeOffset At,
    LegEventKind Kind,
    PayoutSide? Side,
    int? Generation,
    string? MerchantUniqueId,
    LegStatus? From,
    LegStatus To,
    string? Actor,
    string? Message,
    long? BatchId,
    long? BalanceMinor);

/// <summary>A stored notification that names one of the leg's transactions, or whose processing named the leg.</summary>
public sealed record LegNotification(long Id, string? Kind, string? Reference, InboxOutcome Outcome, string? OutcomeMessage, int Attempts,
    DateTimeOffset ReceivedAt, DateTimeOffset? ProcessedAt);

/// <summary>A leg as a person reads it: its generations, its log as a timeline, its notifications and its claim.</summary>
public sealed record LegTimelineView(
    LegDetails Details,
    IReadOnlyList<LegTimelineEntry> Entries,
    IReadOnlyList<LegNotification> Notifications)
{
    public Leg Leg => Details.Leg;

    /// <summary>Claims ever taken on the leg: the fencing token is raised by one on each and never lowered.</summary>
    public long ClaimsTaken => Leg.ClaimToken;
}

/// <summary>
/// Builds a leg's timeline from its log (<c>log_legs</c>) and the notification inbox. The log is the record: every
/// move, every send marker, every operator's hand, with who did it. The generation of each line is found by reading
/// the log in order: a line naming a later generation's merchant_unique_id ("next generation …", "the next send
/// uses …") makes that generation current for the lines after it.
/// </summary>
public static class LegTimeline
{
    public static async Task<LegTimelineView> LoadAsync(ConnectorDbContext db, LegDetails details, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(details);
        var leg = details.Leg;
        var transactionIds = new[] { leg.TransferId, leg.WithdrawId }.OfType<string>().ToList();
        // The processor names the leg in its outcome ("Leg 5 TransferRequested → TransferSuccess", "… leg 5 is …",
        // "… for leg 5 (…)"): "eg 5 " matches those and not leg 50.
        var named = FormattableString.Invariant($"eg {leg.Id} ");
        var operations = WalletNotificationProcessor.PayoutOperations.ToList();
        var rows = await db.Inbox.AsNoTracking()
            .Where(m => m.Source == NotificationSource.HiPayWallet && m.Kind != null && operations.Contains(m.Kind)
                && ((m.Reference != null && transactionIds.Contains(m.Reference)) || (m.OutcomeMessage != null && m.OutcomeMessage.Contains(named))))
            .OrderBy(m => m.Id)
            .Select(m => new LegNotification(m.Id, m.Kind, m.Reference, m.Outcome, m.OutcomeMessage, m.Attempts, m.ReceivedAt, m.ProcessedAt))
            .ToListAsync(ct);
        return new LegTimelineView(details, Build(details), rows);
    }

    /// <summary>The log rows as timeline lines, oldest first (pure: no I/O).</summary>
    public static IReadOnlyList<LegTimelineEntry> Build(LegDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var keys = details.Generations.OrderByDescending(g => g.MerchantUniqueId.Length).ToList();
        var current = new Dictionary<PayoutSide, int> { [PayoutSide.Transfer] = 0, [PayoutSide.Withdrawal] = 0 };
        var entries = new List<LegTimelineEntry>(details.Log.Count);
        foreach (var e in details.Log)
        {
            var kind = KindOf(e);
            var side = SideOf(e, kind);
            var named = Named(keys, e.Message);
            int? generation = null;
            string? key = null;
            if (side is { } s)
            {
                // A line about a generation names it; otherwise it is about the side's current one.
                var own = named.FirstOrDefault(g => g.Side == s && g.Generation <= current[s]);
                generation = kind == LegEventKind.Call || own is null ? current[s] : own.Generation;
                key = details.Generations.FirstOrDefault(g => g.Side == s && g.Generation == generation)?.MerchantUniqueId;
            }

            entries.Add(new LegTimelineEntry(e.Id, e.CreatedAt, kind, side, generation, key, e.FromStatus, e.ToStatus, e.Actor, e.Message, e.BatchId, e.BalanceMinor));
            foreach (var g in named)
            {
                current[g.Side] = Math.Max(current[g.Side], g.Generation);
            }
        }

        return entries;
    }

    /// <summary>The generations whose key the message names (the longest key first, so _G1 is not read as generation 0).</summary>
    private static List<LegGeneration> Named(List<LegGeneration> keysLongestFirst, string? message)
    {
        var found = new List<LegGeneration>();
        if (string.IsNullOrEmpty(message))
        {
            return found;
        }

        var rest = message;
        foreach (var g in keysLongestFirst)
        {
            if (rest.Contains(g.MerchantUniqueId, StringComparison.Ordinal))
            {
                found.Add(g);
                rest = rest.Replace(g.MerchantUniqueId, " ", StringComparison.Ordinal);
            }
        }

        return found;
    }

    private static LegEventKind KindOf(LegLogEntry e)
    {
        var message = e.Message ?? "";
        if (e.FromStatus is null)
        {
            return LegEventKind.Created;
        }

        if (e.Actor is not null)
        {
            return message.StartsWith("Held by", StringComparison.Ordinal) ? LegEventKind.Hold
                : message.StartsWith("Released by", StringComparison.Ordinal) ? LegEventKind.Release
                : e.FromStatus == e.ToStatus ? LegEventKind.Refusal
                : message.StartsWith("Override ", StringComparison.Ordinal) ? LegEventKind.Override
                : LegEventKind.Move;
        }

        if (e.ToStatus is LegStatus.TransferUnknown or LegStatus.WithdrawUnknown && e.FromStatus != e.ToStatus)
        {
            return LegEventKind.Call;
        }

        if (message.StartsWith("Notification ", StringComparison.Ordinal))
        {
            return LegEventKind.Notification;
        }

        return e.ToStatus switch
        {
            LegStatus.TransferFailed or LegStatus.WithdrawFailed or LegStatus.TransferNegative or LegStatus.WithdrawNegative
                or LegStatus.WithdrawPaymentBlocked or LegStatus.TransferHeld or LegStatus.WithdrawHeld or LegStatus.WithdrawCanceled
                or LegStatus.InvalidAmount => LegEventKind.Failure,
            LegStatus.TransferRequested or LegStatus.TransferSuccess or LegStatus.WithdrawRequested or LegStatus.WithdrawSuccess => LegEventKind.Answer,
            _ => LegEventKind.Move,
        };
    }

    private static PayoutSide? SideOf(LegLogEntry e, LegEventKind kind)
    {
        if (kind is LegEventKind.Created)
        {
            return null;
        }

        // A move out of a transfer status into a withdrawal one (TransferSuccess → WithdrawUnknown) is about the
        // withdrawal; a hold or release is about the side it holds.
        var status = kind is LegEventKind.Release or LegEventKind.Refusal or LegEventKind.Override && e.FromStatus is { } from ? from : e.ToStatus;
        return status switch
        {
            LegStatus.TransferUnknown or LegStatus.TransferRequested or LegStatus.TransferSuccess or LegStatus.TransferFailed
                or LegStatus.TransferNegative or LegStatus.TransferHeld or LegStatus.TransferVendorDisabled => PayoutSide.Transfer,
            LegStatus.WithdrawUnknown or LegStatus.WithdrawRequested or LegStatus.WithdrawSuccess or LegStatus.WithdrawFailed
                or LegStatus.WithdrawNegative or LegStatus.WithdrawPaymentBlocked or LegStatus.WithdrawHeld or LegStatus.WithdrawCanceled
                or LegStatus.WithdrawVendorDisabled => PayoutSide.Withdrawal,
            _ => null,
        };
    }
}
