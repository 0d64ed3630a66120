using System.CommandLine;
using System.Globalization;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Payouts;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Cli.Commands;

/// <summary>The cash-out jobs: cashout:generate, cashout:transfer, cashout:withdraw, cashout:status-sync, cashout:run.</summary>
public static class CashoutCommands
{
    public static Command CreateTransfer(TextWriter output, TextWriter error) =>
        CreateStep("cashout:transfer", "Transfer the generated legs from the technical wallet to the sellers' and operator's wallets.",
            output, error, async (sp, _, ct) => (await sp.GetRequiredService<PayoutExecutor>().TransferAsync(ct)).ToString());

    public static Command CreateWithdraw(TextWriter output, TextWriter error) =>
        CreateStep("cashout:withdraw", "Withdraw the transferred legs from the wallets to their bank accounts.",
            output, error, async (sp, _, ct) => (await sp.GetRequiredService<PayoutExecutor>().WithdrawAsync(ct)).ToString());

    public static Command CreateStatusSync(TextWriter output, TextWriter error) =>
        CreateStep("cashout:status-sync", "Poll HiPay for transfers and withdrawals still awaiting their outcome.",
            output, error, async (sp, _, ct) => (await sp.GetRequiredService<PayoutStatusSync>().SyncAsync(ct)).ToString());

    private static (Option<string?> Date, Option<string?> Before, Option<string?> After) WindowOptions() => (
        new Option<string?>("--cycle-date") { Description = "Cycle date (yyyy-MM-dd, in the cycle time zone); default: the latest cycle at or before now." },
        new Option<string?>("--window-before") { Description = "Window before the previous cycle (30m, 12h, 2d or hh:mm:ss); default Cycle:IntervalBefore." },
        new Option<string?>("--window-after") { Description = "Window after the cycle (30m, 12h, 2d or hh:mm:ss); default Cycle:IntervalAfter." });

    public static Command CreateGenerate(TextWriter output, TextWriter error)
    {
        var (date, before, after) = WindowOptions();
        var command = new Command("cashout:generate", "Read the Mirakl AUTO_INVOICEs of the cycle window (IV01) and record their legs.") { date, before, after };
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            if (!TryWindow(provider, parse, date, before, after, out var window, out var problem))
            {
                await error.WriteLineAsync("error: " + problem);
                return CliApp.ExitConfigurationError;
            }

            string? line = null;
            var result = await provider.GetRequiredService<JobRunner>().RunAsync("cashout:generate", Describe(window), async (_, token) =>
            {
                line = (await provider.GetRequiredService<CashoutGenerator>().GenerateAsync(window, token)).ToString();
            }, ct);
            return await CliApp.ReportJobAsync(result, line, output, error);
        });
        return command;
    }

    public static Command CreateRun(TextWriter output, TextWriter error)
    {
        var (date, before, after) = WindowOptions();
        var command = new Command("cashout:run", "generate → transfer → status-sync → withdraw, one progress line per step.") { date, before, after };
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            if (!TryWindow(provider, parse, date, before, after, out var window, out var problem))
            {
                await error.WriteLineAsync("error: " + problem);
                return CliApp.ExitConfigurationError;
            }

            var result = await provider.GetRequiredService<JobRunner>().RunAsync("cashout:run", Describe(window), async (_, token) =>
            {
                await provider.GetRequiredService<CashoutCycle>().RunAsync(window, line => output.WriteLineAsync(line), token);
            }, ct);
            return await CliApp.ReportJobAsync(result, "cycle " + Describe(window) + " done", output, error);
        });
        return command;
    }

    public static Command CreateReconcile(TextWriter output, TextWriter error)
    {
        var (date, before, after) = WindowOptions();
        var command = new Command("reconcile", "Compare a cycle's Mirakl invoices, our legs and HiPay's transactions; exit non-zero on drift.") { date, before, after };
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            if (!TryWindow(provider, parse, date, before, after, out var window, out var problem))
            {
                await error.WriteLineAsync("error: " + problem);
                return CliApp.ExitConfigurationError;
            }

            var issues = await provider.GetRequiredService<PayoutReconciler>().ReconcileAsync(window, ct);
            foreach (var issue in issues)
            {
                await output.WriteLineAsync($"{issue.Kind}\tinvoice {issue.InvoiceId}\t{issue.Detail}");
            }

            await output.WriteLineAsync(issues.Count == 0 ? Describe(window) + ": no drift" : $"{Describe(window)}: {issues.Count} issue(s)");
            return issues.Count == 0 ? CliApp.ExitOk : CliApp.ExitFailure;
        });
        return command;
    }

    private static Command CreateStep(string name, string description, TextWriter output, TextWriter error,
        Func<IServiceProvider, JobContext, CancellationToken, Task<string>> step)
    {
        var command = new Command(name, description);
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            string? line = null;
            var result = await provider.GetRequiredService<JobRunner>().RunAsync(name, null, async (job, token) =>
            {
                line = await step(provider, job, token);
            }, ct);
            return await CliApp.ReportJobAsync(result, line, output, error);
        });
        return command;
    }

    private static bool TryWindow(IServiceProvider provider, ParseResult parse, Option<string?> date, Option<string?> before, Option<string?> after,
        out CycleWindow window, out string? problem)
    {
        window = default;
        problem = null;
        DateOnly? cycleDate = null;
        if (parse.GetValue(date) is { } dateText)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                problem = $"--cycle-date {dateText}: expected yyyy-MM-dd.";
                return false;
            }

            cycleDate = parsed;
        }

        if (!TryDuration(parse.GetValue(before), "--window-before", out var beforeSpan, ref problem)
            || !TryDuration(parse.GetValue(after), "--window-after", out var afterSpan, ref problem))
        {
            return false;
        }

        window = provider.GetRequiredService<CashoutCycle>().ResolveWindow(cycleDate, beforeSpan, afterSpan);
        return true;
    }

    /// <summary>"30m", "12h", "2d" or a TimeSpan ("12:00:00").</summary>
    internal static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text.Length >= 2 && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            switch (text[^1])
            {
                case 'm':
                    value = TimeSpan.FromMinutes(n);
                    return true;
                case 'h':
                    value = TimeSpan.FromHours(n);
                    return true;
                case 'd':
                    value = TimeSpan.FromDays(n);
                    return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    private static bool TryDuration(string? text, string name, out TimeSpan? value, ref string? problem)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (TryParseDuration(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = $"{name} {text}: expected 30m, 12h, 2d or hh:mm:ss.";
        return false;
    }

    private static string Describe(CycleWindow window) => string.Create(CultureInfo.InvariantCulture,
        $"cycle {window.CycleInstant:O} window [{window.Start:O}, {window.End:O}]");
}
