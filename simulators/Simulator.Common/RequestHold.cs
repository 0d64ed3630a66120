using System.Text.RegularExpressions;

namespace Simulator.Common;

/// <summary>
/// Holds matching requests before the simulator runs them, until released: a test turns it on, starts a first caller,
/// sees its POST waiting here, then starts a second one, which certainly meets an in-flight call. A held request whose
/// caller gives up is never run.
/// </summary>
public sealed class RequestHold
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private Regex? _path;
    private string? _method;
    private TaskCompletionSource _release = NewRelease();
    private int _waiting;
    private long _held;

    public bool Active
    {
        get
        {
            lock (_gate)
            {
                return _path is not null;
            }
        }
    }

    /// <summary>Requests waiting now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Requests held since the simulator started.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>From now on, requests with <paramref name="method"/> (any when null) on a path matching <paramref name="pathRegex"/> wait.</summary>
    public void Hold(string? method, string pathRegex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathRegex);
        var regex = new Regex(pathRegex, RegexOptions.CultureInvariant, RegexTimeout);
        lock (_gate)
        {
            _path = regex;
            _method = method;
        }
    }

    /// <summary>Lets every waiting request through and stops holding new ones.</summary>
    public void Release()
    {
        TaskCompletionSource release;
        lock (_gate)
        {
            _path = null;
            _method = null;
            release = _release;
            _release = NewRelease();
        }

        release.TrySetResult();
    }

    /// <summary>Waits while the request matches an active hold; returns at once otherwise.</summary>
    internal async Task WaitIfHeldAsync(string method, string path, CancellationToken ct)
    {
        Task release;
        lock (_gate)
        {
            if (_path is null || (_method is not null && !string.Equals(_method, method, StringComparison.OrdinalIgnoreCase)) || !_path.IsMatch(path))
            {
                return;
            }

            release = _release.Task;
        }

        Interlocked.Increment(ref _held);
        Interlocked.Increment(ref _waiting);
        try
        {
            await release.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private static TaskCompletionSource NewRelease() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
