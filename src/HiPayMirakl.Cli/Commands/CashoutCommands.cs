using System.CommandLine;
using System.Globalization;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.HiPayWallet;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Cli.Commands;

/// <summary>
/// The cash-out jobs: cashout:generate, cashout:transfer, cashout:withdraw, cashout:status-sync, cashout:run; and
/// cashout:leg show|hold|release|mark-paid-outside|skip|reissue, an operator's hand on one leg.
/// </summary>
public static class CashoutCommands
{
    public static Command CreateLeg(TextWriter output, TextWriter error)
    {
        var show = new Command("show", "Print a leg, the merchant_unique_id of each of its generations and its log.") { LegArgument() };
        show.SetAction((parse, ct) => RunLegAsync(parse, error, async (admin, token) =>
            PrintLeg(CliOutput.For(parse, output), await admin.ShowAsync(parse.GetValue<long>("leg-id"), token)), ct));

        var hold = new Command("hold", "Hold a leg that is not waiting on HiPay: nothing is sent for it until a release.") { LegArgument(), ReasonOption(), ByOption() };
        hold.SetAction((parse, ct) => RunLegAsync(parse, error, async (admin, token) =>
        {
            var id = parse.GetValue<long>("leg-id");
            var result = await admin.HoldAsync(id, parse.GetValue<string>("--reason") ?? "", By(parse), token);
            PrintLegAction(CliOutput.For(parse, output), await admin.ShowAsync(id, token), result);
        }, ct));

        var release = new Command("release",
            "Release a held leg after reading HiPay's books for each of its generations: settles it from a captured or pending one, sends again only when none moved money.")
            { LegArgument(), ReasonOption(), ByOption() };
        release.SetAction((parse, ct) => RunLegAsync(parse, error, async (admin, token) =>
        {
            var id = parse.GetValue<long>("leg-id");
            var result = await admin.ReleaseAsync(id, parse.GetValue<string>("--reason") ?? "", By(parse), token);
            PrintLegAction(CliOutput.For(parse, output), await admin.ShowAsync(id, token), result);
        }, ct));

        var leg = new Command("cashout:leg", "One leg by hand: show, hold, release, mark-paid-outside, skip, reissue (every use is recorded in its log).")
            { show, hold, release };
        foreach (var action in Enum.GetValues<LegOverrideAction>())
        {
            leg.Subcommands.Add(CreateOverride(action, output, error));
        }

        return leg;
    }

    private static Command CreateOverride(LegOverrideAction action, TextWriter output, TextWriter error)
    {
        var description = action switch
        {
            LegOverrideAction.MarkPaidOutside =>
                "Record that the seller was paid by other means (PaidOutside): refused when HiPay's books show a transfer of the leg captured, pending or unreadable.",
            LegOverrideAction.Skip =>
                "Stop paying this leg through the connector (Skipped), e.g. disputed: refused when HiPay's books show a transfer of the leg captured, pending or unreadable.",
            _ =>
                "After the seller's bank details changed, send the withdrawal again (a new merchant_unique_id when the last one reached HiPay): refused when HiPay's books show a withdrawal of the leg captured, pending or unreadable.",
        };
        var command = new Command(LegOverrides.NameOf(action), description) { LegArgument(), ReasonOption(), ByOption() };
        command.SetAction((parse, ct) => RunLegServicesAsync(parse, error, async (services, token) =>
        {
            var id = parse.GetValue<long>("leg-id");
            var result = await services.GetRequiredService<LegOverrides>().ApplyAsync(id, action, parse.GetValue<string>("--reason") ?? "", By(parse), token);
            PrintLegAction(CliOutput.For(parse, output), await services.GetRequiredService<LegAdministration>().ShowAsync(id, token), result);
        }, ct));
        return command;
    }

    private static Argument<long> LegArgument() => new("leg-id") { Description = "The leg's id (legs.id)." };

    private static Option<string> ReasonOption() => new("--reason") { Description = "Why (recorded in the leg's log).", Required = true };

    private static Option<string?> ByOption() => new("--by") { Description = "Who acts (recorded in the leg's log); default: the OS user name." };

    private static string By(ParseResult parse) => parse.GetValue<string?>("--by") is { Length: > 0 } by ? by : Environment.UserName;

