using System.Globalization;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Approvals;

/// <summary>Why an approval request was refused: the HTTP answer and the command line's exit follow from it.</summary>
public enum ApprovalRefusal
{
    /// <summary>The request itself is wrong (a missing reason, invalid rules).</summary>
    Invalid,

    NotFound,

    /// <summary>The leg is not awaiting approval, or changed meanwhile.</summary>
    Conflict,

    /// <summary>Maker-checker: the one who set the rules or last acted on the leg cannot also decide.</summary>
    Forbidden,
}

/// <summary>A refused approval request; the message is one readable line.</summary>
public sealed class ApprovalException : Exception
{
    public ApprovalException()
    {
    }

    public ApprovalException(string message) : base(message)
    {
    }

    public ApprovalException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ApprovalException(ApprovalRefusal refusal, string message, Exception? innerException = null) : base(message, innerException)
    {
        Refusal = refusal;
    }

    public ApprovalRefusal Refusal { get; }
}

/// <summary>A leg awaiting approval with the rule(s) that held it.</summary>
public sealed record AwaitingApprovalRow(Leg Leg, string? Rules, int? RulesVersion, DateTimeOffset? HeldAt);

/// <summary>The rules in force: the latest stored version, or the settings' defaults when nobody edited them (Version null).</summary>
public sealed record CurrentApprovalRules(ApprovalRules Rules, ApprovalRulesVersion? Version);

/// <summary>A leg's approval state for its page: why it was held and what was decided.</summary>
public sealed record LegApprovalState(ApprovalHold? Hold, ApprovalDecision? Decision);

