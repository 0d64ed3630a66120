namespace Simulator.Common;

/// <summary>One request answered by a simulator. Headers are already masked; the body is kept only as a digest so
/// that secrets sent in bodies never end up in the journal. <paramref name="Reference"/> is the business key the
/// simulator read from the request (e.g. a payment's idempotency key), so requests can be counted per key even when a
/// fault answered them.</summary>
public sealed record JournalEntry(long Seq, DateTimeOffset At, string Method, string Path, string Query,
    IReadOnlyDictionary<string, string> Headers, string? BodySha256, int Status, double ElapsedMs, string? FaultId,
    string? Reference = null);

/// <summary>Thread-safe, bounded log of the requests a simulator answered (oldest entries fall off first).</summary>
public sealed class RequestJournal
{
    private readonly object _gate = new();
    private readonly LinkedList<JournalEntry> _entries = new();
    private readonly int _capacity;
    private long _seq;

    public RequestJournal(int capacity = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Next sequence number; the middleware takes one when a request arrives so order is arrival order.</summary>
    public long NextSeq() => Interlocked.Increment(ref _seq);

    public void Add(JournalEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        lock (_gate)
        {
            _entries.AddLast(e);
            while (_entries.Count > _capacity)
            {
                _entries.RemoveFirst();
            }
        }
    }

    public IReadOnlyList<JournalEntry> Snapshot()
    {
        lock (_gate)
        {
            return _entries.OrderBy(e => e.Seq).ToList();
        }
    }

    /// <summary>How many journalled requests carry each reference, among those <paramref name="match"/> keeps.</summary>
    public IReadOnlyDictionary<string, int> CountByReference(Func<JournalEntry, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            return _entries.Where(e => e.Reference is not null && match(e))
                .GroupBy(e => e.Reference!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
