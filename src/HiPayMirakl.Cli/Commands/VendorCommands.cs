using System.CommandLine;
using System.Globalization;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.Mirakl;
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
        var shops = new Option<bool>("--shops")
        {
            Description = "Also check every shop against HiPay's prerequisites (unique e-mail, phone, bank fields, alphanumeric values) and the Mirakl API version.",
        };
        var csv = new Option<bool>("--csv")
        {
            Description = "With --shops: print the problems as CSV (shopId,shopName,hipayProcess,field,kind,reason).",
        };
        var command = new Command(MiraklCheckJobName, "Check the Mirakl settings the connector needs: document types (DO01) and the hipay-process field (AF01); with --shops, what HiPay will refuse about each shop.")
        {
            shops,
            csv,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(csv) && !parse.GetValue(shops))
            {
                await error.WriteLineAsync("error: --csv needs --shops.");
                return CliApp.ExitConfigurationError;
            }

            await using var provider = CliApp.BuildServices(parse);
            if (parse.GetValue(shops))
            {
                return await CheckShopsAsync(provider, parse, parse.GetValue(csv), output, error, ct);
            }

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

    /// <summary>
    /// The settings check, the API version and every shop against <see cref="ShopPrerequisites"/>. A shop whose
    /// hipay-process is off is listed too (it will be refused the day it is switched on) but only opted-in shops, the
    /// version and the settings make the exit non-zero: they block onboarding now.
    /// </summary>
    private static async Task<int> CheckShopsAsync(ServiceProvider provider, ParseResult parse, bool csv, TextWriter output, TextWriter error, CancellationToken ct)
    {
        MiraklPreflightResult? settings = null;
        string? version = null;
        string? versionProblem = null;
        IReadOnlyList<ShopPrerequisiteResult> results = [];
        var run = await provider.GetRequiredService<JobRunner>().RunAsync(MiraklCheckJobName, "--shops", async (job, token) =>
        {
            var mirakl = provider.GetRequiredService<IMiraklClient>();
            settings = await provider.GetRequiredService<MiraklPreflight>().CheckAsync(token);
            version = await mirakl.GetVersionAsync(token);
            versionProblem = ShopPrerequisites.VersionProblem(version);
            var all = new List<MiraklShop>();
            await foreach (var shop in mirakl.GetShopsAsync(null, null, token))
            {
                all.Add(shop);
            }

            results = provider.GetRequiredService<ShopPrerequisites>().Check(all);
            foreach (var shop in results)
            {
                if (shop.HiPayProcess && shop.Problems.Count > 0)
                {
                    job.ItemFailed();
                }
                else
                {
                    job.ItemSucceeded();
                }
            }
        }, ct);
        if (run.Outcome is JobRunOutcome.AlreadyRunning or JobRunOutcome.Failed || settings is null)
        {
            return await CliApp.ReportJobAsync(run, null, CliOutput.For(parse, output), error);
        }

        var blocked = results.Where(r => r.HiPayProcess && r.Problems.Count > 0).ToList();
        var rows = results.SelectMany(r => r.Problems.Select(p => (Shop: r, Problem: p))).ToList();
        if (csv)
        {
            await output.WriteLineAsync("shopId,shopName,hipayProcess,field,kind,reason");
            foreach (var (shop, problem) in rows)
            {
                await output.WriteLineAsync(string.Join(',', Csv(shop.ShopId.ToString(CultureInfo.InvariantCulture)), Csv(shop.ShopName),
                    Csv(shop.HiPayProcess ? "true" : "false"), Csv(problem.Field), Csv(problem.Kind.ToString()), Csv(problem.Reason)));
            }
        }
        else
        {
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(new
            {
                settings = new { ok = settings.Succeeded, problems = settings.Problems },
                mirakl = new { version, problem = versionProblem },
                shops = results.Where(r => r.Problems.Count > 0).Select(r => new
                {
                    shopId = r.ShopId,
                    shopName = r.ShopName,
                    hipayProcess = r.HiPayProcess,
                    problems = r.Problems,
                }),
                checkedShops = results.Count,
                blockedShops = blocked.Count,
            });
            printer.Line(settings.Describe());
            printer.Line(versionProblem ?? $"Mirakl API version {version} (3 or later required).");
            printer.Table("What HiPay will refuse", [new CliColumn("Shop", true), new CliColumn("Name"), new CliColumn("hipay-process"), new CliColumn("Field"), new CliColumn("Problem")],
                rows.Select(r => (IReadOnlyList<object?>)[r.Shop.ShopId, r.Shop.ShopName, r.Shop.HiPayProcess ? "yes" : "no", r.Problem.Field, r.Problem.Reason]));
            printer.Line(string.Create(CultureInfo.InvariantCulture,
                $"{results.Count} shop(s) checked, {results.Count(r => r.Problems.Count > 0)} with problems, {blocked.Count} opted in and blocked."));
        }

        if (!settings.Succeeded || versionProblem is not null || blocked.Count > 0)
        {
            var reasons = new List<string>();
            if (!settings.Succeeded)
            {
                reasons.Add("Mirakl settings incomplete");
            }

            if (versionProblem is not null)
            {
                reasons.Add(versionProblem);
            }

            if (blocked.Count > 0)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{blocked.Count} opted-in shop(s) would be refused by HiPay ({string.Join(", ", blocked.Take(10).Select(b => b.ShopId))}{(blocked.Count > 10 ? ", …" : "")})"));
            }

            await error.WriteLineAsync("error: onboarding blocked: " + string.Join("; ", reasons) + ".");
            return CliApp.ExitFailure;
        }

        return CliApp.ExitOk;
    }

    /// <summary>One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.</summary>
    private static string Csv(string? value)
    {
        value ??= "";
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