/// <summary>
/// Approval holds with maker-checker. Rules stop a seller's leg before its first transfer is ever sent; a person other
/// than the one who set the rules that held it, and other than the last person who acted on the leg, approves it
/// (it goes back to Created and the next transfer run sends it) or rejects it (never paid). Every decision is a row
/// in <c>approval_decisions</c> and a line in the leg's log, saved with the leg's move.
/// </summary>
public sealed partial class ApprovalService(
    Func<ConnectorDbContext> createContext,
    ApprovalsOptions options,
    CycleOptions cycle,
    TimeProvider clock,
    IAlertSink alerts,
    ILogger<ApprovalService> logger)
{
    public const string AlertKind = "leg.awaiting-approval";
    public const int MaxReasonLength = 500;

    public static IQueryable<AwaitingApprovalRow> Awaiting(ConnectorDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return from l in db.Legs.AsNoTracking()
            where l.Status == LegStatus.AwaitingApproval
            join h in db.Set<ApprovalHold>().AsNoTracking() on l.Id equals h.LegId into holds
            from h in holds.DefaultIfEmpty()
            orderby l.Id
            select new AwaitingApprovalRow(l, h == null ? null : h.Rules, h == null ? null : h.RulesVersion, h == null ? null : (DateTimeOffset?)h.HeldAt);
    }

    public static Task<int> CountAwaitingAsync(ConnectorDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Legs.CountAsync(l => l.Status == LegStatus.AwaitingApproval, ct);
    }

    public static async Task<LegApprovalState> StateAsync(ConnectorDbContext db, long legId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hold = await db.Set<ApprovalHold>().AsNoTracking().SingleOrDefaultAsync(h => h.LegId == legId, ct);
        var decision = await db.Set<ApprovalDecision>().AsNoTracking().SingleOrDefaultAsync(d => d.LegId == legId, ct);
        return new LegApprovalState(hold, decision);
    }

    public async Task<CurrentApprovalRules> CurrentAsync(CancellationToken ct)
    {
        await using var db = createContext();
        return await CurrentAsync(db, ct);
    }

    private async Task<CurrentApprovalRules> CurrentAsync(ConnectorDbContext db, CancellationToken ct)
    {
        var latest = await db.Set<ApprovalRulesVersion>().AsNoTracking().OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        return latest is null ? new CurrentApprovalRules(options.ToRules(), null) : new CurrentApprovalRules(ApprovalRules.FromJson(latest.RulesJson), latest);
    }

    public async Task<IReadOnlyList<ApprovalRulesVersion>> VersionsAsync(CancellationToken ct)
    {
        await using var db = createContext();
        return await db.Set<ApprovalRulesVersion>().AsNoTracking().OrderByDescending(v => v.Number).ToListAsync(ct);
    }

    /// <summary>Stores the rules as a new version (who, when, before and after). Invalid rules are refused, each error naming its field.</summary>
    public async Task<ApprovalRulesVersion> UpdateRulesAsync(ApprovalRulesDocument document, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        actor = Actor(actor);
        if (!ApprovalRules.TryRead(document, "", out var rules, out var errors))
        {
            throw new ApprovalException(ApprovalRefusal.Invalid, string.Join(" ", errors));
        }

        await using var db = createContext();
        var current = await CurrentAsync(db, ct);
        var version = new ApprovalRulesVersion
        {
            Number = (current.Version?.Number ?? 0) + 1,
            RulesJson = rules.ToJson(),
            PreviousJson = current.Rules.ToJson(),
            ChangedBy = actor,
            ChangedAt = clock.GetUtcNow(),
        };
        db.Add(version);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // The unique version number decides between two admins saving at once.
            throw new ApprovalException(ApprovalRefusal.Conflict, "the approval rules were changed by someone else meanwhile; reload them and save again", ex);
        }

        RulesChanged(logger, version.Number, actor, version.RulesJson);
        return version;
    }

    /// <summary>
    /// Called by the transfer step inside the leg's claim, before anything is read from or sent to HiPay: holds the leg
    /// (AwaitingApproval, its hold row and its log line in one commit) when a rule asks for it. Only a seller's leg whose
    /// transfer was never sent (generation 0, no in-flight marker) and that was never approved is looked at. A
    /// commission leg pays the operator's own wallet, so no rule stops it; a debt never reaches this step (a leg of zero
    /// or less is netted or refused before).
    /// </summary>
    public async Task<bool> HoldIfRequiredAsync(ConnectorDbContext db, Leg leg, Vendor vendor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(leg);
        ArgumentNullException.ThrowIfNull(vendor);
        if (leg.Kind != LegKind.SellerPayout || leg.TransferGeneration != 0 || leg.TransferRequestedAt is not null || leg.AmountMinor <= 0)
        {
            return false;
        }

        var current = await CurrentAsync(db, ct);
        if (current.Rules.IsEmpty || await db.Set<ApprovalDecision>().AnyAsync(d => d.LegId == leg.Id, ct))
        {
            return false;
        }

        var reasons = await ReasonsAsync(db, current.Rules, leg, vendor, now, ct);
        if (reasons.Count == 0)
        {
            return false;
        }

        var rules = string.Join("; ", reasons);
        if (rules.Length > 1000)
        {
            rules = rules[..1000];
        }

        var version = current.Version?.Number;
        db.Add(new ApprovalHold { LegId = leg.Id, Rules = rules, RulesVersion = version, HeldAt = now });
        LegJournal.Move(db, leg, LegStatus.AwaitingApproval, now, "Awaiting approval: " + rules);
        leg.NextAttemptAt = null;
        await db.SaveChangesAsync(ct);

        var amount = LegHeldAlerts.Amount(leg.AmountMinor, leg.Currency);
        alerts.Raise(new Alert(AlertKind, AlertSeverity.Warning,
            string.Create(CultureInfo.InvariantCulture, $"Leg {leg.Id} (shop {vendor.MiraklShopId}, {amount} {leg.Currency}) awaits approval"),
            string.Create(CultureInfo.InvariantCulture,
                $"Rules {(version is { } n ? "version " + n.ToString(CultureInfo.InvariantCulture) : "from the settings")}: {rules}. Nothing is sent until someone approves it."),
            leg.Id.ToString(CultureInfo.InvariantCulture)));
        HeldForApproval(logger, leg.Id, rules);
        return true;
    }

    private async Task<List<string>> ReasonsAsync(ConnectorDbContext db, ApprovalRules rules, Leg leg, Vendor vendor, DateTimeOffset now, CancellationToken ct)
    {
        var reasons = new List<string>();
        var currency = leg.Currency.ToUpperInvariant();
        var amount = leg.Amount;
        if (rules.AmountAbove.TryGetValue(currency, out var above) && amount.MinorUnits > above.MinorUnits)
        {
            reasons.Add($"amount {amount} above {above}");
        }

        if (rules.DailyTotalAbove.TryGetValue(currency, out var dailyAbove))
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(cycle.TimeZone);
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(leg.CycleDate, zone).DateTime);
            var (from, to) = LegSearch.CycleDay(day, cycle.TimeZone);
            var legCurrency = leg.Currency;
            var total = await db.Legs.AsNoTracking()
                .Where(l => l.VendorId == leg.VendorId && l.Kind == LegKind.SellerPayout && l.Currency == legCurrency && l.AmountMinor > 0
                    && l.CycleDate >= from && l.CycleDate < to
                    && l.Status != LegStatus.ApprovalRejected && l.Status != LegStatus.InvalidAmount && l.Status != LegStatus.Adjusted)
                .Select(l => l.AmountMinor).ToListAsync(ct);
            var sum = new Money.Money(total.Aggregate(0L, (a, b) => checked(a + b)), amount.Currency);
            if (sum.MinorUnits > dailyAbove.MinorUnits)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"shop {vendor.MiraklShopId} legs of cycle day {day:yyyy-MM-dd} total {sum}, above {dailyAbove}"));
            }
        }

        if (rules.FirstPayout && !await db.Legs.AnyAsync(l => l.VendorId == leg.VendorId && l.Id != leg.Id && l.TransferId != null, ct))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"first payout of shop {vendor.MiraklShopId}"));
        }

        if (rules.BankDetailsChangedWithinDays > 0 && vendor.BankInfoChangedAt is { } changed && now - changed < TimeSpan.FromDays(rules.BankDetailsChangedWithinDays))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"bank details changed on {changed.UtcDateTime:yyyy-MM-dd}, within {rules.BankDetailsChangedWithinDays} days"));
        }

        return reasons;
    }

    /// <summary>Approves a leg awaiting approval: back to Created, due at once, sent by the next transfer run.</summary>
    public Task<string> ApproveAsync(long legId, string? reason, string actor, CancellationToken ct) =>
        DecideAsync(legId, ApprovalVerdict.Approved, reason, actor, ct);

    /// <summary>Rejects a leg awaiting approval: it is never paid. A reason is required.</summary>
    public Task<string> RejectAsync(long legId, string? reason, string actor, CancellationToken ct) =>
        DecideAsync(legId, ApprovalVerdict.Rejected, reason, actor, ct);

    private async Task<string> DecideAsync(long legId, ApprovalVerdict verdict, string? reason, string actor, CancellationToken ct)
    {
        actor = Actor(actor);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.ReplaceLineEndings(" ").Trim();
        if (verdict == ApprovalVerdict.Rejected && reason is null)
        {
            throw new ApprovalException(ApprovalRefusal.Invalid, "a reason is required to reject a leg");
        }

        if (reason is { Length: > MaxReasonLength })
        {
            throw new ApprovalException(ApprovalRefusal.Invalid, string.Create(CultureInfo.InvariantCulture, $"the reason is longer than {MaxReasonLength} characters"));
        }

        await using var db = createContext();
        var leg = await db.Legs.SingleOrDefaultAsync(l => l.Id == legId, ct)
            ?? throw new ApprovalException(ApprovalRefusal.NotFound, $"leg {legId} does not exist");
        if (leg.Status != LegStatus.AwaitingApproval)
        {
            throw new ApprovalException(ApprovalRefusal.Conflict, $"leg {legId} is {leg.Status}, not awaiting approval; nothing changed");
        }

        var hold = await db.Set<ApprovalHold>().AsNoTracking().SingleOrDefaultAsync(h => h.LegId == legId, ct);
        if (hold?.RulesVersion is { } number)
        {
            var maker = await db.Set<ApprovalRulesVersion>().AsNoTracking().Where(v => v.Number == number).Select(v => v.ChangedBy).SingleOrDefaultAsync(ct);
            if (SameActor(maker, actor))
            {
                throw Refused(legId, actor, $"{actor} changed the approval rules (version {number}) that held leg {legId}; someone else must decide");
            }
        }

        var lastHand = await db.LegLog.AsNoTracking()
            .Where(e => e.LegId == legId && e.Actor != null && e.FromStatus != e.ToStatus)
            .OrderByDescending(e => e.Id).Select(e => e.Actor).FirstOrDefaultAsync(ct);
        if (SameActor(lastHand, actor))
        {
            throw Refused(legId, actor, $"{actor} was the last to act on leg {legId}; someone else must decide");
        }

        var now = clock.GetUtcNow();
        var approved = verdict == ApprovalVerdict.Approved;
        db.Add(new ApprovalDecision
        {
            LegId = legId, Verdict = verdict, DecidedBy = actor, Reason = reason, RulesVersion = hold?.RulesVersion, DecidedAt = now,
        });
        var to = approved ? LegStatus.Created : LegStatus.ApprovalRejected;
        LegJournal.Move(db, leg, to, now, $"{(approved ? "Approved" : "Rejected")} by {actor}{(reason is null ? "" : ": " + reason)}", actor: actor);
        leg.NextAttemptAt = approved ? now : null;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || UniqueViolation.Is(ex))
        {
            throw new ApprovalException(ApprovalRefusal.Conflict, $"leg {legId} was decided or changed by someone else meanwhile; nothing changed", ex);
        }

        Decided(logger, legId, verdict, actor, reason ?? "");
        return approved
            ? $"leg {legId}: approved by {actor}; the next transfer run sends it"
            : $"leg {legId}: rejected by {actor}; it will not be paid";
    }

    private ApprovalException Refused(long legId, string actor, string message)
    {
        MakerChecker(logger, legId, actor, message);
        return new ApprovalException(ApprovalRefusal.Forbidden, message);
    }

    private static bool SameActor(string? a, string b) => a is not null && string.Equals(a.Trim(), b, StringComparison.OrdinalIgnoreCase);

    private static string Actor(string actor) =>
        string.IsNullOrWhiteSpace(actor)
            ? throw new ApprovalException(ApprovalRefusal.Invalid, "who acts is required (--by)")
            : actor.ReplaceLineEndings(" ").Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leg {LegId} awaits approval: {Rules}")]
    private static partial void HeldForApproval(ILogger logger, long legId, string rules);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leg {LegId} {Verdict} by {Actor}: {Reason}")]
    private static partial void Decided(ILogger logger, long legId, ApprovalVerdict verdict, string actor, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approval of leg {LegId} by {Actor} refused: {Why}")]
    private static partial void MakerChecker(ILogger logger, long legId, string actor, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approval rules version {Number} saved by {Actor}: {Rules}")]
    private static partial void RulesChanged(ILogger logger, int number, string actor, string rules);
}
