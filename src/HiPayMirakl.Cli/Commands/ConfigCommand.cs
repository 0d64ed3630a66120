using System.CommandLine;
using HiPayMirakl.Core.Configuration;

namespace HiPayMirakl.Cli.Commands;

public static class ConfigCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Command("config", "Inspect the configuration.");
        var check = new Command("check", "Load and validate the whole configuration and print the effective values, secrets masked.");
        check.SetAction(async (parse, ct) =>
        {
            var configuration = CliApp.LoadConfiguration(parse);
            foreach (var file in configuration.Files)
            {
                await output.WriteLineAsync($"# read {file}");
            }

            foreach (var (key, value) in configuration.Describe())
            {
                await output.WriteLineAsync($"{key} = {value}");
            }

            foreach (var warning in configuration.Warnings)
            {
                await error.WriteLineAsync("warning: " + warning);
            }

            var errors = ConnectorConfigurationValidator.Validate(configuration.Settings, SettingsScope.All);
            if (errors.Count > 0)
            {
                await error.WriteLineAsync("error: " + ConnectorConfigurationValidator.Join(errors));
                return CliApp.ExitConfigurationError;
            }

            await output.WriteLineAsync("configuration OK");
            return CliApp.ExitOk;
        });
        config.Add(check);
        return config;
    }
}
