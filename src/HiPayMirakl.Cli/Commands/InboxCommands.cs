using System.CommandLine;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Cli.Commands;

/// <summary><c>inbox list [--dead]</c> and <c>inbox replay &lt;id&gt;</c>: the stored notifications and their dead letters.</summary>
public static class InboxCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var root = new Command("inbox", "Stored notifications: list them, replay a dead letter.");
        root.Add(CreateList(output));
        root.Add(CreateReplay(output, error));
        return root;
    }

    private static Command CreateList(TextWriter output)
    {
        var dead = new Option<bool>("--dead") { Description = "Only the dead letters (gave up: kept failing, waited too long, or unusable)." };
        var limit = new Option<int>("--limit") { Description = "How many rows, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "The latest stored notifications with their outcome.") { dead, limit };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = Open(parse);
            var rows = await InboxStore.ListAsync(db, parse.GetValue(dead), Math.Max(1, parse.GetValue(limit)), ct);
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(rows.Select(m => new
            {
                m.Id, m.Source, m.Kind, m.Reference, m.Outcome, m.Attempts, m.ReceivedAt, m.ProcessedAt, m.NextAttemptAt, m.OutcomeMessage,
            }));
            if (rows.Count == 0)
            {
                printer.Line("no notifications.");
                return CliApp.ExitOk;
            }

            printer.Table(null,
                [new CliColumn("Id", true), new CliColumn("Source"), new CliColumn("Kind"), new CliColumn("Reference"), new CliColumn("Outcome"),
                    new CliColumn("Attempts", true), new CliColumn("Received"), new CliColumn("Why")],
                rows.Select(m => (IReadOnlyList<object?>)[m.Id, m.Source, m.Kind, m.Reference, m.Outcome, m.Attempts, m.ReceivedAt, CliApp.OneLine(m.OutcomeMessage ?? "")]));

            return CliApp.ExitOk;
        });
        return command;
    }

    private static Command CreateReplay(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("id") { Description = "The inbox row to put back in the queue (must be dead-lettered)." };
        var command = new Command("replay", "Put a dead-lettered notification back in the queue; the running connector applies it.") { id };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = Open(parse);
            var rowId = parse.GetValue(id);
            if (!await InboxStore.ReplayAsync(db, rowId, ct))
            {
                await error.WriteLineAsync(FormattableString.Invariant($"error: inbox row {rowId} is not a dead letter (or does not exist); nothing replayed."));
                return CliApp.ExitFailure;
            }

            var printer = CliOutput.For(parse, output);
            printer.WriteJson(new { Id = rowId, Queued = true });
            printer.Table(null, [new CliColumn("Id", true), new CliColumn("Result")], [[rowId, "queued again"]]);
            return CliApp.ExitOk;
        });
        return command;
    }

    private static ConnectorDbContext Open(ParseResult parse)
    {
        var settings = CliApp.LoadConfiguration(parse).Settings;
        ConnectorConfigurationValidator.ThrowIfInvalid(settings, SettingsScope.Database);
        return new ConnectorDbContext(ConnectorDatabase.CreateOptions(settings.Database.Provider, settings.Database.ConnectionString));
    }
}
