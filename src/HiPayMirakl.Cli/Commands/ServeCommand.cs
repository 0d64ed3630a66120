using System.CommandLine;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Web;

namespace HiPayMirakl.Cli.Commands;

public static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var urls = new Option<string[]>("--urls")
        {
            Description = "Addresses to listen on (default http://127.0.0.1:5000). HiPay must reach /notifications/hipay-wallet.",
            DefaultValueFactory = _ => ["http://127.0.0.1:5000"],
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("serve", "Run the web host: notification endpoints, health, background processing of the inbox, and the job schedule (Scheduler:Enabled).") { urls };
        command.SetAction(async (parse, ct) =>
        {
            var settings = CliApp.LoadConfiguration(parse).Settings;
            ConnectorConfigurationValidator.ThrowIfInvalid(settings, SettingsScope.All);
            var environment = CliApp.EnvironmentName(parse);
            await using var app = ConnectorWebHost.Build(settings, parse.GetValue(urls) ?? [], runScheduler: settings.Scheduler.Enabled, environment: environment);
            await app.StartAsync(ct);
            await output.WriteLineAsync($"environment {app.Environment.EnvironmentName}");
            foreach (var address in ConnectorWebHost.Addresses(app))
            {
                await output.WriteLineAsync($"listening on {address}");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop gracefully below.
            }

            await app.StopAsync(CancellationToken.None);
            return CliApp.ExitOk;
        });
        return command;
    }
}
