using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Simulator.Common;

namespace Simulators.Tests.TestSupport;

/// <summary>A loopback HTTP endpoint that records webhook bodies and fails the first <see cref="FailFirst"/> calls.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _received = new();
    private SimulatorHost? _host;
    private int _calls;

    public int FailFirst { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<string> Received => _received.ToArray();

    public Uri Target => new(_host!.BaseAddress, "hook");

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._host = await SimulatorHost.StartAsync(_ => { }, app => app.MapPost("/hook", async (HttpRequest req) =>
        {
            var call = Interlocked.Increment(ref receiver._calls);
            using var reader = new StreamReader(req.Body);
            var body = await reader.ReadToEndAsync();
            if (call <= receiver.FailFirst)
            {
                return Results.StatusCode(500);
            }

            receiver._received.Enqueue(body);
            return Results.Ok();
        }));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
