using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Common;

namespace Simulator.HiPayEnterprise;

/// <summary>Entry points to host the fake HiPay Enterprise gateway alone (Program.cs) or in-process (tests, demo, benches).</summary>
public static class HiPayEnterpriseSimulator
{
    public static void ConfigureServices(WebApplicationBuilder builder, HiPayEnterpriseSimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        options ??= new HiPayEnterpriseSimulatorOptions();
        options.Validate();
        builder.Services.AddSimulatorKit(kit =>
        {
            kit.Name = "hipay-enterprise";
            kit.Seed = options.Seed;
            kit.RateLimitedBody = """{"code":429,"message":"Too Many Requests"}""";
            kit.ServerErrorBody = """{"code":1000008,"message":"Temporarily Unavailable"}""";
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<EnterpriseNotifier>();
        builder.Services.AddSingleton<EnterpriseState>();
    }

    public static void Configure(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRouting();
        app.UseSimulatorKit();
        var state = app.Services.GetRequiredService<EnterpriseState>();
        app.MapSimulatorControl(reset: state.Reset, describeState: state.Summary);
        EnterpriseControlEndpoints.Map(app);
        EnterpriseApiEndpoints.Map(app);
    }

    public static Task<SimulatorHost> StartAsync(HiPayEnterpriseSimulatorOptions? options = null, CancellationToken ct = default) =>
        SimulatorHost.StartAsync(b => ConfigureServices(b, options), Configure, ct);
}
