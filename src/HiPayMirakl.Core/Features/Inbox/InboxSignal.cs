using System.Threading.Channels;

namespace HiPayMirakl.Core.Features.Inbox;

/// <summary>
/// Wakes the background dispatcher when a notification has just been stored, so that it is applied at once rather
/// than at the next poll. In-process only: another instance finds the row by polling.
/// </summary>
public sealed class InboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Never blocks: several stores before the dispatcher looks make one wake-up.</summary>
    public void Wake() => _channel.Writer.TryWrite(true);

    /// <summary>Returns when woken or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = _channel.Reader.WaitToReadAsync(cts.Token).AsTask();
        var elapsed = Task.Delay(timeout, clock, cts.Token);
        await Task.WhenAny(woken, elapsed);
        await cts.CancelAsync();
        _channel.Reader.TryRead(out _);
        ct.ThrowIfCancellationRequested();
    }
}
