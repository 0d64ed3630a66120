namespace Simulator.Common;

/// <summary>Description of a job waiting on the virtual clock.</summary>
public sealed record ScheduledJobInfo(DateTimeOffset Due, string Description);

/// <summary>
/// A clock that moves only when told to. Simulators schedule delayed work (webhooks, status changes) on it so that
/// tests decide when "later" happens instead of sleeping.
/// </summary>
public sealed class VirtualClock : TimeProvider, IDisposable
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly object _gate = new();
    private readonly List<Job> _jobs = [];
    private readonly SemaphoreSlim _advanceGate = new(1, 1);
    private DateTimeOffset _now;
    private long _sequence;

    public VirtualClock(DateTimeOffset? start = null)
    {
        _now = (start ?? DefaultStart).ToUniversalTime();
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Moves the clock to <paramref name="now"/> without running jobs. Going backwards would break every
    /// "last updated" ordering the simulators rely on, so it is refused.</summary>
    public void Set(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now < _now)
            {
                throw new InvalidOperationException(
                    $"The virtual clock cannot go backwards (now {_now:O}, requested {now:O}).");
            }

            _now = now.ToUniversalTime();
        }
    }

    public void Schedule(TimeSpan delay, string description, Func<CancellationToken, Task> job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        lock (_gate)
        {
            _jobs.Add(new Job(_now + delay, ++_sequence, description ?? string.Empty, job));
        }
    }

    public IReadOnlyList<ScheduledJobInfo> Pending
    {
        get
        {
            lock (_gate)
            {
                return _jobs.OrderBy(j => j.Due).ThenBy(j => j.Sequence)
                    .Select(j => new ScheduledJobInfo(j.Due, j.Description)).ToList();
            }
        }
    }

    /// <summary>Removes every pending job (used by simulator resets).</summary>
    public void ClearPending()
    {
        lock (_gate)
        {
            _jobs.Clear();
        }
    }

    /// <summary>
    /// Advances by <paramref name="by"/>, running due jobs one at a time in due order. While a job runs the clock
    /// reads the job's due time, so anything it stamps or schedules is relative to when it was meant to happen.
    /// </summary>
    public async Task<int> AdvanceAsync(TimeSpan by, CancellationToken ct = default)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The virtual clock cannot go backwards.");
        }

        await _advanceGate.WaitAsync(ct);
        try
        {
            DateTimeOffset target;
            lock (_gate)
            {
                target = _now + by;
            }

            var run = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                Job? next;
                lock (_gate)
                {
                    next = _jobs.Where(j => j.Due <= target)
                        .OrderBy(j => j.Due).ThenBy(j => j.Sequence).FirstOrDefault();
                    if (next is null)
                    {
                        _now = target;
                        return run;
                    }

                    _jobs.Remove(next);
                    if (next.Due > _now)
                    {
                        _now = next.Due;
                    }
                }

                await next.Work(ct);
                run++;
            }
        }
        finally
        {
            _advanceGate.Release();
        }
    }

    public void Dispose() => _advanceGate.Dispose();

    private sealed record Job(DateTimeOffset Due, long Sequence, string Description, Func<CancellationToken, Task> Work);
}
