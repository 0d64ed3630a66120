using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Common;

namespace Simulator.HiPayWallet;

/// <summary>Entry points to host the fake HiPay Wallet API alone (Program.cs) or in-process (tests, demo, benches).</summary>
public static class HiPayWalletSimulator
{
    public static void ConfigureServices(WebApplicationBuilder builder, HiPayWalletSimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        options ??= new HiPayWalletSimulatorOptions();
        options.Validate();
        builder.Services.AddSimulatorKit(kit =>
        {
            kit.Name = "hipay-wallet";
            kit.Seed = options.Seed;
            kit.RateLimitedBody = """{"code":429,"message":"Too Many Requests"}""";
            kit.ServerErrorBody = """{"code":500,"message":"Internal Server Error"}""";
            kit.SensitiveHeaders.Add("php-auth-user");
            kit.JournalReference = WalletJournal.MerchantUniqueIdOf;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<WalletNotifier>();
        builder.Services.AddSingleton<WalletState>();
    }

    public static void Configure(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The suffix must be gone before routing matches, hence the explicit UseRouting after it.
        app.Use((context, next) => WalletApiEndpoints.RewriteFormatSuffixAsync(context, () => next(context)));
        app.UseRouting();
        app.UseSimulatorKit();
        var state = app.Services.GetRequiredService<WalletState>();
        app.MapSimulatorControl(reset: state.Reset, describeState: state.Summary);
        WalletControlEndpoints.Map(app);
        WalletApiEndpoints.Map(app);
    }

    public static Task<SimulatorHost> StartAsync(HiPayWalletSimulatorOptions? options = null, CancellationToken ct = default) =>
        SimulatorHost.StartAsync(b => ConfigureServices(b, options), Configure, ct);
}
