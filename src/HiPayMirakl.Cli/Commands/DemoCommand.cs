using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Simulator.Common;
using Simulator.HiPayWallet;
using Simulator.Mirakl;
using Simulator.Mirakl.Seeding;

namespace HiPayMirakl.Cli.Commands;

/// <summary>
/// The main job, end to end on one machine: the simulators in-process, a generated marketplace, the connector on
/// SQLite under ./var/, vendor onboarding, HiPay's reviews on the simulator's clock, cash-out cycles settled by signed
/// notifications, and a summary the finance team would read.
/// </summary>
public static class DemoCommand
{
    private static readonly DateTimeOffset MarketplaceStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var shops = new Option<int>("--shops") { DefaultValueFactory = _ => 50, Description = "Shops in the generated marketplace." };
        var cycles = new Option<int>("--cycles") { DefaultValueFactory = _ => 3, Description = "Payment cycles of invoices (1st, 11th, 21st)." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 42, Description = "Seed of the generated marketplace." };
        var database = new Option<string>("--database") { DefaultValueFactory = _ => "var/demo.db", Description = "SQLite file (recreated on each run)." };
        var keep = new Option<bool>("--keep-running") { Description = "Keep the simulators and the connector up after the summary (Ctrl+C stops)." };
        var command = new Command("demo", "Run the whole cash-out against in-process simulators and print a summary.") { shops, cycles, seed, database, keep };
        command.SetAction(async (parse, ct) =>
        {
            var demo = new DemoRun(CliOutput.For(parse, output), parse.GetValue(shops), parse.GetValue(cycles), parse.GetValue(seed), parse.GetValue(database)!,
                CliApp.Overrides(parse));
            var drift = await demo.RunAsync(parse.GetValue(keep), ct);
            return drift == 0 ? CliApp.ExitOk : CliApp.ExitFailure;
        });
        return command;
    }

    private sealed class DemoRun(CliOutput output, int shopCount, int cycleCount, int seed, string databaseFile, Dictionary<string, string?> overrides)
    {
        public async Task<int> RunAsync(bool keepRunning, CancellationToken ct)
        {
            if (shopCount < 1 || cycleCount < 1)
            {
                throw new ConfigurationException("--shops and --cycles must be at least 1.");
            }

            var databasePath = Path.GetFullPath(databaseFile);
            Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(databasePath + suffix);
            }

            await Say($"Simulators: generating a marketplace of {shopCount} shops and {cycleCount} payment cycles (seed {seed})…");
            var miraklOptions = new MiraklSimulatorOptions { InitialSeed = new MarketplaceSeedRequest(shopCount, cycleCount, seed, MarketplaceStart) };
            // Strict books: every accepted POST is booked, so the reconciliation below would show any payment sent twice.
            var walletOptions = new HiPayWalletSimulatorOptions { StrictBooks = true };
            await using var mirakl = await MiraklSimulator.StartAsync(miraklOptions, ct);
            await using var wallet = await HiPayWalletSimulator.StartAsync(walletOptions, ct);
            // A clock step delivers every notification that falls due in it: on a large marketplace that is minutes of work,
            // not a hung call.
            using var walletControl = new HttpClient { BaseAddress = wallet.BaseAddress, Timeout = TimeSpan.FromHours(1) };

            var settings = Settings(mirakl, wallet, miraklOptions, walletOptions, databasePath, overrides);
            var applied = await ConnectorServices.MigrateAsync(settings.Database, ct);
            await Say($"Database: {ConnectorDatabase.Describe(settings.Database.Provider, settings.Database.ConnectionString)} ({applied.Count} migration(s) applied)");

            // The summary is the demo's output; expected business outcomes (unidentified wallets…) are in it, not in logs.
            // The demo drains the inbox itself between steps; the background loop is for --keep-running.
            await using var web = ConnectorWebHost.Build(settings, ["http://127.0.0.1:0"],
                services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error)), processInbox: keepRunning);
            await web.StartAsync(ct);
            var webBase = ConnectorWebHost.Addresses(web)[0];
            walletOptions.DefaultCallbackUrl = new Uri(webBase, "notifications/hipay-wallet");
            await Say($"Connector: listening on {webBase} (notifications at /notifications/hipay-wallet)");

            var funding = await FundTechnicalAccountAsync(mirakl, walletControl, ct);
            await Say($"Technical wallet funded with {funding} (the marketplace's collected payments)");

            var runner = web.Services.GetRequiredService<JobRunner>();
            await using (var scope = web.Services.CreateAsyncScope())
            {
                var sync = scope.ServiceProvider.GetRequiredService<VendorSyncJob>();
                VendorSyncSummary? summary = null;
                await runner.RunAsync("vendor:process", null, async (job, token) => summary = await sync.RunAsync(job, null, token), ct);
                output.Record("Vendor sync", summary);
            }

            await Say("HiPay reviews KYC documents and bank details (simulator clock +2 min)…");
            await AdvanceAsync(walletControl, TimeSpan.FromMinutes(2), ct);
            await DrainInboxAsync(web, ct);

            var calendar = CycleCalendar.FromOptions(settings.Cycle);
            foreach (var cycleDate in CycleDates(cycleCount))
            {
                var window = calendar.WindowOf(calendar.InstantOf(DateOnly.FromDateTime(cycleDate.UtcDateTime)));
                await Say($"Cash-out cycle {cycleDate:yyyy-MM-dd}:");
                await using var scope = web.Services.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                var generated = await sp.GetRequiredService<CashoutGenerator>().GenerateAsync(window, ct);
                var transferred = await sp.GetRequiredService<PayoutExecutor>().TransferAsync(ct);
                await AdvanceAsync(walletControl, TimeSpan.FromSeconds(10), ct);
                await DrainInboxAsync(web, ct);
                var synced = await sp.GetRequiredService<PayoutStatusSync>().SyncAsync(ct);
                var withdrawn = await sp.GetRequiredService<PayoutExecutor>().WithdrawAsync(ct);
                output.Table(null, [new CliColumn("Step"), new CliColumn("Result")],
                [
                    ["generate", generated], ["transfer", transferred], ["status-sync", synced], ["withdraw", withdrawn],
                ]);
                await AdvanceAsync(walletControl, TimeSpan.FromMinutes(3), ct);
                await DrainInboxAsync(web, ct);
                await sp.GetRequiredService<PayoutStatusSync>().SyncAsync(ct);
            }

            var drift = await SummariseAsync(web, walletControl, ct);
            if (keepRunning)
            {
                await Say($"Up: Mirakl {mirakl.BaseAddress}, HiPay Wallet {wallet.BaseAddress}, connector {webBase}. Ctrl+C stops.");
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C.
                }
            }

            await web.StopAsync(CancellationToken.None);
            return drift;
        }

        /// <summary>The generated marketplace's payment cycles: the 1st, 11th and 21st from its start on.</summary>
        private static IEnumerable<DateTimeOffset> CycleDates(int count)
        {
            var day = MarketplaceStart;
            for (var found = 0; found < count; day = day.AddDays(1))
            {
                if (day.Day is 1 or 11 or 21)
                {
                    found++;
                    yield return day;
                }
            }
        }

        private static ConnectorSettings Settings(SimulatorHost mirakl, SimulatorHost wallet, MiraklSimulatorOptions miraklOptions,
            HiPayWalletSimulatorOptions walletOptions, string databasePath, Dictionary<string, string?> overrides)
        {
            var settings = SimulatorSettings.For(mirakl, miraklOptions, wallet, walletOptions,
                new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=" + databasePath },
                Path.Combine(Path.GetDirectoryName(databasePath)!, "tmp"));
            // The generated marketplace's cycles are at midnight UTC.
            settings.Cycle.TimeZone = "UTC";
            settings.Cycle.Hour = 0;
            settings.Cycle.Minute = 0;

            // --set tunes the demo's own settings (concurrency, rate limits, labels…): what a benchmark runs through.
            var errors = ConnectorSettings.Apply(settings, new ConfigurationBuilder().AddInMemoryCollection(overrides).Build());
            if (errors.Count > 0)
            {
                throw new ConfigurationException(errors);
            }

            ConnectorConfigurationValidator.ThrowIfInvalid(settings, SettingsScope.All);
            return settings;
        }

        /// <summary>Credits the technical wallet with what the invoices will pay out, as the marketplace's cash-in would.</summary>
        private static async Task<string> FundTechnicalAccountAsync(SimulatorHost mirakl, HttpClient walletControl, CancellationToken ct)
        {
            using var miraklClient = new HttpClient { BaseAddress = mirakl.BaseAddress };
            miraklClient.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "operator-key");
            long total = 0;
            for (var offset = 0; ; offset += 100)
            {
                var page = await miraklClient.GetFromJsonAsync<System.Text.Json.JsonElement>(
                    $"/api/invoices?type=AUTO_INVOICE&max=100&offset={offset}&start_date=2000-01-01T00:00:00Z&end_date=2100-01-01T00:00:00Z", ct);
                var invoices = page.GetProperty("invoices");
                foreach (var invoice in invoices.EnumerateArray())
                {
                    var summary = invoice.GetProperty("summary");
                    total += Math.Max(0, ToMinor(summary.GetProperty("amount_transferred").GetDecimal()))
                        + Math.Max(0, ToMinor(summary.GetProperty("amount_transferred_to_operator").GetDecimal()));
                }

                if (invoices.GetArrayLength() < 100)
                {
                    break;
                }
            }

            using var response = await walletControl.PostAsJsonAsync("/_sim/wallet/credit", new { amountMinor = total, label = "SALES transactions: demo" }, ct);
            response.EnsureSuccessStatusCode();
            return Core.Money.Money.Of(total, "EUR").ToString();
        }

        private static long ToMinor(decimal amount) => Core.Money.Money.FromDecimal(amount, Core.Money.Currency.EUR).MinorUnits;

        private static async Task AdvanceAsync(HttpClient walletControl, TimeSpan by, CancellationToken ct)
        {
            // In steps, so that each delivery lands before the next scheduled event is due.
            for (var elapsed = TimeSpan.Zero; elapsed < by; elapsed += TimeSpan.FromSeconds(5))
            {
                using var response = await walletControl.PostAsJsonAsync("/_sim/clock/advance", new { seconds = 5 }, ct);
                response.EnsureSuccessStatusCode();
            }
        }

        /// <summary>Applies every stored notification that is due, through the same dispatcher as the web host.</summary>
        private static Task<int> DrainInboxAsync(Microsoft.AspNetCore.Builder.WebApplication web, CancellationToken ct) =>
            web.Services.GetRequiredService<InboxDispatcher>().DrainAsync(ct);

        private async Task<int> SummariseAsync(Microsoft.AspNetCore.Builder.WebApplication web, HttpClient walletControl, CancellationToken ct)
        {
            await using var db = web.Services.GetRequiredService<Func<ConnectorDbContext>>()();
            var vendors = await db.Vendors.AsNoTracking().ToListAsync(ct);
            var legs = await db.Legs.AsNoTracking().ToListAsync(ct);
            var shops = new DemoShops(vendors.Count(v => v.HiPayAccountId is not null), vendors.Count(v => v.Identified),
                vendors.Count(v => !v.PaymentBlocked), vendors.Count(v => !v.Enabled));
            var byStatus = legs.GroupBy(l => (l.Kind, l.Status)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Status)
                .Select(g => new DemoLegCount(g.Key.Kind, g.Key.Status, g.Count())).ToList();
            var cycles = DemoFinance.Cycles(legs);
            var waiting = DemoFinance.Waiting(legs);
            var netting = legs.GroupBy(l => l.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new DemoDebts(g.Key, -g.Where(l => l.Status == LegStatus.Adjusted).Sum(l => l.AmountMinor),
                    -g.Where(l => l.Status == LegStatus.PendingNetting).Sum(l => l.AmountMinor)))
                .ToList();
            var drift = await ReconcileAsync(legs, walletControl, ct);

            output.WriteJson(new { shops, legs = byStatus, cycles, waiting, debts = netting, reconciliation = new { drift } });
            await Say("");
            output.Record("Shops", shops);
            output.Table("Legs by status", [new CliColumn("Kind"), new CliColumn("Status"), new CliColumn("Legs", true)],
                byStatus.Select(l => (IReadOnlyList<object?>)[l.Kind, l.Status, l.Legs]));
            output.Table("Money per cycle", [new CliColumn("Cycle"), new CliColumn("Currency"), new CliColumn("Legs", true), new CliColumn("Owed", true),
                    new CliColumn("Paid to banks", true), new CliColumn("Waiting", true)],
                cycles.Select(c => (IReadOnlyList<object?>)[c.CycleDate, c.Currency, c.Legs, Format(c.OwedMinor, c.Currency),
                    Format(c.PaidToBanksMinor, c.Currency), Format(c.WaitingMinor, c.Currency)]));
            output.Table("Waiting, and why", [new CliColumn("Cycle"), new CliColumn("Currency"), new CliColumn("Status"), new CliColumn("Why"),
                    new CliColumn("Legs", true), new CliColumn("Amount", true)],
                waiting.Select(w => (IReadOnlyList<object?>)[w.CycleDate, w.Currency, w.Status, w.Reason, w.Legs, Format(w.AmountMinor, w.Currency)]));
            output.Table("Debts (negative invoices)", [new CliColumn("Currency"), new CliColumn("Netted into payouts", true), new CliColumn("Awaiting netting", true)],
                netting.Select(d => (IReadOnlyList<object?>)[d.Currency, Format(d.NettedMinor, d.Currency), Format(d.AwaitingMinor, d.Currency)]));
            await Say(drift == 0 ? "Reconciliation: 0 drift (every transferred leg is exactly one HiPay transfer of the same amount)" : $"Reconciliation: {drift} difference(s)");
            return drift;
        }

        /// <summary>Our legs against the simulator's books: one transfer per transferred leg, same amount, nothing extra.</summary>
        private async Task<int> ReconcileAsync(List<Leg> legs, HttpClient walletControl, CancellationToken ct)
        {
            var books = await walletControl.GetFromJsonAsync<System.Text.Json.JsonElement>("/_sim/wallet/books", ct);
            var transfers = books.GetProperty("transactions").EnumerateArray()
                .Where(t => t.TryGetProperty("merchantUniqueId", out var m) && m.GetString()?.StartsWith("TRANSFER_", StringComparison.Ordinal) == true)
                .GroupBy(t => t.GetProperty("merchantUniqueId").GetString()!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var drift = 0;
            foreach (var leg in legs.Where(l => l.TransferId is not null))
            {
                if (!transfers.TryGetValue(leg.TransferMerchantUniqueId, out var found) || found.Count != 1)
                {
                    drift++;
                    await Say($"    leg {leg.Id} ({leg.MerchantUniqueId}): {(found is null ? "no" : found.Count.ToString(CultureInfo.InvariantCulture))} HiPay transfer(s)");
                    continue;
                }

                if (found[0].GetProperty("amount").GetInt64() != leg.AmountMinor)
                {
                    drift++;
                    await Say($"    leg {leg.Id} ({leg.MerchantUniqueId}): amount {leg.AmountMinor} vs HiPay {found[0].GetProperty("amount").GetInt64()}");
                }
            }

            var ours = legs.Select(l => l.TransferMerchantUniqueId).ToHashSet(StringComparer.Ordinal);
            foreach (var extra in transfers.Keys.Where(k => !ours.Contains(k)))
            {
                drift++;
                await Say($"    HiPay transfer {extra} matches no leg");
            }

            return drift;
        }

        private static string Format(long minor, string currency) => Core.Money.Money.Of(minor, currency).ToString();

        private Task Say(string line)
        {
            output.Line(line);
            return Task.CompletedTask;
        }
    }
}
