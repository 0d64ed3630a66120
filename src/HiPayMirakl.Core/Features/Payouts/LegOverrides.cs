using System.Text.Json;
using System.Text.Json.Serialization;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>What finance may do to a leg by hand when the normal flow cannot settle it.</summary>
public enum LegOverrideAction
{
    /// <summary>The seller was paid by other means: the leg ends as <see cref="LegStatus.PaidOutside"/>.</summary>
    MarkPaidOutside,

    /// <summary>The leg is not paid through the connector (disputed…): it ends as <see cref="LegStatus.Skipped"/>.</summary>
    Skip,

    /// <summary>The seller's bank details changed: the withdrawal is sent again, under a new key when the last one reached HiPay.</summary>
    Reissue,
}

/// <summary>One override accepted on a leg: who, why, and the leg before and after, committed with the move itself.</summary>
public sealed class LegOverride
{
    public long Id { get; set; }

    public long LegId { get; set; }

    public LegOverrideAction Action { get; set; }

    public string Reason { get; set; } = "";

    public string Actor { get; set; } = "";

    /// <summary>The leg's status, generations and amounts before the override (JSON, <see cref="LegSnapshot"/>).</summary>
    public string BeforeJson { get; set; } = "";

    /// <summary>The same after the override.</summary>
    public string AfterJson { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What an override row records of the leg on each side of the change.</summary>
public sealed record LegSnapshot(
    LegStatus Status,
    int TransferGeneration,
    int WithdrawGeneration,
    long AmountMinor,
    long OriginAmountMinor,
    long? WithdrawnAmountMinor,
    string Currency,
    string? TransferId,
    string? WithdrawId,
    int AttemptCount)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static LegSnapshot Of(Leg leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return new(leg.Status, leg.TransferGeneration, leg.WithdrawGeneration, leg.AmountMinor, leg.OriginAmountMinor, leg.WithdrawnAmountMinor,
            leg.Currency, leg.TransferId, leg.WithdrawId, leg.AttemptCount);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static LegSnapshot? FromJson(string json) => JsonSerializer.Deserialize<LegSnapshot>(json, Json);
}

internal sealed class LegOverrideConfiguration : IEntityTypeConfiguration<LegOverride>
{
    public void Configure(EntityTypeBuilder<LegOverride> e)
    {
        e.ToTable("leg_overrides");
        e.HasIndex(o => new { o.LegId, o.CreatedAt });
        e.HasOne<Leg>().WithMany().HasForeignKey(o => o.LegId).OnDelete(DeleteBehavior.Cascade);
        e.Property(o => o.Action).HasConversion<string>().HasMaxLength(30);
        e.Property(o => o.Reason).HasMaxLength(500);
        e.Property(o => o.Actor).HasMaxLength(200);
        e.Property(o => o.BeforeJson).HasMaxLength(2000);
        e.Property(o => o.AfterJson).HasMaxLength(2000);
    }
}

/// <summary>
/// Finance's three overrides on a leg. None of them may ever lead to a second payment: each runs under the leg's
/// claim (a payout step working on the leg makes it refuse; a step starting meanwhile skips the leg), reads HiPay's
/// books for every generation of the side concerned first (the reading a release uses), and refuses when one of
/// them moved money, may still move it, or when HiPay gives no answer. An accepted override moves the leg through the
/// state machine and writes its log line and its <c>leg_overrides</c> row in one commit; a refused one is noted in
/// the leg's log.
/// </summary>
public sealed partial class LegOverrides(
    Func<ConnectorDbContext> createContext,
    LegAdministration administration,
    LegClaims claims,
    TimeProvider clock,
    ILogger<LegOverrides> logger)
{
    /// <summary>Transfer-side statuses in which nothing is in flight: the leg may be paid outside or skipped from here.</summary>
    private static readonly LegStatus[] Closable =
    [
        LegStatus.Created, LegStatus.TransferFailed, LegStatus.TransferNegative, LegStatus.TransferVendorDisabled, LegStatus.TransferHeld,
        LegStatus.AwaitingApproval,
    ];

    /// <summary>Withdrawal-side statuses in which nothing is in flight and the money sits in the beneficiary's wallet.</summary>
    private static readonly LegStatus[] Reissuable =
    [
        LegStatus.WithdrawFailed, LegStatus.WithdrawNegative, LegStatus.WithdrawPaymentBlocked, LegStatus.WithdrawVendorDisabled,
        LegStatus.WithdrawCanceled, LegStatus.WithdrawHeld,
    ];

    /// <summary>The action's name on the wire and the command line.</summary>
    public static string NameOf(LegOverrideAction action) => action switch
    {
        LegOverrideAction.MarkPaidOutside => "mark-paid-outside",
        LegOverrideAction.Skip => "skip",
        LegOverrideAction.Reissue => "reissue",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>Reads an action's name (mark-paid-outside, skip, reissue); null for anything else.</summary>
    public static LegOverrideAction? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "mark-paid-outside" => LegOverrideAction.MarkPaidOutside,
        "skip" => LegOverrideAction.Skip,
        "reissue" => LegOverrideAction.Reissue,
        _ => null,
    };

    /// <summary>The statuses an action is accepted from (HiPay's books still decide).</summary>
    public static IReadOnlyList<LegStatus> AllowedFrom(LegOverrideAction action) =>
        action == LegOverrideAction.Reissue ? Reissuable : Closable;

    public async Task<string> ApplyAsync(long legId, LegOverrideAction action, string reason, string actor, CancellationToken ct)
    {
        (reason, actor) = LegAdministration.Validate(reason, actor);
        var name = NameOf(action);
        await using var claim = await claims.TryAcquireAsync(legId, ct);
        await using var db = createContext();
        var leg = await db.Legs.SingleOrDefaultAsync(l => l.Id == legId, ct) ?? throw LegAdministration.NoSuchLeg(legId);
        var now = clock.GetUtcNow();
        if (claim is null || !claim.Fences(leg))
        {
            // A transfer or withdrawal step holds the leg: its call may be on the wire right now.
            var busy = $"a payout step is working on leg {legId}; nothing changed, try again once it is done";
            await Refuse(db, leg, now, name, reason, actor, busy, ct);
        }

        if (!AllowedFrom(action).Contains(leg.Status))
        {
            var why = IsInFlight(leg.Status)
                ? $"leg {legId} is {leg.Status}: HiPay's outcome is awaited, it cannot be overridden now"
                : $"leg {legId} is {leg.Status}: {name} is allowed only from {string.Join(", ", AllowedFrom(action))}";
            await Refuse(db, leg, now, name, reason, actor, why, ct);
        }

        var side = action == LegOverrideAction.Reissue ? PayoutSide.Withdrawal : PayoutSide.Transfer;
        if (action == LegOverrideAction.Reissue && leg.Kind != LegKind.OperatorCommission)
        {
            var bank = leg.VendorId is { } vendorId
                ? await db.Vendors.AsNoTracking().Where(v => v.Id == vendorId).Select(v => (BankInfoStatus?)v.BankInfoStatus).SingleOrDefaultAsync(ct)
                : null;
            if (bank != BankInfoStatus.Validated)
            {
                await Refuse(db, leg, now, name, reason, actor, $"the seller's bank details are not validated at HiPay ({bank?.ToString() ?? "no seller"}); leg {legId} stays {leg.Status}", ct);
            }
        }

        var reading = await administration.ReadBooksAsync(leg, side, ct);
        if (reading.Unread is { } unread)
        {
            await Refuse(db, leg, now, name, reason, actor, $"{unread}; leg {legId} stays {leg.Status}", ct, reading.Error);
        }

        var live = reading.Findings.Where(f => f.Finding is not (LegAdministration.Finding.NotFound or LegAdministration.Finding.Failed)).ToList();
        if (live.Count > 0)
        {
            var what = live[0].Finding switch
            {
                LegAdministration.Finding.Settled => "moved money",
                LegAdministration.Finding.Pending => "may still move money",
                _ => "is in a state the connector cannot classify",
            };
            await Refuse(db, leg, now, name, reason, actor,
                $"HiPay's books show {live[0].Key} as {live[0].Found!.TransactionStatus}: it {what} ({reading.Books}); leg {legId} stays {leg.Status}", ct);
        }

        var before = LegSnapshot.Of(leg);
        var intro = $"Override {name} by {actor}: {reason}. HiPay's books: {reading.Books}";
        string result;
        switch (action)
        {
            case LegOverrideAction.MarkPaidOutside:
            case LegOverrideAction.Skip:
                var to = action == LegOverrideAction.Skip ? LegStatus.Skipped : LegStatus.PaidOutside;
                LegJournal.Move(db, leg, to, now, $"{intro}. Nothing moved; the connector will not pay this leg", actor: actor);
                leg.NextAttemptAt = null;
                result = $"leg {legId}: {to}; the connector will not pay it";
                break;
            default:
                // A key HiPay refused is replayed as refused, so the next withdrawal needs a new one; a key HiPay never
                // saw is still unused and is the one sent (HiPay still de-duplicates it, should it arrive late).
                if (reading.Findings[^1].Finding == LegAdministration.Finding.Failed)
                {
                    leg.WithdrawGeneration++;
                    leg.WithdrawId = null;
                }

                leg.AttemptCount = 0;
                leg.NextAttemptAt = null;
                LegJournal.Move(db, leg, LegStatus.TransferSuccess, now,
                    $"{intro}. Nothing moved; the next withdrawal uses {leg.WithdrawalMerchantUniqueId} with a fresh count of attempts", actor: actor);
                result = $"leg {legId}: {LegStatus.TransferSuccess}; the next withdrawal uses {leg.WithdrawalMerchantUniqueId}";
                break;
        }

        db.LegOverrides.Add(new LegOverride
        {
            LegId = leg.Id,
            Action = action,
            Reason = reason.Length > 500 ? reason[..500] : reason,
            Actor = actor,
            BeforeJson = before.ToJson(),
            AfterJson = LegSnapshot.Of(leg).ToJson(),
            CreatedAt = now,
        });
        await LegAdministration.SaveAsync(db, legId, ct);
        Overridden(logger, legId, name, actor, reason, result);
        return result;
    }

    private static bool IsInFlight(LegStatus status) =>
        status is LegStatus.TransferUnknown or LegStatus.TransferRequested or LegStatus.WithdrawUnknown or LegStatus.WithdrawRequested;

    private static async Task Refuse(ConnectorDbContext db, Leg leg, DateTimeOffset now, string name, string reason, string actor, string why,
        CancellationToken ct, Exception? inner = null)
    {
        await LegAdministration.RefuseAsync(db, leg, now, $"Override {name} refused ({reason}): {why}", actor, ct);
        throw inner is null ? new LegActionException(why) : new LegActionException(why, inner);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leg {LegId} override {Action} by {Actor} ({Reason}): {Result}")]
    private static partial void Overridden(ILogger logger, long legId, string action, string actor, string reason, string result);
}
