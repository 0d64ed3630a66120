using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Simulator.Common;

namespace Simulators.Tests.HiPayWallet;

/// <summary>One POST as the connector would receive it: content type and the raw body bytes as text.</summary>
public sealed record ReceivedPost(string? ContentType, string Body);

/// <summary>
/// Stands in for the connector's notification endpoint on loopback: records every POST and answers 500 to the
/// first <see cref="FailFirst"/> calls so the simulator's retries can be observed.
/// </summary>
public sealed class NotificationListener : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedPost> _received = new();
    private SimulatorHost? _host;
    private int _calls;

    public int FailFirst { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<ReceivedPost> Received => _received.ToArray();

    public Uri Target => new(_host!.BaseAddress, "hipay/notify");

    public static async Task<NotificationListener> StartAsync()
    {
        var listener = new NotificationListener();
        listener._host = await SimulatorHost.StartAsync(_ => { }, app => app.MapPost("/hipay/notify", async (HttpRequest req) =>
        {
            var call = Interlocked.Increment(ref listener._calls);
            using var reader = new StreamReader(req.Body);
            var body = await reader.ReadToEndAsync();
            if (call <= listener.FailFirst)
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            listener._received.Enqueue(new ReceivedPost(req.ContentType, body));
            return Results.NoContent();
        }));
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
