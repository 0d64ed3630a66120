using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Simulator.Common;

namespace HiPayMirakl.IntegrationTests.HiPayWallet;

/// <summary>
/// A small stand-in for the connector's notification endpoint on 127.0.0.1:0: keeps the decoded form field
/// <c>xml</c> of every POST, exactly as received, and answers 204 like the predecessor.
/// </summary>
public sealed class CallbackListener : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _received = new();
    private SimulatorHost? _host;

    public IReadOnlyList<string> Received => _received.ToArray();

    public Uri Target => new(_host!.BaseAddress, "hipay/notify");

    public static async Task<CallbackListener> StartAsync()
    {
        var listener = new CallbackListener();
        listener._host = await SimulatorHost.StartAsync(_ => { }, app => app.MapPost("/hipay/notify", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            listener._received.Enqueue(form["xml"].ToString());
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