    private static object LegJson(Leg leg) => new
    {
        leg.Id, leg.Kind, leg.InvoiceId, leg.MiraklShopId, leg.BeneficiaryAccountId, leg.AmountMinor, leg.OriginAmountMinor, leg.WithdrawnAmountMinor,
        leg.Currency, leg.Status, leg.AttemptCount, leg.NextAttemptAt, leg.TransferId, leg.WithdrawId, leg.LastError,
    };

    private static void PrintLeg(CliOutput printer, LegDetails details)
    {
        var leg = details.Leg;
        printer.WriteJson(new
        {
            Leg = LegJson(leg),
            Generations = details.Generations.Select(g => new { g.Side, g.Generation, g.MerchantUniqueId, g.Current }),
            Log = details.Log.Select(e => new { e.CreatedAt, e.FromStatus, e.ToStatus, e.Actor, e.Message }),
        });
        printer.Table("Leg " + leg.Id.ToString(CultureInfo.InvariantCulture), [new CliColumn("Field"), new CliColumn("Value", Numeric: true)],
        [
            ["Kind", leg.Kind],
            ["Invoice", leg.InvoiceId ?? "-"],
            ["Shop", leg.MiraklShopId?.ToString(CultureInfo.InvariantCulture) ?? "-"],
            ["Account", leg.BeneficiaryAccountId?.ToString(CultureInfo.InvariantCulture) ?? "-"],
            ["Amount", Money(leg.AmountMinor, leg.Currency)],
            ["Origin amount", Money(leg.OriginAmountMinor, leg.Currency)],
            ["Withdrawn", leg.WithdrawnAmountMinor is { } w ? Money(w, leg.Currency) : "-"],
            ["Status", leg.Status],
            ["Attempts", leg.AttemptCount],
            ["Next attempt", leg.NextAttemptAt?.ToString("O", CultureInfo.InvariantCulture) ?? "-"],
            ["Transfer", leg.TransferId ?? "-"],
            ["Withdrawal", leg.WithdrawId ?? "-"],
            ["Last error", CliApp.OneLine(leg.LastError ?? "")],
        ]);
        printer.Table("Generations", [new CliColumn("Side"), new CliColumn("Generation", Numeric: true), new CliColumn("merchant_unique_id"), new CliColumn("Current")],
            details.Generations.Select(g => (IReadOnlyList<object?>)[g.Side == PayoutSide.Transfer ? "transfer" : "withdrawal", g.Generation, g.MerchantUniqueId, g.Current ? "current" : ""]));
        printer.Table("Log", [new CliColumn("At"), new CliColumn("From"), new CliColumn("To"), new CliColumn("By"), new CliColumn("Message")],
            details.Log.Select(e => (IReadOnlyList<object?>)[e.CreatedAt, e.FromStatus?.ToString() ?? "created", e.ToStatus, e.Actor ?? "", CliApp.OneLine(e.Message ?? "")]));
    }

    private static void PrintLegAction(CliOutput printer, LegDetails details, string result)
    {
        printer.WriteJson(new { Leg = LegJson(details.Leg), Result = result });
        printer.Table(null, [new CliColumn("Leg", Numeric: true), new CliColumn("Status"), new CliColumn("Result")],
            [[details.Leg.Id, details.Leg.Status, CliApp.OneLine(result)]]);
    }

    private static string Money(long minor, string currency) => WalletAmount.Format(minor, currency) + " " + currency;

    private static Task<int> RunLegAsync(ParseResult parse, TextWriter error, Func<LegAdministration, CancellationToken, Task> work, CancellationToken ct) =>
        RunLegServicesAsync(parse, error, (services, token) => work(services.GetRequiredService<LegAdministration>(), token), ct);

    private static async Task<int> RunLegServicesAsync(ParseResult parse, TextWriter error, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken ct)
    {
        await using var provider = CliApp.BuildServices(parse);
        await using var scope = provider.CreateAsyncScope();
        try
        {
            await work(scope.ServiceProvider, ct);
            return CliApp.ExitOk;
        }
        catch (LegActionException ex)
        {
            await error.WriteLineAsync("error: " + CliApp.OneLine(ex.Message));
            return CliApp.ExitFailure;
        }
    }

    public static Command CreateTransfer(TextWriter output, TextWriter error) =>
        CreateStep("cashout:transfer", "Transfer the generated legs from the technical wallet to the sellers' and operator's wallets.",
            output, error, async (sp, _, ct) => (await sp.GetRequiredService<PayoutExecutor>().TransferAsync(ct)));

