using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Safety;
using HiPayMirakl.IntegrationTests.Support;

// dotnet run --project bench/chaos -c Release -- fuzz [--cases 100000] [--out bench/results]
// dotnet run --project bench/chaos -c Release -- chaos [--legs 10000] [--fault-rate 0.12] [--kills 20] [--seed N] [--database sqlite|postgres]
//   (default postgres when HIPAYMIRAKL_TEST_POSTGRES names a server: several connector processes on one SQLite file crawl)
// dotnet run --project bench/chaos -c Release -- multiprocess [--processes 4] [--rounds 6] [--legs 2000]
var command = args.FirstOrDefault() ?? "help";
var options = Options(args.Skip(1).ToArray());
var outDir = options.GetValueOrDefault("out", Path.Combine("bench", "results"));
Directory.CreateDirectory(outDir);
var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
var json = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

switch (command)
{
    case "fuzz":
    {
        var cases = int.Parse(options.GetValueOrDefault("cases", "100000"), CultureInfo.InvariantCulture);
        var parallelism = int.Parse(options.GetValueOrDefault("parallelism", "8"), CultureInfo.InvariantCulture);
        var reports = new List<FuzzEndpointReport>();
        await using (var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false))
        {
            var fuzzer = new NotificationFuzzer(harness, seed: 2026);
            await fuzzer.SeedAsync();
            reports.Add(await fuzzer.WalletAsync(cases, parallelism));
            Console.WriteLine(Line(reports[^1]));
        }

        await using (var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false, enterprise: _ => { }))
        {
            reports.Add(await new NotificationFuzzer(harness, seed: 2026).EnterpriseAsync(cases, parallelism));
            Console.WriteLine(Line(reports[^1]));
        }

        var file = Path.Combine(outDir, $"fuzz-{stamp}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { run = "fuzz", casesPerEndpoint = cases, endpoints = reports }, json));
        Console.WriteLine("written " + file);
        var clean = reports.All(r => r.ServerErrors == 0 && r.NoAnswer == 0 && r.ForgedAccepted == 0 && r.RowsFromRefusedBodies == 0);
        return clean ? 0 : 1;
    }

    case "chaos":
    {
        var legs = Int("legs", 10_000);
        var provider = options.GetValueOrDefault("database", Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable) is null ? "sqlite" : "postgres").ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" => DatabaseProvider.Postgres,
            var other => throw new ArgumentException("--database: sqlite or postgres, not " + other),
        };
        var chaos = new ChaosOptions
        {
            Legs = legs,
            FaultRate = double.Parse(options.GetValueOrDefault("fault-rate", "0.12"), CultureInfo.InvariantCulture),
            Kills = Int("kills", 20),
            Seed = Int("seed", 2026),
            Provider = provider,
            DirectDebitShops = Int("sdd-shops", Math.Max(3, legs / 500)),
            // Kills spread over the work: a few seconds apart at test size, tens of seconds for ten thousand legs.
            MinKillGap = TimeSpan.FromSeconds(Int("min-kill-gap", 4)),
            MaxKillGap = TimeSpan.FromSeconds(Int("max-kill-gap", 30)),
            ChaosLimit = TimeSpan.FromMinutes(Int("chaos-minutes", 40)),
            SettleLimit = TimeSpan.FromMinutes(Int("settle-minutes", 15)),
            Log = line => Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {line}"),
        };
        var report = await new ChaosRun(chaos).RunAsync();
        Console.WriteLine(ChaosTable(report));
        var file = Path.Combine(outDir, $"chaos-{stamp}.json");
        await File.WriteAllTextAsync(file, ChaosRun.Json(report));
        Console.WriteLine("written " + file);
        return report.Clean ? 0 : 1;
    }

    case "multiprocess":
    {
        var run = new MultiProcessOptions
        {
            Processes = Math.Clamp(Int("processes", 4), 2, 4),
            Rounds = Int("rounds", 6),
            Legs = Int("legs", 2000),
            Seed = Int("seed", 2026),
            Log = line => Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {line}"),
        };
        var report = await new ChaosMultiProcessRun(run).RunAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Processes} processes, {report.Rounds} rounds, {report.CliRuns} CLI runs ({report.CliFailedExits} failed): {report.Legs} legs, {report.LegsPaid} paid; {report.MoneyPosts} money POSTs, duplicates {report.DuplicatePosts}, double payments {report.DoublePayments}, lost legs {report.LostLegs}, unsettled {report.UnsettledLegs} ({report.Seconds} s)"));
        foreach (var failure in report.Failures)
        {
            Console.WriteLine("FAIL " + failure);
        }

        var file = Path.Combine(outDir, $"multiprocess-{stamp}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, json));
        Console.WriteLine("written " + file);
        return report.Clean ? 0 : 1;
    }

    default:
        Console.Error.WriteLine("usage: chaos-bench fuzz [--cases N] [--parallelism N] [--out DIR]");
        Console.Error.WriteLine("       chaos-bench chaos [--legs N] [--fault-rate R] [--kills N] [--seed N] [--database sqlite|postgres] [--out DIR]");
        Console.Error.WriteLine("       chaos-bench multiprocess [--processes 2-4] [--rounds N] [--legs N] [--out DIR]");
        return 2;
}

