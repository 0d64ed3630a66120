using System.Collections;
using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using HiPayMirakl.Core.Features.Batches;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace HiPayMirakl.Cli;

/// <summary>One column of a table: its heading, and whether it holds figures (right-aligned).</summary>
public sealed record CliColumn(string Heading, bool Numeric = false);

/// <summary>
/// How every command prints: tables for people (Spectre.Console), or one JSON document for scripts with
/// <c>--json</c> (camelCase property names, enums as names, amounts as integers in minor units with their currency).
/// Progress is shown only when the output is a terminal and not JSON, so logs and pipes stay clean.
/// </summary>
public sealed class CliOutput
{
    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print one JSON document (stable property names) instead of tables.",
        Recursive = true,
    };

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly TextWriter _writer;
    private readonly IAnsiConsole _console;

    public CliOutput(TextWriter writer, bool json)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        Json = json;
        IsTerminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!IsTerminal)
        {
            // Redirected output is read by people later or by tests: wide enough that rows never wrap.
            _console.Profile.Width = 240;
        }
    }

    public bool Json { get; }

    /// <summary>True when a person is watching the output (a terminal, not a pipe or a file).</summary>
    public bool IsTerminal { get; }

    public static CliOutput For(ParseResult parse, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new CliOutput(writer, parse.GetValue(JsonOption));
    }

    /// <summary>A line of text for people; nothing in JSON mode (the document is the whole output).</summary>
    public void Line(string text)
    {
        if (!Json)
        {
            _console.Profile.Out.Writer.WriteLine(text);
        }
    }

    /// <summary>Writes the JSON document (JSON mode only).</summary>
    public void WriteJson(object value)
    {
        if (Json)
        {
            _writer.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        }
    }

    /// <summary>A table for people (nothing in JSON mode). Cells are shown as text, never interpreted as markup.</summary>
    public void Table(string? title, IReadOnlyList<CliColumn> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (Json)
        {
            return;
        }

        var table = new Table().Border(IsTerminal ? TableBorder.Rounded : TableBorder.Ascii);
        if (title is not null)
        {
            table.Title = new TableTitle(Markup.Escape(title));
        }

        foreach (var column in columns)
        {
            var c = new TableColumn(new Text(column.Heading));
            table.AddColumn(column.Numeric ? c.RightAligned() : c);
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(Format(cell))).ToArray());
        }

        _console.Write(table);
    }

    /// <summary>A record's public properties as a two-column table (a string is printed as a line).</summary>
    public void Record(string? title, object? record)
    {
        switch (record)
        {
            case null:
                return;
            case string text:
                Line(text);
                return;
        }

        Table(title, [new CliColumn("Field"), new CliColumn("Value", Numeric: true)],
            Properties(record).Select(p => (IReadOnlyList<object?>)[p.Name, p.Value]));
    }

    /// <summary>
    /// Runs a job through the runner; on a terminal, shows a spinner with the items the job has processed so far
    /// (the job's own counters, so every job gets progress without knowing about the screen).
    /// </summary>
    public async Task<JobRunResult> RunJobAsync(JobRunner runner, string name, string? arguments,
        Func<JobContext, CancellationToken, Task> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(work);
        if (Json || !IsTerminal)
        {
            return await runner.RunAsync(name, arguments, work, ct);
        }

        return await _console.Status().StartAsync(Markup.Escape(name), async status =>
        {
            JobContext? context = null;
            var running = runner.RunAsync(name, arguments, (job, token) =>
            {
                context = job;
                return work(job, token);
            }, ct);
            while (await Task.WhenAny(running, Task.Delay(200, CancellationToken.None)) != running)
            {
                if (context is { } job)
                {
                    status.Status(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{name}: {job.Processed} processed, {job.Failed} failed")));
                }
            }

            return await running;
        });
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Format)),
        // A summary record in one cell: "Attempted 3, Requested 3, …", never the record's ToString().
        _ when value.GetType().IsClass => string.Join(", ", Properties(value).Select(p => p.Name + " " + Format(p.Value))),
        _ => value.ToString() ?? "",
    };

    private static IEnumerable<(string Name, object? Value)> Properties(object record) =>
        record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => (p.Name, p.GetValue(record)));
}