    public static Command CreateWithdraw(TextWriter output, TextWriter error) =>
        CreateStep("cashout:withdraw", "Withdraw the transferred legs from the wallets to their bank accounts.",
            output, error, async (sp, _, ct) => (await sp.GetRequiredService<PayoutExecutor>().WithdrawAsync(ct)));

    public static Command CreateStatusSync(TextWriter output, TextWriter error) =>
        CreateStep("cashout:status-sync", "Poll HiPay for transfers and withdrawals still awaiting their outcome.",
            output, error, async (sp, _, ct) => (await sp.GetRequiredService<PayoutStatusSync>().SyncAsync(ct)));

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

            GenerateSummary? summary = null;
            var result = await provider.GetRequiredService<JobRunner>().RunAsync("cashout:generate", Describe(window), async (_, token) =>
            {
                summary = await provider.GetRequiredService<CashoutGenerator>().GenerateAsync(window, token);
            }, ct);
            return await CliApp.ReportJobAsync(result, summary, CliOutput.For(parse, output), error);
        });
        return command;
    }

    public static Command CreateRun(TextWriter output, TextWriter error)
    {
        var (date, before, after) = WindowOptions();
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the legs, amounts and pre-checks the cycle would produce, netting included, against what is recorded; moves and records nothing." };
        var csv = new Option<string?>("--csv") { Description = "With --dry-run: also write the preview to this CSV file." };
        var command = new Command("cashout:run", "generate → transfer → status-sync → withdraw, one progress line per step.") { date, before, after, dryRun, csv };
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            if (!TryWindow(provider, parse, date, before, after, out var window, out var problem))
            {
                await error.WriteLineAsync("error: " + problem);
                return CliApp.ExitConfigurationError;
            }

            var printer = CliOutput.For(parse, output);
            if (parse.GetValue(dryRun))
            {
                return await PreviewAsync(provider, window, parse.GetValue(csv), printer, error, ct);
            }

            if (parse.GetValue(csv) is not null)
            {
                await error.WriteLineAsync("error: --csv goes with --dry-run.");
                return CliApp.ExitConfigurationError;
            }

            var steps = new List<string>();
            var result = await printer.RunJobAsync(provider.GetRequiredService<JobRunner>(), "cashout:run", Describe(window), async (_, token) =>
            {
                await provider.GetRequiredService<CashoutCycle>().RunAsync(window, line =>
                {
                    steps.Add(line);
                    printer.Line(line);
                    return Task.CompletedTask;
                }, token);
            }, ct);
            return await CliApp.ReportJobAsync(result, new { Cycle = Describe(window), Steps = steps }, printer, error);
        });
        return command;
    }

    private static async Task<int> PreviewAsync(IServiceProvider provider, CycleWindow window, string? csvPath, CliOutput printer, TextWriter error, CancellationToken ct)
    {
        var preview = await provider.GetRequiredService<CyclePreview>().PreviewAsync(window, ct);
        if (csvPath is not null)
        {
            try
            {
                await File.WriteAllTextAsync(csvPath, CyclePreviewCsv.Write(preview), ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                await error.WriteLineAsync($"error: --csv {csvPath}: {CliApp.OneLine(ex.Message)}");
                return CliApp.ExitFailure;
            }
        }

        printer.WriteJson(new
        {
            DryRun = true, Cycle = window.CycleInstant, WindowStart = window.Start, WindowEnd = window.End,
            preview.Totals, preview.Treasury, preview.Rows,
        });
        printer.Table("Dry run: " + Describe(window),
            [new CliColumn("Change"), new CliColumn("Invoice"), new CliColumn("Shop", Numeric: true), new CliColumn("Kind"), new CliColumn("Amount", Numeric: true),
                new CliColumn("Mirakl", Numeric: true), new CliColumn("Recorded", Numeric: true), new CliColumn("Leg", Numeric: true), new CliColumn("Step"),
                new CliColumn("Verdict"), new CliColumn("Detail")],
            preview.Rows.Select(r => (IReadOnlyList<object?>)[
                r.Change, r.InvoiceId ?? "-", r.ShopId, r.Kind?.ToString() ?? "-", OptionalMoney(r.AmountMinor, r.Currency), OptionalMoney(r.MiraklAmountMinor, r.Currency),
                OptionalMoney(r.RecordedAmountMinor, r.Currency), r.LegId, r.Step ?? "", r.Verdict ?? "", CliApp.OneLine(r.Detail ?? "")]));
        PrintTotals(printer, preview);
        printer.Line("Dry run: nothing was sent and nothing was recorded.");
        return CliApp.ExitOk;
    }

    private static void PrintTotals(CliOutput printer, CyclePreviewResult preview)
    {
        printer.Table("Totals",
            [new CliColumn("Currency"), new CliColumn("New legs", Numeric: true), new CliColumn("New amount", Numeric: true), new CliColumn("Different", Numeric: true),
                new CliColumn("Due now", Numeric: true), new CliColumn("Blocked", Numeric: true)],
            preview.Totals.Select(t => (IReadOnlyList<object?>)[t.Currency, t.NewLegs, Money(t.NewAmountMinor, t.Currency), t.Different, t.DueLegs, t.Blocked]));
        PrintTreasury(printer, preview.Treasury);
    }

    private static void PrintTreasury(CliOutput printer, IReadOnlyList<TreasuryFigure> treasury) =>
        printer.Table("Treasury (technical wallet)",
            [new CliColumn("Currency"), new CliColumn("Balance", Numeric: true), new CliColumn("Due now", Numeric: true), new CliColumn("Next cycle", Numeric: true),
                new CliColumn("Shortfall", Numeric: true)],
            treasury.Select(t => (IReadOnlyList<object?>)[
                t.Currency, t.BalanceMinor is { } b ? Money(b, t.Currency) : "unknown", Money(t.DueNowMinor, t.Currency), Money(t.NextCycleMinor, t.Currency),
                Money(t.ShortfallMinor, t.Currency)]));

    private static string OptionalMoney(long? minor, string currency) => minor is { } m ? Money(m, currency) : "";

    public static Command CreateTreasuryForecast(TextWriter output, TextWriter error)
    {
        var (date, before, after) = WindowOptions();
        var command = new Command("treasury:forecast",
            "Per currency: the technical wallet's balance, what the legs due now need, what the next cycle's new legs will need, and the shortfall.") { date, before, after };
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            if (!TryWindow(provider, parse, date, before, after, out var window, out var problem))
            {
                await error.WriteLineAsync("error: " + problem);
                return CliApp.ExitConfigurationError;
            }

            var preview = await provider.GetRequiredService<CyclePreview>().PreviewAsync(window, ct);
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(new { Cycle = window.CycleInstant, Treasury = preview.Treasury.Select(t => new { t.Currency, t.BalanceMinor, t.DueNowMinor, t.DueNowLegs, t.NextCycleMinor, t.NextCycleLegs, t.ShortfallMinor }) });
            PrintTreasury(printer, preview.Treasury);
            return CliApp.ExitOk;
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

            var result = await provider.GetRequiredService<Reconciler>().RunAsync(window, ReconciliationTrigger.Cli, null, ct);
            var issues = result.Findings;
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(new
            {
                RunId = result.Run.Id, Cycle = window.CycleInstant, WindowStart = window.Start, WindowEnd = window.End, Drift = issues.Count > 0,
                Counts = result.Run.CountsByKind(),
                Issues = issues.Select(i => new { i.Kind, i.Reference, i.InvoiceId, i.LegId, i.Currency, i.AmountMinor, i.Detail }),
            });
            if (issues.Count > 0)
            {
                printer.Table("Drift", [new CliColumn("Kind"), new CliColumn("Invoice"), new CliColumn("Reference"), new CliColumn("Detail")],
                    issues.Select(i => (IReadOnlyList<object?>)[i.Kind, i.InvoiceId ?? "-", i.Reference, CliApp.OneLine(i.Detail)]));
            }

            printer.Line(string.Create(CultureInfo.InvariantCulture,
                $"{Describe(window)}: {(issues.Count == 0 ? "no drift" : issues.Count + " issue(s)")} (reconciliation run {result.Run.Id})"));
            return issues.Count == 0 ? CliApp.ExitOk : CliApp.ExitFailure;
        });
        return command;
    }

    private static Command CreateStep(string name, string description, TextWriter output, TextWriter error,
        Func<IServiceProvider, JobContext, CancellationToken, Task<object>> step)
    {
        var command = new Command(name, description);
        command.SetAction(async (parse, ct) =>
        {
            await using var provider = CliApp.BuildServices(parse);
            var printer = CliOutput.For(parse, output);
            object? summary = null;
            var result = await printer.RunJobAsync(provider.GetRequiredService<JobRunner>(), name, null, async (job, token) =>
            {
                summary = await step(provider, job, token);
            }, ct);
            return await CliApp.ReportJobAsync(result, summary, printer, error);
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
