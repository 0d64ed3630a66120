using System.CommandLine;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Cli.Commands;

public static class MigrateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("migrate", "Apply the database migrations (SQLite file under ./var/ by default, or PostgreSQL).");
        command.SetAction(async (parse, ct) =>
        {
            var configuration = CliApp.LoadConfiguration(parse);
            var settings = configuration.Settings;
            ConnectorConfigurationValidator.ThrowIfInvalid(settings, SettingsScope.Database);
            var applied = await ConnectorServices.MigrateAsync(settings.Database, ct);
            var target = ConnectorDatabase.Describe(settings.Database.Provider, settings.Database.ConnectionString);
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(new { database = target, applied });
            printer.Line(applied.Count == 0
                ? $"{target}: up to date."
                : $"{target}: applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return CliApp.ExitOk;
        });
        return command;
    }
}
