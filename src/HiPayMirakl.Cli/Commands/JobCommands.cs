using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Cli.Commands;

/// <summary>`jobs list` and `jobs run &lt;name&gt;`: the built-in schedule from the command line.</summary>
public static class JobCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly string[] Header = ["JOB", "CRON", "ZONE", "ENABLED", "NEXT FIRE (UTC)", "LAST BATCH", "OUTCOME", "STARTED (UTC)"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var root = new Command("jobs", "The built-in schedule `serve` runs: list the jobs, run one now.");
        root.Add(CreateList(output));
        root.Add(CreateRun(output, error));
        return root;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON for scripts instead of text." };

    private static Command CreateList(TextWriter output)
    {
        var json = JsonOption();
        var command = new Command("list", "Every job: cron, on/off, next fire time, last batch and its outcome.") { json };
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            var jobs = await provider.GetRequiredService<JobSchedule>().ListAsync(ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(jobs, Json));
                return CliApp.ExitOk;
            }

            var rows = new List<string[]> { Header };
            rows.AddRange(jobs.Select(j => new[]
            {
                j.Name, j.Cron, j.TimeZone, j.Enabled ? "yes" : "no (" + j.DisabledReason + ")", Time(j.NextFireTime),
                j.LastBatchId?.ToString(CultureInfo.InvariantCulture) ?? "-", j.LastOutcome?.ToString() ?? "-", Time(j.LastStartedAt),
            }));
            var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var row in rows)
            {
                await output.WriteLineAsync(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            }

            return CliApp.ExitOk;
        });
        return command;
    }

    private static Command CreateRun(TextWriter output, TextWriter error)
    {
        var name = new Argument<string>("name") { Description = "The job's name, as `jobs list` shows it (e.g. transfer)." };
        var json = JsonOption();
        var command = new Command("run", "Run one job now, recorded as a batch; exit non-zero when it fails.") { name, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            var jobName = parse.GetValue(name) ?? "";
            JobRunResult result;
            try
            {
                result = await provider.GetRequiredService<JobSchedule>().RunAsync(jobName, new JobTrigger(JobTrigger.Manual), ct);
            }
            catch (UnknownJobException ex)
            {
                await error.WriteLineAsync("error: " + ex.Message);
                return CliApp.ExitFailure;
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    job = jobName, batchId = result.BatchId, outcome = result.Outcome.ToString(), processed = result.Processed, failed = result.Failed, error = result.Error,
                }, Json));
                return result.Outcome == JobRunOutcome.Succeeded ? CliApp.ExitOk : CliApp.ExitFailure;
            }

            return await CliApp.ReportJobAsync(result,
                string.Create(CultureInfo.InvariantCulture, $"{jobName}: {result.Outcome}, {result.Processed} processed, {result.Failed} failed"), output, error);
        });
        return command;
    }

    private static string Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
