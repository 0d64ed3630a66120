using System.Globalization;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Inbox;

/// <summary>
/// Applies stored notifications, one rule for every source. A row is claimed (owner + expiry, taken by a conditional
/// UPDATE) before its handler runs, so two processes never run one row at once; each row runs in its own scope and
/// unit of work, so a row that throws fails alone. A run that throws is one attempt: the row is retried after an
/// exponential, jittered backoff and dead-lettered after <see cref="InboxOptions.MaxAttempts"/>. A handler that waits
/// for an unknown leg or payment uses no attempt; it is looked at again later and dead-lettered after
/// <see cref="InboxOptions.MaxWait"/>.
/// </summary>
public sealed partial class InboxDispatcher
{
    private readonly IServiceScopeFactory _scopes;
    private readonly InboxOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<InboxDispatcher> _logger;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly IAlertSink? _alerts;

    public InboxDispatcher(IServiceScopeFactory scopes, InboxOptions options, TimeProvider clock, ILogger<InboxDispatcher> logger, Random? random = null, IAlertSink? alerts = null)
    {
        _scopes = scopes;
        _alerts = alerts;
        _options = options;
        _clock = clock;
        _logger = logger;
        _random = random ?? Random.Shared;
        Owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    public const string DeadLetterAlertKind = "inbox.dead-letter";

    /// <summary>This dispatcher's name in the rows it claims.</summary>
    public string Owner { get; }

    /// <summary>Runs up to one batch of due rows; returns how many rows it ran.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        return await RunAsync(q => q.Where(m => m.NextAttemptAt == null || m.NextAttemptAt <= now), waitingAreDue: false, ct);
    }

