using System.Diagnostics;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Scheduling;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Simulator.Common;

namespace HiPayMirakl.IntegrationTests.Safety;

/// <summary>How many connector processes, how many rounds of jobs started together, how much work.</summary>
public sealed record MultiProcessOptions
{
    public int Processes { get; init; } = 4;

    public int Rounds { get; init; } = 6;

    public int Legs { get; init; } = 1000;

    public int Seed { get; init; } = 2026;

    public Action<string> Log { get; init; } = _ => { };
}

/// <summary>What several processes did to one database and one HiPay: the properties are the zero counts.</summary>
public sealed record MultiProcessReport
{
    public int Processes { get; init; }
    public int Rounds { get; init; }
    public int Invoices { get; init; }
    public int Legs { get; init; }
    public int LegsPaid { get; init; }
    public int ServeNodes { get; init; }
    public int CliRuns { get; init; }
    public int CliFailedExits { get; init; }
    public int MoneyPosts { get; init; }
    public IReadOnlyDictionary<string, int> FaultsByKind { get; init; } = new Dictionary<string, int>();
    public int DuplicatePosts { get; init; }
    public int MerchantUniqueIdsPostedMoreThanOnce { get; init; }
    public int DoublePayments { get; init; }
    public int LostLegs { get; init; }
    public int UnsettledLegs { get; init; }
    public double Seconds { get; init; }
    public IReadOnlyList<string> Failures { get; init; } = [];

    public bool Clean => Failures.Count == 0;
}

/// <summary>
/// 2–4 connector processes on one fresh PostgreSQL database: each runs `serve` with the payout jobs on a fast
/// schedule (a Quartz cluster over the database), and every round starts as many CLI jobs at once (`cashout:run`,
/// `jobs run transfer`, `cashout:withdraw`, `cashout:status-sync`) while HiPay is slow and loses some answers after the
/// money moved. Counts every transfer or withdrawal POSTed more than once for one merchant_unique_id (only a lookup may
/// follow a lost answer, never a second POST), double payments, and legs lost or left unsettled.
/// </summary>
public sealed class ChaosMultiProcessRun(MultiProcessOptions options)
{
    private const string Cron = "0/2 * * * * ?";
    private static readonly string[] PayoutJobs = ["transfer", "withdraw", "status-sync"];

