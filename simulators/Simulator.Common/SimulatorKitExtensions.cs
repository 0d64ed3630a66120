using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Simulator.Common;

public static class SimulatorKitExtensions
{
    /// <summary>Registers the clock (also as <see cref="TimeProvider"/>), journal, faults, rate limits and outbox.</summary>
    public static IServiceCollection AddSimulatorKit(this IServiceCollection services,
        Action<SimulatorKitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SimulatorKitOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton(new VirtualClock(options.ClockStart));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<VirtualClock>());
        services.AddSingleton(new RequestJournal(options.JournalCapacity));
        services.AddSingleton(new FaultRegistry(options.Seed));
        services.AddSingleton<RequestHold>();
        services.AddSingleton(sp => new RateLimiterRegistry(sp.GetRequiredService<VirtualClock>()));
        services.AddSingleton(sp => new NotificationOutbox(sp.GetRequiredService<VirtualClock>(),
            sp.GetRequiredService<OutboxHttpClient>().Client));
        services.AddSingleton<OutboxHttpClient>();
        return services;
    }

    /// <summary>Adds the journal / rate-limit / fault middleware. Call it before mapping the simulator's endpoints.</summary>
    public static IApplicationBuilder UseSimulatorKit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<SimulatorKitMiddleware>();
    }
}

/// <summary>Owns the HttpClient used for webhooks so the container disposes it with the host.</summary>
internal sealed class OutboxHttpClient(SimulatorKitOptions options) : IDisposable
{
    public HttpClient Client { get; } = new() { Timeout = options.NotificationTimeout };

    public void Dispose() => Client.Dispose();
}
