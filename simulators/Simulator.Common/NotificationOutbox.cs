using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Simulator.Common;

/// <summary>A webhook the simulator wants to send.</summary>
public sealed record OutgoingNotification(string Id, Uri Target, string ContentType, byte[] Body,
    IReadOnlyDictionary<string, string> Headers, string Description);

/// <summary>Delivery state of one outbox entry, as shown by the control API.</summary>
public sealed record OutboxEntryInfo(string Id, Uri Target, string Description, int Attempts, bool Delivered,
    bool Dead, bool Dropped, int? LastStatus, string? LastError, DateTimeOffset? NextAttemptAt, int Deliveries,
    string BodyText);

/// <summary>Delivery perturbations, switchable at runtime.</summary>
public sealed class DeliveryModes
{
    private int _dropNext;

    /// <summary>Deliver every notification twice (at-least-once receivers must de-duplicate).</summary>
    public bool Duplicate { get; set; }

    /// <summary>Deliver each batch of due notifications in reverse order.</summary>
    public bool Reorder { get; set; }

    /// <summary>The next N notifications due are lost: counted as sent by the provider, never received.</summary>
    public int DropNext
    {
        get => Volatile.Read(ref _dropNext);
        set => Volatile.Write(ref _dropNext, Math.Max(0, value));
    }

    internal bool TryConsumeDrop()
    {
        while (true)
        {
            var current = Volatile.Read(ref _dropNext);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _dropNext, current - 1, current) == current)
            {
                return true;
            }
        }
    }

    internal void Reset()
    {
        Duplicate = false;
        Reorder = false;
        DropNext = 0;
    }
}

/// <summary>
/// Outgoing notifications with at-least-once delivery driven by the virtual clock: first attempt after the
/// requested delay, then retries 1 min, 5 min, 15 min and 1 h after each failure (5 attempts), then dead.
/// </summary>
public sealed class NotificationOutbox : IDisposable
{
    private static readonly TimeSpan[] RetryDelays =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1),
    ];

    public const int MaxAttempts = 5;

    private readonly object _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly VirtualClock _clock;
    private readonly HttpClient _http;

    public NotificationOutbox(VirtualClock clock, HttpClient http)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _http = http ?? throw new ArgumentNullException(nameof(http));
    }

    public DeliveryModes Modes { get; } = new();

    public void Enqueue(OutgoingNotification n, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(n);
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        lock (_gate)
        {
            _entries.Add(new Entry(n) { NextAttemptAt = _clock.GetUtcNow() + delay });
        }

        _clock.Schedule(delay, $"deliver notification {n.Id} ({n.Description})", FlushAsync);
    }

    public IReadOnlyList<OutboxEntryInfo> Snapshot()
    {
        lock (_gate)
        {
            return _entries.Select(e => new OutboxEntryInfo(e.Notification.Id, e.Notification.Target,
                e.Notification.Description, e.Attempts, e.Delivered, e.Dead, e.Dropped, e.LastStatus, e.LastError,
                e.NextAttemptAt, e.Deliveries, Encoding.UTF8.GetString(e.Notification.Body))).ToList();
        }
    }

    /// <summary>Forgets every entry and resets the modes.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            Modes.Reset();
        }
    }

    /// <summary>Attempts every entry due at the current virtual time; returns the number of attempts made.</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        await _flushGate.WaitAsync(ct);
        try
        {
            var now = _clock.GetUtcNow();
            List<Entry> due;
            lock (_gate)
            {
                due = _entries.Where(e => e.NextAttemptAt is { } at && at <= now).ToList();
            }

            if (Modes.Reorder)
            {
                due.Reverse();
            }

            foreach (var entry in due)
            {
                await AttemptAsync(entry, ct);
            }

            return due.Count;
        }
        finally
        {
            _flushGate.Release();
        }
    }

    private async Task AttemptAsync(Entry entry, CancellationToken ct)
    {
        entry.Attempts++;
        if (Modes.TryConsumeDrop())
        {
            entry.Dropped = true;
            entry.NextAttemptAt = null;
            return;
        }

        var copies = Modes.Duplicate ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            var ok = await SendAsync(entry, ct);
            if (!ok)
            {
                break;
            }
        }

        if (entry.Delivered)
        {
            entry.NextAttemptAt = null;
            return;
        }

        if (entry.Attempts >= MaxAttempts)
        {
            entry.Dead = true;
            entry.NextAttemptAt = null;
            return;
        }

        var retryIn = RetryDelays[entry.Attempts - 1];
        entry.NextAttemptAt = _clock.GetUtcNow() + retryIn;
        _clock.Schedule(retryIn,
            $"retry notification {entry.Notification.Id} (attempt {(entry.Attempts + 1).ToString(CultureInfo.InvariantCulture)})",
            FlushAsync);
    }

    private async Task<bool> SendAsync(Entry entry, CancellationToken ct)
    {
        var n = entry.Notification;
        using var request = new HttpRequestMessage(HttpMethod.Post, n.Target);
        var content = new ByteArrayContent(n.Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(n.ContentType);
        request.Content = content;
        foreach (var (name, value) in n.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await _http.SendAsync(request, ct);
            entry.LastStatus = (int)response.StatusCode;
            entry.LastError = null;
            if (response.IsSuccessStatusCode)
            {
                entry.Delivered = true;
                entry.Deliveries++;
                return true;
            }

            return false;
        }
        catch (HttpRequestException ex)
        {
            entry.LastStatus = null;
            entry.LastError = ex.Message;
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation; for the receiver it is a failed attempt.
            entry.LastStatus = null;
            entry.LastError = "timeout";
            return false;
        }
    }

    public void Dispose() => _flushGate.Dispose();

    private sealed class Entry(OutgoingNotification notification)
    {
        public OutgoingNotification Notification { get; } = notification;
        public int Attempts { get; set; }
        public int Deliveries { get; set; }
        public bool Delivered { get; set; }
        public bool Dead { get; set; }
        public bool Dropped { get; set; }
        public int? LastStatus { get; set; }
        public string? LastError { get; set; }
        public DateTimeOffset? NextAttemptAt { get; set; }
    }
}
