using System.CommandLine;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.VendorOnboarding;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Cli.Commands;

/// <summary><c>vendor:process</c> (shops → wallets, KYC, bank details) and <c>mirakl:check</c> (Mirakl settings).</summary>
public static class VendorCommands
{
    public const string MiraklCheckJobName = "mirakl:check";

    public static Command CreateProcess(TextWriter output, TextWriter error)
    {
        var since = new Option<string?>("--since")
        {
            Description = "Only shops updated since a date (2026-01-31, 2026-01-31T08:00:00Z) or a duration back from now (90m, 24h, 7d).",
        };
        var command = new Command(VendorSyncJob.JobName, "Sync Mirakl shops to HiPay Wallet accounts: wallets, KYC documents, bank details.") { since };
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            var clock = provider.GetRequiredService<TimeProvider>();
            var sinceText = parse.GetValue(since);
            DateTimeOffset? updatedSince;
            try
            {
                updatedSince = sinceText is null ? null : SinceArgument.Parse(sinceText, clock.GetUtcNow());
            }
            catch (FormatException ex)
            {
                await error.WriteLineAsync("error: " + ex.Message);
                return CliApp.ExitConfigurationError;
            }

            var printer = CliOutput.For(parse, output);
            VendorSyncSummary? summary = null;
            var result = await printer.RunJobAsync(provider.GetRequiredService<JobRunner>(), VendorSyncJob.JobName,
                updatedSince is { } s ? "--since " + s.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : null,
                async (job, token) =>
                {
                    summary = await provider.GetRequiredService<VendorSyncJob>().RunAsync(job, updatedSince, token);
                }, ct);
            return await CliApp.ReportJobAsync(result, summary, printer, error);
        });
        return command;
    }

    public static Command CreateMiraklCheck(TextWriter output, TextWriter error)
    {
        var command = new Command(MiraklCheckJobName, "Check the Mirakl settings the connector needs: document types (DO01) and the hipay-process field (AF01).");
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            string? line = null;
            var result = await provider.GetRequiredService<JobRunner>().RunAsync(MiraklCheckJobName, null, async (job, token) =>
            {
                var check = await provider.GetRequiredService<MiraklPreflight>().CheckAsync(token);
                if (!check.Succeeded)
                {
                    throw new MiraklNotConfiguredException(check.Describe());
                }

                line = check.Describe();
            }, ct);
            return await CliApp.ReportJobAsync(result, line, CliOutput.For(parse, output), error);
        });
        return command;
    }
}
