using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Core.Features.Inbox;

/// <summary>
/// Applies one kind of stored notification. The dispatcher picks the handler by source and kind, gives it the row and
/// the unit of work of that row, and records the answer; an exception is a failed attempt, retried with backoff.
/// </summary>
public interface IInboxHandler
{
    NotificationSource Source { get; }

    /// <summary>Whether this handler applies notifications of <paramref name="kind"/> (the row's Kind) from <see cref="Source"/>.</summary>
    bool Accepts(string? kind);

    /// <summary>Rows of one pass run lowest first (then oldest first): lets a handler apply earlier states before later ones.</summary>
    int Order(string? kind);

    /// <summary>
    /// Applies the message through <paramref name="context"/> (the row's own context: the dispatcher commits the effects and
    /// the outcome together). Returns Applied, Ignored, <see cref="InboxResult.Waiting"/> (what it settles is not known
    /// yet) or <see cref="InboxResult.Unusable"/> (content that no retry can fix).
    /// </summary>
    Task<InboxResult> HandleAsync(ConnectorDbContext context, InboxMessage message, CancellationToken ct);
}

/// <summary>A handler's answer: the outcome to record and why.</summary>
public readonly record struct InboxResult(InboxOutcome Outcome, string? Message)
{
    /// <summary>Not a failure: the leg or payment this notification settles is not known yet; looked at again later.</summary>
    public static InboxResult Waiting(string why) => new(InboxOutcome.Pending, why);

    /// <summary>Signed, stored, but unusable (unknown currency, impossible decimals…): dead-lettered at once, never retried.</summary>
    public static InboxResult Unusable(string why) => new(InboxOutcome.DeadLetter, why);
}