static string Line(FuzzEndpointReport r) => string.Create(CultureInfo.InvariantCulture,
    $"{r.Endpoint}: {r.Cases} cases in {r.Seconds} s; 5xx {r.ServerErrors} (503 cannot-verify-now {r.DeferredCannotVerifyNow}), no answer {r.NoAnswer}, forged accepted {r.ForgedAccepted}/{r.ForgedCases}, rows from refused bodies {r.RowsFromRefusedBodies}, accepted {r.Accepted}, inbox {r.InboxRowsBefore}->{r.InboxRowsAfter}, GC heap {r.GcHeapBeforeBytes / 1024} KiB -> {r.GcHeapAfterBytes / 1024} KiB, RSS {r.WorkingSetBeforeBytes / 1048576} MiB -> {r.WorkingSetAfterBytes / 1048576} MiB");

int Int(string name, int fallback) => int.Parse(options.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

static string ChaosTable(ChaosReport r)
{
    var rows = new (string Name, string Value)[]
    {
        ("legs (paid / held / all)", $"{r.LegsPaid} / {r.LegsHeld} / {r.Legs} from {r.Invoices} invoices"),
        ("kills (SIGKILL) / restarts", $"{r.Kills} / {r.Restarts} ({string.Join(", ", r.KillsByProcess.Select(k => $"{k.Key} {k.Value}"))})"),
        ("provider calls / faulted", $"{r.ProviderCalls} / {r.FaultedCalls} ({r.FaultedShare:P1})"),
        ("faults by kind", string.Join(", ", r.FaultsByKind.Select(k => $"{k.Key} {k.Value}"))),
        ("faults by simulator", string.Join(", ", r.FaultsBySimulator.Select(k => $"{k.Key} {k.Value}"))),
        ("notifications sent / duplicated / dropped", $"{r.NotificationsSent} / {r.NotificationsDuplicated} / {r.NotificationsDropped}"),
        ("SDD plan periods collected", $"{r.DirectDebitPeriodsCollected} / {r.DirectDebitPeriods}"),
        ("SDD debts collected", $"{r.DirectDebitDebtsCollected} / {r.DirectDebitDebts}"),
        ("double transfers", Zero(r.DoubleTransfers)),
        ("double withdrawals", Zero(r.DoubleWithdrawals)),
        ("paid legs not exactly once", Zero(r.PaidLegsNotExactlyOnce)),
        ("bookings for no leg", Zero(r.StrayBookings)),
        ("books - invoices (minor units)", string.Join(", ", r.BooksMinusInvoicesMinor.Select(k => $"{k.Key} {k.Value}"))),
        ("reconcile drift", Zero(r.ReconcileDrift)),
        ("stuck legs without alert", Zero(r.StuckLegsWithoutAlert)),
        ("lost legs", Zero(r.LostLegs)),
        ("plan periods charged twice", Zero(r.PeriodsChargedTwice)),
        ("debts charged twice", Zero(r.DebtsChargedTwice)),
        ("debt charged - debt collected", Zero(r.DebtChargedMinusDebtMinor)),
        ("settled under chaos", r.SettledUnderChaos ? "yes" : $"no (faults lifted after {r.ChaosSeconds} s, settled in {r.SettleSeconds} s)"),
        ("time", $"{r.TotalSeconds} s"),
    };
    var width = rows.Max(x => x.Name.Length);
    return string.Join(Environment.NewLine, rows.Select(x => x.Name.PadRight(width) + "  " + x.Value))
        + (r.Clean ? Environment.NewLine + "all invariants hold" : Environment.NewLine + string.Join(Environment.NewLine, r.Failures.Take(40).Select(f => "FAIL " + f)));
}

static string Zero(long count) => count == 0 ? "0" : count.ToString(CultureInfo.InvariantCulture) + "  <-- FAIL";

static Dictionary<string, string> Options(string[] args)
{
    var map = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        map[args[i].TrimStart('-')] = args[i + 1];
    }

    return map;
}
