using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>Every status change of a leg goes through here, so each one leaves its log_legs row in the same commit.</summary>
internal static class LegJournal
{
    public static void Move(ConnectorDbContext db, Leg leg, LegStatus to, DateTimeOffset now, string? reason = null, long? balanceMinor = null, string? actor = null)
    {
        var from = leg.Status;
        leg.TransitionTo(to, now, reason);
        db.LegLog.Add(new LegLogEntry
        {
            Leg = leg,
            FromStatus = from,
            ToStatus = to,
            Message = Truncate(reason),
            Actor = actor,
            BalanceMinor = balanceMinor,
            CreatedAt = now,
        });
    }

    /// <summary>A log row without a move (e.g. an operator's refused release), so every hand on the leg is on record.</summary>
    public static void Note(ConnectorDbContext db, Leg leg, DateTimeOffset now, string message, string? actor = null) =>
        db.LegLog.Add(new LegLogEntry { Leg = leg, FromStatus = leg.Status, ToStatus = leg.Status, Message = Truncate(message), Actor = actor, CreatedAt = now });

    public static void Created(ConnectorDbContext db, Leg leg, DateTimeOffset now, string message) =>
        db.LegLog.Add(new LegLogEntry { Leg = leg, FromStatus = null, ToStatus = leg.Status, Message = Truncate(message), CreatedAt = now });

    private static string? Truncate(string? text) => text is { Length: > 2000 } ? text[..2000] : text;
}
