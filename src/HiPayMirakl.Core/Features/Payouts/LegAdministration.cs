using System.Globalization;
using System.Text;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>One merchant_unique_id a leg has used (or will use) on one side.</summary>
public sealed record LegGeneration(PayoutSide Side, int Generation, string MerchantUniqueId, bool Current);

/// <summary>A leg, the keys of its generations and its log, oldest entry first.</summary>
public sealed record LegDetails(Leg Leg, IReadOnlyList<LegGeneration> Generations, IReadOnlyList<LegLogEntry> Log);

/// <summary>What HiPay's books say about one generation of a leg.</summary>
internal sealed record GenerationFinding(int Generation, string Key, LegAdministration.Finding Finding, HiPayTransaction? Found);

/// <summary>HiPay's books for every generation of one side, or why they could not be read (then nothing may be decided).</summary>
internal sealed record BooksReading(IReadOnlyList<GenerationFinding> Findings, string Books, string? Unread, Exception? Error);

/// <summary>An operator's request on a leg that was refused; the message is one readable line.</summary>
public sealed class LegActionException : Exception
{
    public LegActionException()
    {
    }

    public LegActionException(string message) : base(message)
    {
    }

    public LegActionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>
/// What an operator may do to a leg by hand: look at it, hold it, release it. A release never trusts our own
/// records alone: it reads HiPay's books for every generation of the held side first, and sends again only when none
/// of them moved money or may still move it. Every use is journalled with who, when and why.
/// </summary>
public sealed partial class LegAdministration(
    Func<ConnectorDbContext> createContext,
    HiPayWalletClient wallet,
    TimeProvider clock,
    ILogger<LegAdministration> logger)
{
    private static readonly LegStatus[] TransferHoldable =
        [LegStatus.Created, LegStatus.TransferFailed, LegStatus.TransferNegative, LegStatus.TransferVendorDisabled];

    private static readonly LegStatus[] WithdrawHoldable =
    [
        LegStatus.TransferSuccess, LegStatus.WithdrawFailed, LegStatus.WithdrawNegative, LegStatus.WithdrawPaymentBlocked,
        LegStatus.WithdrawVendorDisabled, LegStatus.WithdrawCanceled,
    ];

    private static readonly LegStatus[] InFlight =
        [LegStatus.TransferUnknown, LegStatus.TransferRequested, LegStatus.WithdrawUnknown, LegStatus.WithdrawRequested];

    internal enum Finding
    {
        NotFound,
        Settled,
        Pending,
        Failed,
        Unclassified,
    }

    public async Task<LegDetails> ShowAsync(long legId, CancellationToken ct)
    {
        await using var db = createContext();
        var leg = await db.Legs.AsNoTracking().SingleOrDefaultAsync(l => l.Id == legId, ct) ?? throw NoSuchLeg(legId);
        var log = await db.LegLog.AsNoTracking().Where(e => e.LegId == legId).OrderBy(e => e.Id).ToListAsync(ct);
        var generations = new List<LegGeneration>();
        for (var g = 0; g <= leg.TransferGeneration; g++)
        {
            generations.Add(new LegGeneration(PayoutSide.Transfer, g, leg.TransferKey(g), g == leg.TransferGeneration));
        }

        for (var g = 0; g <= leg.WithdrawGeneration; g++)
        {
            generations.Add(new LegGeneration(PayoutSide.Withdrawal, g, leg.WithdrawalKey(g), g == leg.WithdrawGeneration));
        }

        return new LegDetails(leg, generations, log);
    }

    /// <summary>Moves a leg that is not waiting on HiPay to Held: nothing is sent for it until a release.</summary>
    public async Task<string> HoldAsync(long legId, string reason, string actor, CancellationToken ct)
    {
        (reason, actor) = Validate(reason, actor);
        await using var db = createContext();
        var leg = await db.Legs.SingleOrDefaultAsync(l => l.Id == legId, ct) ?? throw NoSuchLeg(legId);
        var now = clock.GetUtcNow();
        LegStatus held;
        if (TransferHoldable.Contains(leg.Status))
        {
            held = LegStatus.TransferHeld;
        }
        else if (WithdrawHoldable.Contains(leg.Status))
        {
            held = LegStatus.WithdrawHeld;
        }
        else
        {
            var why = InFlight.Contains(leg.Status)
                ? $"leg {legId} is {leg.Status}: HiPay's outcome is awaited, it cannot be held now"
                : leg.Status is LegStatus.TransferHeld or LegStatus.WithdrawHeld
                    ? $"leg {legId} is already {leg.Status}"
                    : $"leg {legId} is {leg.Status}: there is nothing to hold";
            await RefuseAsync(db, leg, now, $"Hold refused ({reason}): {why}", actor, ct);
            throw new LegActionException(why);
        }

        LegJournal.Move(db, leg, held, now, $"Held by {actor}: {reason}", actor: actor);
        leg.NextAttemptAt = null;
        await SaveAsync(db, legId, ct);
        HeldByOperator(logger, legId, actor, reason);
        return $"leg {legId}: {held}";
    }

    /// <summary>
    /// Lets a held leg go on, after reading every generation of its held side at HiPay: a captured generation
    /// settles the leg, a pending one makes it wait for that one, and only when all of them moved nothing is a send
    /// allowed again (with a new generation when the current one failed at HiPay, since HiPay replays a key).
    /// </summary>
    public async Task<string> ReleaseAsync(long legId, string reason, string actor, CancellationToken ct)
    {
        (reason, actor) = Validate(reason, actor);
        await using var db = createContext();
        var leg = await db.Legs.SingleOrDefaultAsync(l => l.Id == legId, ct) ?? throw NoSuchLeg(legId);
        var now = clock.GetUtcNow();
        if (leg.Status is not (LegStatus.TransferHeld or LegStatus.WithdrawHeld))
        {
            var why = $"leg {legId} is {leg.Status}, not held: there is nothing to release";
            await RefuseAsync(db, leg, now, $"Release refused ({reason}): {why}", actor, ct);
            throw new LegActionException(why);
        }

        var isTransfer = leg.Status == LegStatus.TransferHeld;
        var reading = await ReadBooksAsync(leg, isTransfer ? PayoutSide.Transfer : PayoutSide.Withdrawal, ct);
        if (reading.Unread is { } unread)
        {
            var why = $"{unread}; leg {legId} stays {leg.Status}";
            await RefuseAsync(db, leg, now, $"Release refused ({reason}): {why}", actor, ct);
            throw reading.Error is null ? new LegActionException(why) : new LegActionException(why, reading.Error);
        }

        var findings = reading.Findings;
        var books = reading.Books;
        var settled = findings.Where(f => f.Finding == Finding.Settled).ToList();
        var pending = findings.Where(f => f.Finding == Finding.Pending).ToList();
        var unclassified = findings.Where(f => f.Finding == Finding.Unclassified).ToList();
        string? refusal = (settled.Count, pending.Count, unclassified.Count) switch
        {
            ( > 1, _, _) => $"several generations moved money ({books}); leg {legId} stays held for a manual correction",
            (1, > 0, _) or (0, > 1, _) => $"more than one generation is live at HiPay ({books}); leg {legId} stays held",
            (0, 0, > 0) => $"HiPay shows {unclassified[0].Key} as {unclassified[0].Found!.TransactionStatus}, which the connector cannot classify; leg {legId} stays held",
            _ => null,
        };
        if (refusal is not null)
        {
            await RefuseAsync(db, leg, now, $"Release refused ({reason}): {refusal}", actor, ct);
            throw new LegActionException(refusal);
        }

        var intro = $"Released by {actor}: {reason}. HiPay's books: {books}";
        string result;
        if (settled.Count == 1 || pending.Count == 1)
        {
            // Money moved or may still move under an earlier key: sending again would pay twice.
            var live = settled.Count == 1 ? settled[0] : pending[0];
            var isSettled = settled.Count == 1;
            var to = (isTransfer, isSettled) switch
            {
                (true, true) => LegStatus.TransferSuccess,
                (true, false) => LegStatus.TransferRequested,
                (false, true) => LegStatus.WithdrawSuccess,
                (false, false) => LegStatus.WithdrawRequested,
            };
            if (isTransfer)
            {
                leg.TransferId = live.Found!.TransactionId;
            }
            else
            {
                leg.WithdrawId = live.Found!.TransactionId;
                if (isSettled)
                {
                    leg.SettledAt = now;
                }
            }

            LegJournal.Move(db, leg, to, now,
                $"{intro}. {live.Key} is {live.Found.TransactionStatus}: {(isSettled ? "settled from it" : "waiting for its outcome")}, nothing sent", actor: actor);
            leg.NextAttemptAt = null;
            result = $"leg {legId}: {to} from {live.Key} ({live.Found.TransactionStatus}); nothing sent";
        }
        else
        {
            // Nothing moved under any key. A key HiPay refused is replayed as refused, so the next send needs a new
            // one; a key HiPay never saw is simply sent again (HiPay still de-duplicates it if it arrives late).
            if (findings[^1].Finding == Finding.Failed)
            {
                if (isTransfer)
                {
                    leg.TransferGeneration++;
                    leg.TransferId = null;
                }
                else
                {
                    leg.WithdrawGeneration++;
                    leg.WithdrawId = null;
                }
            }

            var next = isTransfer ? leg.TransferMerchantUniqueId : leg.WithdrawalMerchantUniqueId;
            leg.AttemptCount = 0;
            var to = isTransfer ? LegStatus.TransferFailed : LegStatus.TransferSuccess;
            LegJournal.Move(db, leg, to, now, $"{intro}. Nothing moved; the next send uses {next} with a fresh count of attempts", actor: actor);
            leg.NextAttemptAt = isTransfer ? now : null;
            result = $"leg {legId}: {to}; the next {(isTransfer ? "transfer" : "withdrawal")} uses {next}";
        }

        await SaveAsync(db, legId, ct);
        ReleasedByOperator(logger, legId, actor, reason, result);
        return result;
    }

    /// <summary>
    /// Reads every generation of one side of the leg in HiPay's books (releases and overrides use this one reading).
    /// No answer for any key (an error, a timeout, an unreadable body) is returned as <see cref="BooksReading.Unread"/>:
    /// it is no proof that the generation moved nothing.
    /// </summary>
    internal async Task<BooksReading> ReadBooksAsync(Leg leg, PayoutSide side, CancellationToken ct)
    {
        var isTransfer = side == PayoutSide.Transfer;
        var current = isTransfer ? leg.TransferGeneration : leg.WithdrawGeneration;
        HiPayAccountRef? account = isTransfer || leg.BeneficiaryAccountId is not { } beneficiary ? null : HiPayAccountRef.ById(beneficiary);
        var findings = new List<GenerationFinding>();
        for (var g = 0; g <= current; g++)
        {
            var key = isTransfer ? leg.TransferKey(g) : leg.WithdrawalKey(g);
            TransactionLookup lookup;
            try
            {
                lookup = await wallet.GetTransactionAsync(key, account, ct);
            }
            catch (Exception ex) when (ex is HiPayWalletApiException or HttpRequestException)
            {
                return new BooksReading(findings, "", $"HiPay's books could not be read for {key} ({ex.Message})", ex);
            }

            if (lookup is TransactionLookup.Unknown unknown)
            {
                return new BooksReading(findings, "", $"HiPay's books could not be read for {key} ({unknown.Reason})", null);
            }

            var found = lookup is TransactionLookup.Found { Transaction: var transaction } ? transaction : null;
            findings.Add(new GenerationFinding(g, key, Classify(found), found));
        }

        var books = string.Join(", ", findings.Select(f => f.Key + " " + (f.Found?.TransactionStatus ?? "not found")));
        return new BooksReading(findings, books, null, null);
    }

    /// <summary>The leg, its generations and its log as lines of text (the command line prints them).</summary>
    public static string Describe(LegDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var leg = details.Leg;
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"leg {leg.Id}: {leg.Kind}, invoice {leg.InvoiceId ?? "-"}, shop {leg.MiraklShopId?.ToString(invariant) ?? "-"}, account {leg.BeneficiaryAccountId?.ToString(invariant) ?? "-"}");
        text.AppendLine(invariant, $"  amount {WalletAmount.Format(leg.AmountMinor, leg.Currency)} {leg.Currency} (origin {WalletAmount.Format(leg.OriginAmountMinor, leg.Currency)}), withdrawn {(leg.WithdrawnAmountMinor is { } w ? WalletAmount.Format(w, leg.Currency) : "-")}");
        text.AppendLine(invariant, $"  status {leg.Status}, attempts {leg.AttemptCount}, next attempt {leg.NextAttemptAt?.ToString("O", invariant) ?? "-"}, transfer {leg.TransferId ?? "-"}, withdrawal {leg.WithdrawId ?? "-"}");
        if (!string.IsNullOrEmpty(leg.LastError))
        {
            text.AppendLine(invariant, $"  last error: {leg.LastError}");
        }

        text.AppendLine("generations:");
        foreach (var g in details.Generations)
        {
            text.AppendLine(invariant, $"  {(g.Side == PayoutSide.Transfer ? "transfer" : "withdrawal")} {g.Generation} {g.MerchantUniqueId}{(g.Current ? " (current)" : "")}");
        }

        text.AppendLine("log:");
        foreach (var e in details.Log)
        {
            var move = e.FromStatus is { } from ? (from == e.ToStatus ? $"{from} (no move)" : $"{from} -> {e.ToStatus}") : $"created {e.ToStatus}";
            text.AppendLine(invariant, $"  {e.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", invariant)} {move}{(e.Actor is null ? "" : " by " + e.Actor)}: {e.Message}");
        }

