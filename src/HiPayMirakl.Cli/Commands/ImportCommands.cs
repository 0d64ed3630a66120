using System.CommandLine;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.LegacyImport;
using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Cli.Commands;

/// <summary>
/// <c>import legacy</c>: the PHP predecessor's vendors, operations and vendor log, read from its MySQL database
/// (<c>--from-parameters</c> its parameters.yml, or <c>--from-connection</c>) or from <c>mysql --batch</c> exports
/// (<c>--from-tsv</c>), into our database. <c>--dry-run</c> reports without writing; a second run imports nothing.
/// </summary>
public static class ImportCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var root = new Command("import", "Bring state over from another system.");
        root.Add(CreateLegacy(output, error));
        return root;
    }

    private static Command CreateLegacy(TextWriter output, TextWriter error)
    {
        var fromParameters = new Option<string?>("--from-parameters") { Description = "The predecessor's parameters.yml: its db.* keys (pdo_mysql) say where its database is." };
        var fromConnection = new Option<string?>("--from-connection") { Description = "The predecessor's MySQL database as a connection string (Server=…;Database=…;User ID=…;Password=…)." };
        var fromTsv = new Option<string?>("--from-tsv") { Description = "A directory with vendors.tsv, operations.tsv and log_vendors.tsv (mysql --batch output)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be imported and every conflict; write nothing." };
        var currency = new Option<string>("--currency") { Description = "The currency of the predecessor's amounts (it kept none).", DefaultValueFactory = _ => "EUR" };
        var command = new Command("legacy", "Import the PHP integration's vendors, operations (as legs) and vendor log.")
        {
            fromParameters, fromConnection, fromTsv, dryRun, currency,
        };
        command.SetAction(async (parse, ct) =>
        {
            var sources = new[] { parse.GetValue(fromParameters), parse.GetValue(fromConnection), parse.GetValue(fromTsv) };
            if (sources.Count(s => !string.IsNullOrWhiteSpace(s)) != 1)
            {
                await error.WriteLineAsync("error: import legacy: give exactly one of --from-parameters, --from-connection, --from-tsv.");
                return CliApp.ExitConfigurationError;
            }

            var code = parse.GetValue(currency)!.Trim().ToUpperInvariant();
            if (!HiPayMirakl.Currencies.CurrencyTable.TryGetExponent(code, out _))
            {
                await error.WriteLineAsync($"error: --currency: '{code}' is not an ISO 4217 currency we know.");
                return CliApp.ExitConfigurationError;
            }

            var settings = CliApp.LoadConfiguration(parse).Settings;
            ConnectorConfigurationValidator.ThrowIfInvalid(settings, SettingsScope.Database);
            var data = parse.GetValue(fromTsv) is { Length: > 0 } directory
                ? await LegacyReader.FromTsvAsync(directory, ct)
                : await LegacyReader.FromMySqlAsync(
                    parse.GetValue(fromConnection) is { Length: > 0 } cs ? cs : LegacyReader.ConnectionStringFromParameters(parse.GetValue(fromParameters)!), ct);

            var options = ConnectorDatabase.CreateOptions(settings.Database.Provider, settings.Database.ConnectionString);
            var importer = new LegacyImporter(() => new ConnectorDbContext(options), settings, TimeProvider.System);
            var report = await importer.ImportAsync(data, code, parse.GetValue(dryRun), ct);

            var printer = CliOutput.For(parse, output);
            printer.WriteJson(new
            {
                report.DryRun,
                report.Imported,
                report.AlreadyImported,
                report.Conflicts,
                report.Rows,
            });
            printer.Table(report.DryRun ? "Would import (dry run: nothing written)" : "Imported",
                [new CliColumn("Table"), new CliColumn("Legacy id", true), new CliColumn("Key"), new CliColumn("Action"), new CliColumn("Detail")],
                report.Rows.Select(r => (IReadOnlyList<object?>)[r.Table, r.LegacyId, r.Key, r.Action, CliApp.OneLine(r.Detail)]));
            printer.Line(FormattableString.Invariant(
                $"{(report.DryRun ? "would import" : "imported")} {report.Imported}, already imported {report.AlreadyImported}, conflicts {report.Conflicts}"));

            // Conflicts are not imported: a non-zero exit stops a switch-over script before the cycle runs on partial state.
            return report.Conflicts == 0 ? CliApp.ExitOk : CliApp.ExitFailure;
        });
        return command;
    }
}