    public async Task<MultiProcessReport> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Postgres, processInbox: false, wallet: o => o.Seed = options.Seed);
        harness.Settings.HiPayWallet.TimeoutSeconds = 5;
        harness.Settings.Cycle.Concurrency = 8;
        harness.Settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        harness.Settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        harness.Settings.Cycle.MaxAttempts = 100;
        harness.Settings.Scheduler.Enabled = true;
        HiPayMirakl.Core.Configuration.ConnectorConfigurationValidator.ThrowIfInvalid(harness.Settings, HiPayMirakl.Core.Configuration.SettingsScope.All);

        var invoices = Math.Max(1, options.Legs / 2);
        var shops = Math.Clamp(invoices / 50, 4, 800);
        for (var shop = 5001; shop < 5001 + shops; shop++)
        {
            await PayoutWorld.SeedVendorAsync(harness, shop);
        }

        foreach (var batch in Enumerable.Range(0, invoices).Chunk(16))
        {
            await Task.WhenAll(batch.Select(i => PayoutWorld.SeedInvoiceAsync(harness, 300_000 + i, 5001 + (i % shops), 10m + (i % 97) + (i % 89 / 100m), 1m + (i % 7) + (i % 13 / 100m))));
        }

        await PayoutWorld.FundTechnicalAsync(harness, 1_000_000_000);
        var faults = harness.Wallet.Get<FaultRegistry>();
        string[] injected =
        [
            faults.Add(new FaultRule("mp:drop-post", FaultKind.DropAfterApply, "POST", "^/api/(transfer|withdrawal)$", Probability: 0.03)),
            faults.Add(new FaultRule("mp:hang-post", FaultKind.HangAfterApply, "POST", "^/api/(transfer|withdrawal)$", Probability: 0.02)),
            faults.Add(new FaultRule("mp:fail-post", FaultKind.FailAfterApply, "POST", "^/api/(transfer|withdrawal)$", Probability: 0.03)),
            faults.Add(new FaultRule("mp:503-get", FaultKind.Status, "GET", "^/api/transaction/", Probability: 0.05, StatusCode: 503)),
            faults.Add(new FaultRule("mp:slow-post", FaultKind.Latency, "POST", "^/api/(transfer|withdrawal)$", Probability: 0.3, LatencyMs: 800)),
        ];

        var args = harness.CliArgs();
        var schedule = JobSchedule.Jobs.SelectMany(j => PayoutJobs.Contains(j.Name)
            ? new[] { "--set", $"Scheduler:Jobs:{j.Name}:Enabled=true", "--set", $"Scheduler:Jobs:{j.Name}:Cron={Cron}" }
            : ["--set", $"Scheduler:Jobs:{j.Name}:Enabled=false"]).ToArray();
        string[][] commands =
        [
            ["cashout:run", "--cycle-date", ChaosRun.CycleDate, "--window-before", "12h"],
            ["jobs", "run", "transfer"],
            ["cashout:withdraw"],
            ["cashout:status-sync"],
        ];
        var nodes = Enumerable.Range(0, options.Processes).Select(_ => ConnectorProcess.Start([.. args, .. schedule, "serve", "--urls", "http://127.0.0.1:0"])).ToList();
        int cliRuns = 0, cliFailed = 0;
        var faultsByKind = new Dictionary<string, int>(StringComparer.Ordinal);
        var printed = new List<string>();
        try
        {
            for (var round = 0; round < options.Rounds; round++)
            {
                // Every process index starts a job at the same moment; round 0 is every process generating and paying at once.
                var jobs = Enumerable.Range(0, options.Processes)
                    .Select(p => ConnectorProcess.Start([.. args, .. commands[round == 0 ? 0 : (p + round) % commands.Length]])).ToList();
                using var advancing = new CancellationTokenSource();
                var advance = AdvanceWhileAsync(harness, advancing.Token);
                foreach (var job in jobs)
                {
                    var exit = await job.WaitAsync(TimeSpan.FromMinutes(10));
                    cliRuns++;
                    if (exit != 0)
                    {
                        cliFailed++;
                        printed.Add(job.Summary());
                    }

                    job.Dispose();
                }

                await advancing.CancelAsync();
                await advance;
                options.Log($"round {round + 1}/{options.Rounds}: {await ProgressAsync(harness)}");
            }

            faultsByKind = faults.List().Where(r => injected.Contains(r.Rule.Id!))
                .GroupBy(r => r.Rule.Kind.ToString()).ToDictionary(g => g.Key, g => g.Sum(r => r.Fired), StringComparer.Ordinal);
            foreach (var id in injected)
            {
                faults.Remove(id);
            }

            // The nodes' schedule finishes what the rounds left (lost answers are looked up once the faults are gone).
            for (var wait = 0; wait < 120 && !await AllPaidAsync(harness); wait++)
            {
                await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(30));
                await Task.Delay(1000);
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (node.HasExited)
                {
                    printed.Add("serve ended early: " + node.Summary());
                }

                node.Dispose();
            }
        }

        for (var round = 0; round < 4 && !await AllPaidAsync(harness); round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }

        return await AuditAsync(harness, invoices, nodes.Count, cliRuns, cliFailed, printed, clock.Elapsed) with { FaultsByKind = faultsByKind };
    }

    private static async Task AdvanceWhileAsync(ConnectorHarness harness, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(30));
            try
            {
                await Task.Delay(1000, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<bool> AllPaidAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Legs.AnyAsync() && await db.Legs.AllAsync(l => l.Status == LegStatus.WithdrawSuccess);
    }

    private static async Task<string> ProgressAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        var byStatus = await db.Legs.AsNoTracking().GroupBy(l => l.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        return string.Join(", ", byStatus.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Count}"));
    }

    private async Task<MultiProcessReport> AuditAsync(ConnectorHarness harness, int invoices, int nodes, int cliRuns, int cliFailed, List<string> printed, TimeSpan elapsed)
    {
        var failures = new List<string>();
        await using var db = harness.CreateDbContext();
        var legs = await db.Legs.AsNoTracking().ToListAsync();
        var tally = await WalletPosts.TallyAsync(harness);
        var ids = legs.SelectMany(l => new[] { ("Transfer", l.TransferMerchantUniqueId), ("Withdrawal", l.WithdrawalMerchantUniqueId) }).ToHashSet();
        var posted = tally.Where(t => ids.Contains((t.Kind, t.MerchantUniqueId))).ToList();
        var twice = posted.Where(t => t.Posts > 1).ToList();
        var doubles = tally.Count(t => t.Booked > 1 || t.Accepted > 1) + tally.Count(t => t.Accepted > 0 && !ids.Contains((t.Kind, t.MerchantUniqueId)));
        var perInvoice = legs.Where(l => l.InvoiceId != null).GroupBy(l => l.InvoiceId!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var lost = Enumerable.Range(0, invoices).Sum(i => Math.Max(0, 2 - perInvoice.GetValueOrDefault((300_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var unsettled = legs.Where(l => l.Status != LegStatus.WithdrawSuccess).ToList();
        foreach (var t in twice.Take(20))
        {
            failures.Add("posted more than once: " + t);
        }

        if (doubles > 0)
        {
            failures.Add($"{doubles} double payments (or payments for no leg)");
        }

        if (lost > 0)
        {
            failures.Add($"{lost} legs lost");
        }

        foreach (var leg in unsettled.Take(20))
        {
            failures.Add($"leg {leg.Id} left {leg.Status}: {leg.LastError}");
        }

        if (failures.Count > 0)
        {
            options.Log(string.Join('\n', printed.Select(p => p.Length > 3000 ? p[..3000] : p).TakeLast(6)));
        }

        return new MultiProcessReport
        {
            Processes = options.Processes,
            Rounds = options.Rounds,
            Invoices = invoices,
            Legs = legs.Count,
            LegsPaid = legs.Count - unsettled.Count,
            ServeNodes = nodes,
            CliRuns = cliRuns,
            CliFailedExits = cliFailed,
            MoneyPosts = posted.Sum(t => t.Posts),
            DuplicatePosts = twice.Sum(t => t.Posts - 1),
            MerchantUniqueIdsPostedMoreThanOnce = twice.Count,
            DoublePayments = doubles,
            LostLegs = lost,
            UnsettledLegs = unsettled.Count,
            Seconds = Math.Round(elapsed.TotalSeconds, 1),
            Failures = failures,
        };
    }
}
