using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Monitoring;

/// <summary>Legs of one status and currency: how many, and their amounts summed in minor units.</summary>
public sealed record LegFigure(LegStatus Status, string Currency, long Count, long AmountMinor);

/// <summary>What the database says at one instant; the metrics report it as read, never as counters kept in memory.</summary>
public sealed record DatabaseSnapshot(
    DateTimeOffset ReadAt,
    IReadOnlyList<LegFigure> Legs,
    DateTimeOffset? OldestPendingLegCreatedAt,
    long InboxUnprocessed,
    DateTimeOffset? OldestUnprocessedReceivedAt,
    long InboxDeadLetters)
{
    public static DatabaseSnapshot Empty { get; } = new(DateTimeOffset.MinValue, [], null, 0, null, 0);

    public double OldestPendingLegAgeSeconds =>
        OldestPendingLegCreatedAt is { } at ? Math.Max(0, (ReadAt - at).TotalSeconds) : 0;

    public double InboxLagSeconds =>
        OldestUnprocessedReceivedAt is { } at ? Math.Max(0, (ReadAt - at).TotalSeconds) : 0;
}

/// <summary>
/// Reads the figures the metrics report from the database when a scrape asks for them, and reuses them for
/// <see cref="MonitoringOptions.MetricsCacheDuration"/> so frequent scrapes cost one set of queries.
/// </summary>
public sealed class DatabaseFigures(Func<ConnectorDbContext> createContext, TimeProvider clock, MonitoringOptions options) : IDisposable
{
    /// <summary>
    /// Legs still on their way to a bank. Terminal statuses are done; the debt statuses (a negative amount waiting to be
    /// netted or collected by direct debit) are not payouts and may wait for months by design.
    /// </summary>
    public static IReadOnlyList<LegStatus> PendingStatuses { get; } =
    [
        .. Enum.GetValues<LegStatus>().Where(s => !LegTransitions.IsTerminal(s)
            && s is not (LegStatus.PendingNetting or LegStatus.CoveredByDirectDebit or LegStatus.CollectedByDirectDebit)),
    ];

    private static readonly InboxOutcome[] Unprocessed = [InboxOutcome.Pending, InboxOutcome.Failed];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DatabaseSnapshot _current = DatabaseSnapshot.Empty;

    /// <summary>The last snapshot read (empty before the first read).</summary>
    public DatabaseSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Reads the database unless the last snapshot is recent enough.</summary>
    public async Task<DatabaseSnapshot> RefreshAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (_current != DatabaseSnapshot.Empty && now - _current.ReadAt < options.MetricsCacheDuration)
            {
                return _current;
            }

            var snapshot = await ReadAsync(now, ct);
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<DatabaseSnapshot> ReadAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = createContext();
        var legs = await db.Legs.AsNoTracking()
            .GroupBy(l => new { l.Status, l.Currency })
            .Select(g => new { g.Key.Status, g.Key.Currency, Count = g.LongCount(), Amount = g.Sum(l => l.AmountMinor) })
            .ToListAsync(ct);
        var pending = PendingStatuses.ToList();
        var oldestPending = await db.Legs.AsNoTracking()
            .Where(l => pending.Contains(l.Status))
            .OrderBy(l => l.CreatedAt)
            .Select(l => (DateTimeOffset?)l.CreatedAt)
            .FirstOrDefaultAsync(ct);
        var unprocessed = await db.Inbox.AsNoTracking().LongCountAsync(m => Unprocessed.Contains(m.Outcome), ct);
        var oldestUnprocessed = await db.Inbox.AsNoTracking()
            .Where(m => Unprocessed.Contains(m.Outcome))
            .OrderBy(m => m.ReceivedAt)
            .Select(m => (DateTimeOffset?)m.ReceivedAt)
            .FirstOrDefaultAsync(ct);
        var deadLetters = await db.Inbox.AsNoTracking().LongCountAsync(m => m.Outcome == InboxOutcome.DeadLetter, ct);
        return new DatabaseSnapshot(
            now,
            [.. legs.OrderBy(l => l.Status).ThenBy(l => l.Currency, StringComparer.Ordinal).Select(l => new LegFigure(l.Status, l.Currency, l.Count, l.Amount))],
            oldestPending,
            unprocessed,
            oldestUnprocessed,
            deadLetters);
    }
}
