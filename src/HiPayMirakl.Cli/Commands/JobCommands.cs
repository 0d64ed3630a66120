using System.CommandLine;
using System.Globalization;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Cli.Commands;

/// <summary>`jobs list` and `jobs run &lt;name&gt;`: the built-in schedule from the command line.</summary>
public static class JobCommands
{
    private static readonly CliColumn[] Columns =
    [
        new("Job"), new("Cron"), new("Zone"), new("Enabled"), new("Next fire (UTC)"), new("Last batch", Numeric: true), new("Outcome"),
        new("Started (UTC)"),
    ];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var root = new Command("jobs", "The built-in schedule `serve` runs: list the jobs, run one now.");
        root.Add(CreateList(output));
        root.Add(CreateRun(output, error));
        return root;
    }

    private static Command CreateList(TextWriter output)
    {
        var command = new Command("list", "Every job: cron, on/off, next fire time, last batch and its outcome.");
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            var jobs = await provider.GetRequiredService<JobSchedule>().ListAsync(ct);
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(jobs);
            printer.Table("Schedule", Columns, jobs.Select(j => (IReadOnlyList<object?>)
            [
                j.Name, j.Cron, j.TimeZone, j.Enabled ? "yes" : "no (" + j.DisabledReason + ")", Time(j.NextFireTime),
                j.LastBatchId?.ToString(CultureInfo.InvariantCulture) ?? "-", j.LastOutcome?.ToString() ?? "-", Time(j.LastStartedAt),
            ]));
            return CliApp.ExitOk;
        });
        return command;
    }

    private static Command CreateRun(TextWriter output, TextWriter error)
    {
        var name = new Argument<string>("name") { Description = "The job's name, as `jobs list` shows it (e.g. transfer)." };
        var command = new Command("run", "Run one job now, recorded as a batch; exit non-zero when it fails.") { name };
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

            return await CliApp.ReportJobAsync(result, new { job = jobName }, CliOutput.For(parse, output), error);
        });
        return command;
    }

    private static string Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
