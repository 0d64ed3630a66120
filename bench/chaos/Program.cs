using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Safety;
using HiPayMirakl.IntegrationTests.Support;

// dotnet run --project bench/chaos -c Release -- fuzz [--cases 100000] [--out bench/results]
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

    default:
        Console.Error.WriteLine("usage: chaos-bench fuzz [--cases N] [--parallelism N] [--out DIR]");
        return 2;
}

static string Line(FuzzEndpointReport r) => string.Create(CultureInfo.InvariantCulture,
    $"{r.Endpoint}: {r.Cases} cases in {r.Seconds} s; 5xx {r.ServerErrors} (503 cannot-verify-now {r.DeferredCannotVerifyNow}), no answer {r.NoAnswer}, forged accepted {r.ForgedAccepted}/{r.ForgedCases}, rows from refused bodies {r.RowsFromRefusedBodies}, accepted {r.Accepted}, inbox {r.InboxRowsBefore}->{r.InboxRowsAfter}, GC heap {r.GcHeapBeforeBytes / 1024} KiB -> {r.GcHeapAfterBytes / 1024} KiB, RSS {r.WorkingSetBeforeBytes / 1048576} MiB -> {r.WorkingSetAfterBytes / 1048576} MiB");

static Dictionary<string, string> Options(string[] args)
{
    var map = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        map[args[i].TrimStart('-')] = args[i + 1];
    }

    return map;
}
