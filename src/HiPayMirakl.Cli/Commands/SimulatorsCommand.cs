using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Simulator.HiPayEnterprise;
using Simulator.HiPayWallet;
using Simulator.Mirakl;
using Simulator.Mirakl.Seeding;

namespace HiPayMirakl.Cli.Commands;

/// <summary>Starts the three simulators on fixed loopback ports, the ones appsettings.Development.json points at.</summary>
public static class SimulatorsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var miraklPort = new Option<int>("--mirakl-port") { DefaultValueFactory = _ => 5101, Description = "Port of the Mirakl operator API simulator." };
        var walletPort = new Option<int>("--wallet-port") { DefaultValueFactory = _ => 5102, Description = "Port of the HiPay Wallet simulator." };
        var enterprisePort = new Option<int>("--enterprise-port") { DefaultValueFactory = _ => 5103, Description = "Port of the HiPay Enterprise gateway simulator." };
        var connector = new Option<string>("--connector")
        {
            DefaultValueFactory = _ => "http://127.0.0.1:5000",
            Description = "Where notifications are sent (the address of `serve`).",
        };
        var shops = new Option<int>("--seed-shops") { DefaultValueFactory = _ => 50, Description = "Shops of the generated marketplace (0: start empty)." };
        var cycles = new Option<int>("--seed-cycles") { DefaultValueFactory = _ => 3, Description = "Payment cycles of invoices to generate." };
        var command = new Command("simulators", "Run the Mirakl, HiPay Wallet and HiPay Enterprise simulators on loopback (control APIs under /_sim).")
        {
            miraklPort, walletPort, enterprisePort, connector, shops, cycles,
        };
        command.SetAction(async (parse, ct) =>
        {
            var connectorBase = new Uri(parse.GetValue(connector)!.TrimEnd('/') + "/");
            var miraklOptions = new MiraklSimulatorOptions();
            if (parse.GetValue(shops) > 0)
            {
                miraklOptions.InitialSeed = new MarketplaceSeedRequest(parse.GetValue(shops), parse.GetValue(cycles));
            }

            var walletOptions = new HiPayWalletSimulatorOptions { DefaultCallbackUrl = new Uri(connectorBase, "notifications/hipay-wallet") };
            var enterpriseOptions = new HiPayEnterpriseSimulatorOptions { DefaultNotifyUrl = new Uri(connectorBase, "notifications/hipay-enterprise") };

            await using var mirakl = Build(parse.GetValue(miraklPort), b => MiraklSimulator.ConfigureServices(b, miraklOptions), MiraklSimulator.Configure);
            await using var wallet = Build(parse.GetValue(walletPort), b => HiPayWalletSimulator.ConfigureServices(b, walletOptions), HiPayWalletSimulator.Configure);
            await using var enterprise = Build(parse.GetValue(enterprisePort), b => HiPayEnterpriseSimulator.ConfigureServices(b, enterpriseOptions), HiPayEnterpriseSimulator.Configure);
            await mirakl.StartAsync(ct);
            await wallet.StartAsync(ct);
            await enterprise.StartAsync(ct);
            var printer = CliOutput.For(parse, output);
            var simulators = new[]
            {
                new { Name = "Mirakl operator API", Url = $"http://127.0.0.1:{parse.GetValue(miraklPort)}", Notifications = (Uri?)null },
                new { Name = "HiPay Wallet API", Url = $"http://127.0.0.1:{parse.GetValue(walletPort)}", Notifications = (Uri?)walletOptions.DefaultCallbackUrl },
                new { Name = "HiPay Enterprise", Url = $"http://127.0.0.1:{parse.GetValue(enterprisePort)}", Notifications = (Uri?)enterpriseOptions.DefaultNotifyUrl },
            };
            printer.WriteJson(new { Simulators = simulators, ClockAdvance = "POST /_sim/clock/advance" });
            printer.Table("Simulators", [new CliColumn("Simulator"), new CliColumn("Address"), new CliColumn("Notifications to")],
                simulators.Select(s => (IReadOnlyList<object?>)[s.Name, s.Url, s.Notifications?.ToString() ?? "-"]));
            printer.Line("The Mirakl simulator's operator key is the one appsettings.Development.json holds.");
            printer.Line("Virtual clocks move only on POST /_sim/clock/advance {\"seconds\":n}. Ctrl+C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }

            await enterprise.StopAsync(CancellationToken.None);
            await wallet.StopAsync(CancellationToken.None);
            await mirakl.StopAsync(CancellationToken.None);
            return CliApp.ExitOk;
        });
        return command;
    }

    private static WebApplication Build(int port, Action<WebApplicationBuilder> services, Action<WebApplication> configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        services(builder);
        var app = builder.Build();
        configure(app);
        return app;
    }
}
