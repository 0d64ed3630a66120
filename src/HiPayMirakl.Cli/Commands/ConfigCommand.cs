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
            var printer = CliOutput.For(parse, output);
            var values = configuration.Describe().ToList();
            foreach (var file in configuration.Files)
            {
                printer.Line($"# read {file}");
            }

            printer.Table(null, [new CliColumn("Key"), new CliColumn("Value")], values.Select(v => (IReadOnlyList<object?>)[v.Key, v.Value]));

            foreach (var warning in configuration.Warnings)
            {
                await error.WriteLineAsync("warning: " + warning);
            }

            var errors = ConnectorConfigurationValidator.Validate(configuration.Settings, SettingsScope.All);
            printer.WriteJson(new { files = configuration.Files, values = values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), valid = errors.Count == 0 });
            if (errors.Count > 0)
            {
                await error.WriteLineAsync("error: " + ConnectorConfigurationValidator.Join(errors));
                return CliApp.ExitConfigurationError;
            }

            printer.Line("configuration OK");
            return CliApp.ExitOk;
        });
        config.Add(check);
        return config;
    }
}
