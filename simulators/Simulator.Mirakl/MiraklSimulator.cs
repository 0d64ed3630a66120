using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Common;
using Simulator.Mirakl.Endpoints;

namespace Simulator.Mirakl;

/// <summary>Fake Mirakl operator API (reference A and F.1): wiring shared by Program.cs, tests and the bench.</summary>
[SuppressMessage("Maintainability", "CA1515:Consider making public types internal", Justification = "Hosted in-process by test and bench projects.")]
public static class MiraklSimulator
{
    /// <summary>Same 429 body as the reference gives for Mirakl rate limiting.</summary>
    private const string TooManyRequestsBody = """{"status":429,"message":"Too Many Requests"}""";

    public static void ConfigureServices(WebApplicationBuilder b, MiraklSimulatorOptions? o = null)
    {
        ArgumentNullException.ThrowIfNull(b);
        var options = o ?? new MiraklSimulatorOptions();
        b.Services.AddSingleton(options);
        b.Services.AddSimulatorKit(kit =>
        {
            kit.Name = "mirakl";
            kit.Seed = options.Seed;
            kit.ClockStart = options.ClockStart;
            kit.RateLimitedBody = TooManyRequestsBody;
            kit.ServerErrorBody = """{"status":500,"message":"Internal Server Error"}""";
        });
        b.Services.AddSingleton(sp => new MiraklState(sp.GetRequiredService<VirtualClock>()));
    }

    public static void Configure(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<MiraklSimulatorOptions>();
        var state = app.Services.GetRequiredService<MiraklState>();
        if (options.InitialSeed is { } seed)
        {
            MiraklControlEndpoints.Load(state, seed);
        }

        var limits = app.Services.GetRequiredService<RateLimiterRegistry>();
        foreach (var limit in options.RateLimits)
        {
            limits.Configure(limit.RouteKey, limit.Capacity, limit.RefillEvery);
        }

        app.UseSimulatorKit();
        app.UseMiraklAuth(options);
        app.UseMiraklErrors();
        app.MapSimulatorControl(reset: state.Reset, describeState: state.Summary);
        app.MapMiraklControl(state);
        app.MapMiraklApi(state, options);
    }

    public static Task<SimulatorHost> StartAsync(MiraklSimulatorOptions? o = null, CancellationToken ct = default) =>
        SimulatorHost.StartAsync(b => ConfigureServices(b, o), Configure, ct);
}
