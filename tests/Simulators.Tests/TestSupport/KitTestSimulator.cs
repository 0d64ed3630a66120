using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Common;

namespace Simulators.Tests.TestSupport;

/// <summary>State of the tiny simulator used to exercise the kit: a counter that a POST increments.</summary>
public sealed class CounterState
{
    private int _value;

    public int Value => Volatile.Read(ref _value);

    public int Increment() => Interlocked.Increment(ref _value);

    public void Reset() => Volatile.Write(ref _value, 0);
}

/// <summary>A minimal simulator built on the kit, with one read and one state-changing endpoint.</summary>
public static class KitTestSimulator
{
    public static Task<SimulatorHost> StartAsync(int seed = 42) =>
        SimulatorHost.StartAsync(
            b =>
            {
                b.Services.AddSimulatorKit(o =>
                {
                    o.Name = "kit-test";
                    o.Seed = seed;
                });
                b.Services.AddSingleton<CounterState>();
            },
            app =>
            {
                app.UseSimulatorKit();
                var state = app.Services.GetRequiredService<CounterState>();
                app.MapSimulatorControl(reset: state.Reset, describeState: () => new { counter = state.Value });
                app.MapGet("/api/ping", () => Results.Json(new { ok = true, items = Enumerable.Range(1, 20).ToArray() }))
                    .WithSimRouteKey("PING");
                app.MapPost("/api/counter", () => Results.Json(new { value = state.Increment() }));
            });
}