    /// <summary>
    /// Runs batches until nothing is due; returns the rows run. Rows waiting for an unknown leg or payment get one more
    /// look first (a command drains after the step that may have resolved them); rows that fail, or still wait, are
    /// due again only later, so this ends.
    /// </summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ConnectorDbContext>();
            await db.Inbox
                .Where(m => m.Outcome == InboxOutcome.Pending && m.WaitingSince != null && m.NextAttemptAt > now
                    && (m.ClaimExpiresAt == null || m.ClaimExpiresAt < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)now).SetProperty(m => m.Version, m => m.Version + 1), ct);
        }

        // A row another dispatcher (the host's background one, another process) is running right now is not done yet:
        // wait for it, within the time its claim can last, so that "drained" means applied.
        var patience = System.Diagnostics.Stopwatch.StartNew();
        var total = 0;
        while (true)
        {
            int ran;
            while ((ran = await DispatchBatchAsync(ct)) > 0)
            {
                total += ran;
            }

            if (patience.Elapsed >= _options.ClaimDuration || !await AnyClaimedAsync(ct))
            {
                return total;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }

    private async Task<bool> AnyClaimedAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorDbContext>();
        return await db.Inbox.AnyAsync(m => (m.Outcome == InboxOutcome.Pending || m.Outcome == InboxOutcome.Failed) && m.ClaimExpiresAt != null && m.ClaimExpiresAt >= now, ct);
    }

    /// <summary>
    /// Runs the rows of one reference (a transaction) now, including those waiting for it: called when what they were
    /// waiting for has just been stored. Rows backing off after a failure keep their backoff.
    /// </summary>
    public async Task<int> DispatchReferenceAsync(NotificationSource source, string reference, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var now = _clock.GetUtcNow();
        return await RunAsync(
            q => q.Where(m => m.Source == source && m.Reference == reference
                && (m.Outcome == InboxOutcome.Pending || m.NextAttemptAt == null || m.NextAttemptAt <= now)),
            waitingAreDue: true, ct);
    }

    private async Task<int> RunAsync(Func<IQueryable<InboxMessage>, IQueryable<InboxMessage>> due, bool waitingAreDue, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        List<(long Id, int Order)> batch;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ConnectorDbContext>();
            var candidates = await due(db.Inbox.AsNoTracking()
                    .Where(m => (m.Outcome == InboxOutcome.Pending || m.Outcome == InboxOutcome.Failed)
                        && (m.ClaimExpiresAt == null || m.ClaimExpiresAt < now)))
                .OrderBy(m => m.Id)
                .Take(_options.BatchSize)
                .Select(m => new { m.Id, m.Source, m.Kind })
                .ToListAsync(ct);
            var handlers = scope.ServiceProvider.GetServices<IInboxHandler>().ToList();
            batch = candidates
                .Select(c => (c.Id, Order: handlers.FirstOrDefault(h => h.Source == c.Source && h.Accepts(c.Kind))?.Order(c.Kind) ?? 0))
                .OrderBy(c => c.Order)
                .ThenBy(c => c.Id)
                .ToList();
        }

        var ran = 0;
        foreach (var (id, _) in batch)
        {
            if (await TryClaimAsync(id, waitingAreDue, ct))
            {
                await RunOneAsync(id, ct);
                ran++;
            }
        }

        return ran;
    }

    /// <summary>The WHERE clause is the check and the row count the answer: of two dispatchers, exactly one gets 1.</summary>
    private async Task<bool> TryClaimAsync(long id, bool waitingAreDue, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        DateTimeOffset? expires = now + _options.ClaimDuration;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorDbContext>();
        var claimed = await db.Inbox
            .Where(m => m.Id == id
                && (m.Outcome == InboxOutcome.Pending || m.Outcome == InboxOutcome.Failed)
                && (m.ClaimExpiresAt == null || m.ClaimExpiresAt < now)
                && (m.NextAttemptAt == null || m.NextAttemptAt <= now || (waitingAreDue && m.Outcome == InboxOutcome.Pending)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ClaimedBy, Owner)
                .SetProperty(m => m.ClaimExpiresAt, expires)
                .SetProperty(m => m.Version, m => m.Version + 1), ct);
        return claimed == 1;
    }

    private async Task RunOneAsync(long id, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorDbContext>();
        var message = await db.Inbox.SingleAsync(m => m.Id == id, ct);
        if (message.ClaimedBy != Owner)
        {
            return;
        }

        var attemptsBefore = message.Attempts;
        try
        {
            var handler = scope.ServiceProvider.GetServices<IInboxHandler>().FirstOrDefault(h => h.Source == message.Source && h.Accepts(message.Kind));
            var result = handler is null
                ? InboxResult.Unusable($"no handler for {message.Source} notifications of kind '{message.Kind}'")
                : await handler.HandleAsync(db, message, ct);
            if (result.Outcome == InboxOutcome.Failed)
            {
                throw new InvalidOperationException(result.Message ?? "the handler reported a failure");
            }

            // The handler's effects and the row's outcome are committed together; the row's version fences a claim
            // that expired and was taken over meanwhile.
            await SettleAsync(db, message, result, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await ReleaseAsync(id);
            throw;
        }
#pragma warning disable CA1031 // One row's failure is recorded on that row and retried later; it must not stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await RecordFailureAsync(id, attemptsBefore, ex);
        }
    }

    private async Task SettleAsync(ConnectorDbContext db, InboxMessage message, InboxResult result, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        message.ClaimedBy = null;
        message.ClaimExpiresAt = null;
        if (result.Outcome == InboxOutcome.Pending)
        {
            message.WaitingSince ??= now;
            if (now - message.WaitingSince.Value < _options.MaxWait)
            {
                message.Outcome = InboxOutcome.Pending;
                message.OutcomeMessage = Truncate(result.Message);
                message.NextAttemptAt = now + _options.WaitPollInterval;
                await db.SaveChangesAsync(ct);
                return;
            }

            result = InboxResult.Unusable($"waited longer than {_options.MaxWait} for what it settles: {result.Message}");
        }

        message.Outcome = result.Outcome;
        message.OutcomeMessage = Truncate(result.Message);
        message.ProcessedAt = now;
        message.NextAttemptAt = null;
        await db.SaveChangesAsync(ct);
        if (result.Outcome == InboxOutcome.DeadLetter)
        {
            DeadLettered(_logger, message.Id, message.Source, message.Kind, message.Attempts, message.OutcomeMessage ?? "");
            RaiseDeadLetter(message.Id, $"{message.Source} {message.Kind}", message.Attempts, message.OutcomeMessage ?? "");
        }
    }

    private async Task RecordFailureAsync(long id, int attemptsBefore, Exception exception)
    {
        var now = _clock.GetUtcNow();
        var attempts = attemptsBefore + 1;
        var dead = attempts >= _options.MaxAttempts;
        DateTimeOffset? next = dead ? null : now + Backoff(attempts);
        DateTimeOffset? processed = dead ? now : null;
        var outcome = dead ? InboxOutcome.DeadLetter : InboxOutcome.Failed;
        var reason = Truncate(exception.GetType().Name + ": " + exception.Message);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorDbContext>();
        // Only while the claim is still ours: a stale holder must not overwrite what a newer one recorded.
        var recorded = await db.Inbox
            .Where(m => m.Id == id && m.ClaimedBy == Owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.Outcome, outcome)
                .SetProperty(m => m.OutcomeMessage, reason)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.ProcessedAt, processed)
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimExpiresAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Version, m => m.Version + 1), CancellationToken.None);
        if (recorded == 0)
        {
            return;
        }

        if (dead)
        {
            DeadLetteredAfterFailures(_logger, exception, id, attempts);
            RaiseDeadLetter(id, "notification", attempts, reason ?? "");
        }
        else
        {
            AttemptFailed(_logger, exception, id, attempts, next!.Value);
        }
    }

    /// <summary>A dead letter needs an operator: replay it once the cause is fixed (`inbox replay`).</summary>
    private void RaiseDeadLetter(long id, string what, int attempts, string reason) =>
        _alerts?.Raise(new Alert(
            DeadLetterAlertKind,
            AlertSeverity.Error,
            string.Create(CultureInfo.InvariantCulture, $"Inbox row {id} ({what}) dead-lettered after {attempts} failed attempts: {reason}"),
            "Nothing more is done with it until an operator replays it, once the cause is fixed.",
            id.ToString(CultureInfo.InvariantCulture)));

    private async Task ReleaseAsync(long id)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnectorDbContext>();
        await db.Inbox.Where(m => m.Id == id && m.ClaimedBy == Owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimExpiresAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Version, m => m.Version + 1), CancellationToken.None);
    }

    private TimeSpan Backoff(int attempts)
    {
        double draw;
        lock (_randomLock)
        {
            draw = _random.NextDouble();
        }

        return RetryBackoff.Delay(attempts, _options.RetryBaseDelay, _options.RetryMaxDelay, draw);
    }

    private static string? Truncate(string? value) => value is { Length: > 2000 } ? value[..2000] : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox row {InboxId} failed (attempt {Attempts}); retried at {NextAttemptAt}")]
    private static partial void AttemptFailed(ILogger logger, Exception exception, long inboxId, int attempts, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbox row {InboxId} dead-lettered after {Attempts} failed attempts")]
    private static partial void DeadLetteredAfterFailures(ILogger logger, Exception exception, long inboxId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbox row {InboxId} ({Source} {Kind}, {Attempts} failed attempts) dead-lettered: {Reason}")]
    private static partial void DeadLettered(ILogger logger, long inboxId, NotificationSource source, string? kind, int attempts, string reason);
}