        return text.ToString();
    }

    private static Finding Classify(HiPayTransaction? found) => found is null
        ? Finding.NotFound
        : ProviderStatus.OfTransaction(found.TransactionStatus) switch
        {
            ProviderOutcome.Settled => Finding.Settled,
            ProviderOutcome.Pending => Finding.Pending,
            ProviderOutcome.Failed => Finding.Failed,
            _ => Finding.Unclassified,
        };

    internal static (string Reason, string Actor) Validate(string reason, string actor)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new LegActionException("a reason is required (--reason \"…\")");
        }

        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new LegActionException("who acts is required (--by)");
        }

        return (OneLine(reason), OneLine(actor));
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    internal static LegActionException NoSuchLeg(long legId) => new($"leg {legId} does not exist");

    internal static async Task RefuseAsync(ConnectorDbContext db, Leg leg, DateTimeOffset now, string message, string actor, CancellationToken ct)
    {
        LegJournal.Note(db, leg, now, message, actor);
        await db.SaveChangesAsync(ct);
    }

    internal static async Task SaveAsync(ConnectorDbContext db, long legId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new LegActionException($"leg {legId} changed while this ran (a payout step touched it); nothing changed, try again", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leg {LegId} held by {Actor}: {Reason}")]
    private static partial void HeldByOperator(ILogger logger, long legId, string actor, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leg {LegId} released by {Actor} ({Reason}): {Result}")]
    private static partial void ReleasedByOperator(ILogger logger, long legId, string actor, string reason, string result);
}
