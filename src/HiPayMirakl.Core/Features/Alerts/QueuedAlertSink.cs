using System.Globalization;
using System.Threading.Channels;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Alerts;

/// <summary>
/// The alerting feature's sink: <see cref="Raise"/> only stamps the alert and puts it in a bounded queue, so the
/// feature that raised it is never slowed down or failed by alerting. <see cref="StoreQueuedAsync"/> (run by
/// <see cref="AlertingService"/>, and once more when the process ends) writes the queue to the alert log, deciding
/// which alerts wait for a digest and which repeat one already waiting. A full queue drops the newest alerts and
/// records how many as one alert of its own.
/// </summary>
public sealed class QueuedAlertSink : IAlertSink, IAsyncDisposable
{
    public const string OverflowKind = "alerting.overflow";

    private readonly Channel<QueuedAlert> _queue;
    private readonly AlertingOptions _alerting;
    private readonly MailOptions _mail;
    private readonly DatabaseOptions _database;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _storing = new(1, 1);
    private long _dropped;
    private int _disposed;

    public QueuedAlertSink(AlertingOptions alerting, MailOptions mail, DatabaseOptions database, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(alerting);
        _alerting = alerting;
        _mail = mail;
        _database = database;
        _clock = clock;
        _queue = Channel.CreateBounded<QueuedAlert>(new BoundedChannelOptions(alerting.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Completes when an alert is waiting to be stored.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken ct) => _queue.Reader.WaitToReadAsync(ct);

    public void Raise(Alert alert)
    {
        if (alert is null)
        {
            return;
        }

        _queue.Writer.TryWrite(new QueuedAlert(alert, _clock.GetUtcNow()));
    }

    /// <summary>Writes every queued alert to the alert log; returns how many rows were written.</summary>
    public async Task<int> StoreQueuedAsync(CancellationToken ct)
    {
        await _storing.WaitAsync(ct);
        try
        {
            using var quiet = AlertingScope.Enter();
            var written = 0;
            while (true)
            {
                var batch = new List<QueuedAlert>();
                while (batch.Count < 500 && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                var dropped = Interlocked.Exchange(ref _dropped, 0);
                if (dropped > 0)
                {
                    batch.Add(new QueuedAlert(new Alert(OverflowKind, AlertSeverity.Error,
                        string.Create(CultureInfo.InvariantCulture, $"{dropped} alerts were dropped: more than {_alerting.QueueCapacity} waited to be stored"),
                        "The alert queue was full; the dropped alerts' sources have logged them."), _clock.GetUtcNow()));
                }

                if (batch.Count == 0)
                {
                    return written;
                }

                await WriteAsync(batch, ct);
                written += batch.Count;
            }
        }
        finally
        {
            _storing.Release();
        }
    }

    private async Task WriteAsync(List<QueuedAlert> batch, CancellationToken ct)
    {
        await using var db = new ConnectorDbContext(ConnectorDatabase.CreateOptions(_database.Provider, _database.ConnectionString), _clock);
        var since = batch.Min(b => b.RaisedAt) - _alerting.DigestWindow;
        var kinds = batch.Where(b => b.Alert.Key is not null).Select(b => b.Alert.Kind).Distinct().ToList();
        // The first alert of each kind and key in the window carries the line; the others are counted on it.
        var open = (await db.AlertLog.AsNoTracking()
                .Where(a => a.Key != null && !a.Throttled && a.RaisedAt >= since && kinds.Contains(a.Kind))
                .Select(a => new { a.Kind, a.Key, a.RaisedAt })
                .ToListAsync(ct))
            .GroupBy(a => (a.Kind, a.Key!))
            .ToDictionary(g => g.Key, g => g.Max(a => a.RaisedAt));
        var mailing = _mail.IsConfigured;
        foreach (var (alert, raisedAt) in batch)
        {
            var throttled = false;
            if (alert.Key is { } key)
            {
                var id = (alert.Kind, Truncate(key, AlertLogEntry.KeyLength)!);
                if (open.TryGetValue(id, out var first) && raisedAt - first < _alerting.DigestWindow)
                {
                    throttled = true;
                }
                else
                {
                    open[id] = raisedAt;
                }
            }

            db.AlertLog.Add(new AlertLogEntry
            {
                Kind = Truncate(alert.Kind, AlertLogEntry.KindLength)!,
                Severity = alert.Severity,
                Subject = Truncate(alert.Subject, AlertLogEntry.SubjectLength)!,
                Detail = Truncate(alert.Detail, AlertLogEntry.DetailLength) ?? "",
                Key = Truncate(alert.Key, AlertLogEntry.KeyLength),
                RaisedAt = raisedAt,
                Mailable = mailing && AlertingOptions.LevelOf(alert.Severity) >= _alerting.EmailLevel,
                Throttled = throttled,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Stores what is still queued: a command that raised alerts leaves them in the alert log for the next digest.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        try
        {
            await StoreQueuedAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // The process is ending: a database that cannot be reached must not turn the exit into a crash.
        catch (Exception)
#pragma warning restore CA1031
        {
            // The alerts' sources logged them when they happened; only the alert log misses them.
        }

        _storing.Dispose();
    }

    private static string? Truncate(string? text, int length) => text is not null && text.Length > length ? text[..length] : text;

    private readonly record struct QueuedAlert(Alert Alert, DateTimeOffset RaisedAt);
}

/// <summary>
/// Marks the alerting feature's own work (storing, mailing) on the current async flow: error logs written from
/// inside it (a database or SMTP failure) are not turned into alerts again, which would loop.
/// </summary>
public static class AlertingScope
{
    private static readonly AsyncLocal<bool> Inside = new();

    public static bool IsActive => Inside.Value;

    public static IDisposable Enter()
    {
        var previous = Inside.Value;
        Inside.Value = true;
        return new Exit(previous);
    }

    private sealed class Exit(bool previous) : IDisposable
    {
        public void Dispose() => Inside.Value = previous;
    }
}
