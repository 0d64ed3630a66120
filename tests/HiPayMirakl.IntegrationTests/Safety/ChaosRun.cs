using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Scheduling;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.DirectDebit;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Common;

namespace HiPayMirakl.IntegrationTests.Safety;

/// <summary>The size and the roughness of one chaos run.</summary>
public sealed record ChaosOptions
{
    /// <summary>Payout legs to settle (two per invoice: the seller's share and the operator's commission).</summary>
    public int Legs { get; init; } = 300;

    /// <summary>Share of provider calls (Mirakl, HiPay Wallet, HiPay Enterprise) answered by a fault.</summary>
    public double FaultRate { get; init; } = 0.1;

    /// <summary>SIGKILLs of a connector process, at random points.</summary>
    public int Kills { get; init; } = 4;

    public int Seed { get; init; } = 2026;

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>Shops paying their marketplace debt, and a monthly plan, by SEPA direct debit.</summary>
    public int DirectDebitShops { get; init; } = 3;

    /// <summary>Random time between two kills.</summary>
    public TimeSpan MinKillGap { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxKillGap { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>How long the faulted, killed phase may last before the faults are lifted to let the work settle.</summary>
    public TimeSpan ChaosLimit { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long the calm phase (no faults, no kills) may last after the chaos before the audit.</summary>
    public TimeSpan SettleLimit { get; init; } = TimeSpan.FromMinutes(3);

    public Action<string> Log { get; init; } = _ => { };
}

/// <summary>Counts of one run; the invariants are the zero counts and <see cref="Failures"/>.</summary>
public sealed record ChaosReport
{
    public string Provider { get; init; } = "";
    public int Seed { get; init; }
    public int Invoices { get; init; }
    public int Legs { get; init; }
    public IReadOnlyDictionary<string, int> LegsByStatus { get; init; } = new Dictionary<string, int>();
    public int LegsPaid { get; init; }
    public int LegsHeld { get; init; }
    public int Kills { get; init; }
    public int Restarts { get; init; }
    public IReadOnlyDictionary<string, int> KillsByProcess { get; init; } = new Dictionary<string, int>();
    public int CleanExits { get; init; }
    public int FailedExits { get; init; }
    public long ProviderCalls { get; init; }
    public long FaultedCalls { get; init; }
    public double FaultedShare { get; init; }
    public IReadOnlyDictionary<string, int> FaultsByKind { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> FaultsBySimulator { get; init; } = new Dictionary<string, int>();
    public int NotificationsDuplicated { get; init; }
    public int NotificationsDropped { get; init; }
    public int NotificationsSent { get; init; }
    public int DirectDebitPeriods { get; init; }
    public int DirectDebitPeriodsCollected { get; init; }
    public int DirectDebitDebts { get; init; }
    public int DirectDebitDebtsCollected { get; init; }
    public int DoubleTransfers { get; init; }
    public int DoubleWithdrawals { get; init; }
    public int PaidLegsNotExactlyOnce { get; init; }
    public int StrayBookings { get; init; }
    public IReadOnlyDictionary<string, long> BooksMinusInvoicesMinor { get; init; } = new Dictionary<string, long>();
    public int ReconcileDrift { get; init; }
    public int StuckLegsWithoutAlert { get; init; }
    public int LostLegs { get; init; }
    public int PeriodsChargedTwice { get; init; }
    public int DebtsChargedTwice { get; init; }
    public long DebtChargedMinusDebtMinor { get; init; }
    public bool SettledUnderChaos { get; init; }
    public double ChaosSeconds { get; init; }
    public double SettleSeconds { get; init; }
    public double TotalSeconds { get; init; }
    public IReadOnlyList<string> Failures { get; init; } = [];

    public bool Clean => Failures.Count == 0;
}

/// <summary>
/// Proves "every seller paid exactly once" under chaos: the simulators (strict books: HiPay does not de-duplicate on
/// our behalf) live in this process, the connector runs as separate OS processes (a `serve` node on a fast schedule
/// and `cashout:run` in a loop) that are SIGKILLed at random points and restarted, while a share of every provider's
/// calls fail (5xx, 429, malformed bodies, hangs, answers lost after the money moved) and notifications are
/// duplicated, reordered and dropped. SEPA direct debits (a monthly plan per shop, and debt collection) run alongside.
/// The audit reads the simulators' books and journals and our database.
/// </summary>
public sealed class ChaosRun(ChaosOptions options)
{
    public const string CycleDate = "2026-03-11";
    private const int FirstInvoice = 100_000;
    private const long FirstShop = 4001;
    private const long FirstDebtShop = 4901;
    private const string Cron = "0/2 * * * * ?";

    private static readonly string[] ServeJobs = ["transfer", "withdraw", "status-sync", DirectDebitScheduleJob, DirectDebitDebtJob];
    private const string DirectDebitScheduleJob = "sdd-schedules";
    private const string DirectDebitDebtJob = "debt-collection";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static readonly LegStatus[] Paid = [LegStatus.WithdrawSuccess];
    private static readonly LegStatus[] Held = [LegStatus.TransferHeld, LegStatus.WithdrawHeld];

    private readonly Random _random = new(options.Seed);
    private readonly List<string> _faultIds = [];
    private readonly Dictionary<string, int> _killsByProcess = new(StringComparer.Ordinal);
    private int _kills;
    private int _restarts;
    private int _cleanExits;
    private int _failedExits;
    private (Dictionary<string, int> ByKind, long Calls, Dictionary<string, int> BySimulator)? _chaosCounts;

    public async Task<ChaosReport> RunAsync()
    {
        var total = Stopwatch.StartNew();
        await using var harness = await ConnectorHarness.StartAsync(options.Provider, processInbox: false,
            enterprise: o => o.Seed = options.Seed, wallet: o => o.Seed = options.Seed);
        Configure(harness.Settings);
        var world = await SeedAsync(harness);
        Log($"seeded {world.Invoices.Count} invoices ({world.PayoutInvoices * 2} payout legs), {world.DebtShops.Count} direct-debit shops, {world.Schedules.Count} plans due");

        AddFaults(harness);
        await harness.WalletControl.PostSimAsync("/_sim/outbox/modes", new { duplicate = true, reorder = true });
        await harness.Sim().PostSimAsync("/_sim/outbox/modes", new { duplicate = true, reorder = true });

        var args = harness.CliArgs();
        var serveArgs = args.Concat(ScheduleOnly(ServeJobs)).Concat(["serve", "--urls", "http://127.0.0.1:0"]).ToArray();
        string[] cycleArgs = [.. args, "cashout:run", "--cycle-date", CycleDate, "--window-before", "12h"];
        var children = new Dictionary<string, ConnectorProcess?>(StringComparer.Ordinal) { ["serve"] = null, ["cashout:run"] = null };
        var argsOf = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["serve"] = serveArgs, ["cashout:run"] = cycleArgs };
        var printed = new List<string>();

        var chaos = Stopwatch.StartNew();
        var nextKill = NextKillGap();
        var nextCheck = TimeSpan.Zero;
        var nextBankDay = TimeSpan.FromSeconds(3);
        var settled = false;
        var workSinceKill = false;
        var lastProgress = "";
        var settledUnderChaos = false;
        var chaosTime = TimeSpan.Zero;
        Stopwatch? calm = null;
        try
        {
            while (true)
            {
                foreach (var name in children.Keys.ToList())
                {
                    var child = children[name];
                    if (child is null || child.HasExited)
                    {
                        if (child is not null)
                        {
                            CountExit(child, printed);
                        }

                        children[name] = ConnectorProcess.Start(argsOf[name]);
                        if (child is not null)
                        {
                            _restarts++;
                        }
                    }
                }

                var elapsed = chaos.Elapsed;
                // A kill lands while work is going on: not before the processes have moved something since the last one.
                if (calm is null && _kills < options.Kills && elapsed >= nextKill && workSinceKill)
                {
                    var running = children.Where(c => c.Value is { HasExited: false }).ToList();
                    var (name, victim) = running[_random.Next(running.Count)];
                    var pid = victim!.Id;
                    victim.Kill();
                    printed.Add($"killed {victim.Summary()}");
                    victim.Dispose();
                    await ExpireLeasesOfAsync(harness, pid);
                    children[name] = null;
                    _kills++;
                    workSinceKill = false;
                    _killsByProcess[name] = _killsByProcess.GetValueOrDefault(name) + 1;
                    Log($"kill {_kills}/{options.Kills}: {name} at {elapsed.TotalSeconds:F1} s");
                    nextKill = elapsed + NextKillGap();
                    continue;
                }

                // HiPay's time: captures, payouts and their notifications; the gateway's bank days for direct debits.
                await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(30));
                if (elapsed >= nextBankDay)
                {
                    await harness.Sim().PostSimAsync("/_sim/enterprise/clock/advance-bank-days", new { bankDays = 1 });
                    nextBankDay = elapsed + TimeSpan.FromSeconds(3);
                }

                if (calm is null && _random.NextDouble() < options.FaultRate)
                {
                    // Lost notifications: HiPay counts them as sent; only the connector's polling can find the outcome.
                    var sim = _random.Next(2) == 0 ? harness.WalletControl : harness.Sim();
                    await sim.PostSimAsync("/_sim/outbox/modes", new { dropNext = 1 });
                }

                if (elapsed >= nextCheck)
                {
                    nextCheck = elapsed + TimeSpan.FromSeconds(3);
                    settled = await SettledAsync(harness, world);
                    if (calm is null && settled && _kills >= options.Kills)
                    {
                        settledUnderChaos = true;
                        chaosTime = elapsed;
                        break;
                    }

                    if (calm is null && elapsed > options.ChaosLimit && _kills >= options.Kills)
                    {
                        chaosTime = elapsed;
                        Log($"not settled after {elapsed.TotalSeconds:F0} s of chaos: faults lifted, no more kills");
                        await LiftFaultsAsync(harness);
                        calm = Stopwatch.StartNew();
                    }

                    if (calm is not null && (settled || calm.Elapsed > options.SettleLimit))
                    {
                        break;
                    }

                    var progress = await ProgressAsync(harness);
                    workSinceKill |= progress.Length > 0 && progress != lastProgress;
                    lastProgress = progress;
                    Log(progress);
                }

                await Task.Delay(500);
            }
        }
        finally
        {
            foreach (var child in children.Values.Where(c => c is not null))
            {
                printed.Add(child!.Summary());
                child.Dispose();
            }
        }

        if (calm is null)
        {
            await LiftFaultsAsync(harness);
        }

        // Deliver whatever HiPay still has queued, then let nothing more move while the books are read.
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(10));
        var report = await AuditAsync(harness, world);
        report = report with
        {
            SettledUnderChaos = settledUnderChaos,
            ChaosSeconds = Math.Round(chaosTime.TotalSeconds, 1),
            SettleSeconds = Math.Round(calm?.Elapsed.TotalSeconds ?? 0, 1),
            TotalSeconds = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
        if (!report.Clean)
        {
            Log(string.Join('\n', printed.Select(p => p.Length > 3000 ? p[..3000] : p).TakeLast(6)));
        }

        return report;
    }

    private static void Configure(ConnectorSettings settings)
    {
        settings.HiPayWallet.TimeoutSeconds = 3;
        settings.HiPayEnterprise.TimeoutSeconds = 3;
        settings.Cycle.Concurrency = 8;
        settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        settings.Cycle.MaxAttempts = 100;
        settings.DirectDebit.DebtAgeThreshold = TimeSpan.Zero;
        settings.Scheduler.Enabled = true;
        ConnectorConfigurationValidator.ThrowIfInvalid(settings, SettingsScope.All);
    }

    private static IEnumerable<string> ScheduleOnly(string[] jobs) =>
        JobSchedule.Jobs.SelectMany(j => jobs.Contains(j.Name)
            ? new[] { "--set", $"Scheduler:Jobs:{j.Name}:Enabled=true", "--set", $"Scheduler:Jobs:{j.Name}:Cron={Cron}" }
            : ["--set", $"Scheduler:Jobs:{j.Name}:Enabled=false"]);

    /// <summary>
    /// A killed process's job leases expire on their own after JobRunner.LeaseDuration (10 minutes), which would stall
    /// that job on every node for as long after each kill. The run plays the expiry at once: leases are not what keeps
    /// money safe (legs are claimed one by one, and those claims are left to lapse by themselves).
    /// </summary>
    private static async Task ExpireLeasesOfAsync(ConnectorHarness harness, int pid)
    {
        var holder = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{pid}:");
        await using var db = harness.CreateDbContext();
        var leases = await db.JobLeases.AsNoTracking().Select(l => l.Holder).ToListAsync();
        var dead = leases.Where(l => l.StartsWith(holder, StringComparison.Ordinal)).ToList();
        await db.JobLeases.Where(l => dead.Contains(l.Holder)).ExecuteDeleteAsync();
    }

    private TimeSpan NextKillGap() =>
        options.MinKillGap + ((options.MaxKillGap - options.MinKillGap) * _random.NextDouble());

    private void CountExit(ConnectorProcess child, List<string> printed)
    {
        if (child.Process.ExitCode == 0)
        {
            _cleanExits++;
        }
        else
        {
            _failedExits++;
            printed.Add(child.Summary());
        }

        child.Dispose();
    }

    private void Log(string line) => options.Log(line);

    private sealed record World(
        List<(long Id, long Shop, long SellerMinor, long OperatorMinor)> Invoices,
        int PayoutInvoices,
        List<long> DebtShops,
        List<long> Schedules);

    private async Task<World> SeedAsync(ConnectorHarness harness)
    {
        var payoutInvoices = Math.Max(1, options.Legs / 2);
        var shops = Math.Clamp(payoutInvoices / 50, 4, 800);
        for (var shop = FirstShop; shop < FirstShop + shops; shop++)
        {
            await PayoutWorld.SeedVendorAsync(harness, shop);
        }

        var invoices = new List<(long, long, long, long)>();
        for (var i = 0; i < payoutInvoices; i++)
        {
            // Cents on every amount, so that a rounding error shows in the books.
            var seller = 1_000L + (i % 97 * 100) + (i % 89);
            var commission = 100L + (i % 7 * 100) + (i % 13);
            invoices.Add((FirstInvoice + i, FirstShop + (i % shops), seller, commission));
        }

        var debtShops = new List<long>();
        for (var k = 0; k < options.DirectDebitShops; k++)
        {
            var shop = FirstDebtShop + k;
            debtShops.Add(shop);
            await PayoutWorld.SeedVendorAsync(harness, shop);
            invoices.Add((FirstInvoice + payoutInvoices + k, shop, -(1_500 + (k * 101)), 0));
        }

        foreach (var batch in invoices.Chunk(16))
        {
            await Task.WhenAll(batch.Select(v => PayoutWorld.SeedInvoiceAsync(harness, v.Item1, v.Item2, v.Item3 / 100m, v.Item4 / 100m)));
        }

        await PayoutWorld.FundTechnicalAsync(harness, invoices.Sum(v => Math.Max(0, v.Item3) + v.Item4) + 1_000_000);

        // A mandate per direct-debit shop, its first debit collected (the next ones need only the recurring lead time).
        var mandates = new List<long>();
        foreach (var shop in debtShops)
        {
            var (mandateId, _, _) = await harness.FirstDebitAsync(shopId: shop);
            mandates.Add(mandateId);
        }

        await harness.AdvanceBankDaysAsync(12);
        var schedules = new List<long>();
        var day = DueDay(harness.Settings.DirectDebit.LeadTimeBankDays);
        if (day is { } due)
        {
            foreach (var mandateId in mandates)
            {
                var (status, schedule) = await harness.PostApiAsync("/api/sdd/schedules", new { mandateId, amount = "19.90", period = "monthly", day = due });
                Assert.True(status == 201, schedule.ToString());
                schedules.Add(schedule.GetProperty("id").GetInt64());
            }
        }
        else
        {
            Log("no monthly collection day is in today's send window (not a bank day?): direct-debit plans left out");
        }

        return new World([.. invoices.Select(v => (v.Item1, v.Item2, v.Item3, v.Item4))], payoutInvoices, debtShops, schedules);
    }

    /// <summary>A day of the month whose next collection is due to be sent today, so that the plans' job has work now.</summary>
    private static int? DueDay(int leadBankDays)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var day = 1; day <= 28; day++)
        {
            var schedule = new DirectDebitSchedule { Period = SchedulePeriod.Monthly, Day = day };
            var (_, collection) = schedule.NextCollection(today);
            if (SendWindow.Decide(today, collection, leadBankDays) == SendDecision.Send)
            {
                return day;
            }
        }

        return null;
    }

    private void AddFaults(ConnectorHarness harness)
    {
        var rate = options.FaultRate;
        Add(harness.Mirakl, "mirakl", "GET", "^/api/", rate,
            [new(null, FaultKind.Status, StatusCode: 500), new(null, FaultKind.RateLimited, RetryAfterSeconds: 1), new(null, FaultKind.Malformed)]);
        Add(harness.Wallet, "wallet-post", "POST", "^/api/(transfer|withdrawal)$", rate,
        [
            new(null, FaultKind.Status, StatusCode: 503), new(null, FaultKind.RateLimited, RetryAfterSeconds: 1), new(null, FaultKind.DropAfterApply),
            new(null, FaultKind.HangAfterApply), new(null, FaultKind.FailAfterApply), new(null, FaultKind.Malformed),
        ]);
        Add(harness.Wallet, "wallet-get", "GET", "^/api/", rate,
            [new(null, FaultKind.Status, StatusCode: 502), new(null, FaultKind.RateLimited, RetryAfterSeconds: 1), new(null, FaultKind.Hang), new(null, FaultKind.Malformed)]);
        Add(harness.Enterprise!, "enterprise-post", "POST", "^/rest/v1/order$", rate,
            [new(null, FaultKind.Status, StatusCode: 503), new(null, FaultKind.DropAfterApply), new(null, FaultKind.HangAfterApply)]);
        Add(harness.Enterprise!, "enterprise-get", "GET", "^/rest/", rate,
            [new(null, FaultKind.Status, StatusCode: 500), new(null, FaultKind.Hang)]);
        foreach (var host in new[] { harness.Mirakl, harness.Wallet, harness.Enterprise! })
        {
            // A counter, never fired: every provider call it sees.
            host.Get<FaultRegistry>().Add(new FaultRule("count:calls", FaultKind.Latency, PathRegex: "^/(api|rest)/", Count: 0, LatencyMs: 0));
        }
    }

    /// <summary>Rules of several kinds on one route, each with the probability that makes their union <paramref name="rate"/>.</summary>
    private void Add(SimulatorHost host, string route, string method, string path, double rate, FaultRule[] kinds)
    {
        var each = 1 - Math.Pow(1 - rate, 1.0 / kinds.Length);
        foreach (var kind in kinds)
        {
            var id = $"chaos:{route}:{kind.Kind}";
            host.Get<FaultRegistry>().Add(kind with { Id = id, Method = method, PathRegex = path, Probability = each });
            _faultIds.Add(id);
        }
    }

    /// <summary>Counts what the faults did (the calls and faults of the chaos phase), then removes them.</summary>
    private async Task LiftFaultsAsync(ConnectorHarness harness)
    {
        _chaosCounts = FaultCounts(harness);
        foreach (var host in new[] { harness.Mirakl, harness.Wallet, harness.Enterprise! })
        {
            foreach (var id in _faultIds)
            {
                host.Get<FaultRegistry>().Remove(id);
            }
        }

        await harness.WalletControl.PostSimAsync("/_sim/outbox/modes", new { duplicate = false, reorder = false, dropNext = 0 });
        await harness.Sim().PostSimAsync("/_sim/outbox/modes", new { duplicate = false, reorder = false, dropNext = 0 });
    }

    private static async Task<bool> SettledAsync(ConnectorHarness harness, World world)
    {
        await using var db = harness.CreateDbContext();
        var legs = await db.Legs.AsNoTracking().Select(l => new { l.Status, l.AmountMinor }).ToListAsync();
        if (legs.Count(l => l.AmountMinor > 0) < world.PayoutInvoices * 2
            || legs.Any(l => l.AmountMinor > 0 && !Paid.Contains(l.Status) && !Held.Contains(l.Status))
            || legs.Any(l => l.AmountMinor < 0 && l.Status != LegStatus.CollectedByDirectDebit))
        {
            return false;
        }

        var payments = await db.DirectDebitPayments.AsNoTracking().Where(p => p.ScheduleId != null).Select(p => new { p.ScheduleId, p.Status }).ToListAsync();
        return world.Schedules.All(s => payments.Any(p => p.ScheduleId == s && p.Status is DirectDebitPaymentStatus.Collected));
    }

    private static async Task<string> ProgressAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        var byStatus = await db.Legs.AsNoTracking().GroupBy(l => l.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        return string.Join(", ", byStatus.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Count}"));
    }

    private async Task<ChaosReport> AuditAsync(ConnectorHarness harness, World world)
    {
        var failures = new List<string>();
        await using var db = harness.CreateDbContext();
        var legs = await db.Legs.AsNoTracking().ToListAsync();
        var payoutLegs = legs.Where(l => l.AmountMinor > 0).ToList();

        // Exactly once at HiPay: per merchant_unique_id of a paid leg, one accepted POST and one booking.
        var tally = await WalletPosts.TallyAsync(harness);
        var byId = tally.ToDictionary(t => (t.Kind, t.MerchantUniqueId));
        int doubleTransfers = 0, doubleWithdrawals = 0, notExactlyOnce = 0;
        foreach (var leg in payoutLegs)
        {
            var transfer = byId.GetValueOrDefault(("Transfer", leg.TransferMerchantUniqueId));
            var withdrawal = byId.GetValueOrDefault(("Withdrawal", leg.WithdrawalMerchantUniqueId));
            doubleTransfers += transfer is { Booked: > 1 } or { Accepted: > 1 } ? 1 : 0;
            doubleWithdrawals += withdrawal is { Booked: > 1 } or { Accepted: > 1 } ? 1 : 0;
            if (Paid.Contains(leg.Status) && !(transfer is { Accepted: 1, Booked: 1 } && withdrawal is { Accepted: 1, Booked: 1 }
                && transfer.Bookings[0].Amount == leg.AmountMinor && withdrawal.Bookings[0].Amount == (leg.WithdrawnAmountMinor ?? leg.AmountMinor)))
            {
                notExactlyOnce++;
                failures.Add($"leg {leg.Id} paid but not exactly once: {transfer?.ToString() ?? "no transfer"}; {withdrawal?.ToString() ?? "no withdrawal"}");
            }
        }

        var ids = payoutLegs.SelectMany(l => new[] { ("Transfer", l.TransferMerchantUniqueId), ("Withdrawal", l.WithdrawalMerchantUniqueId) }).ToHashSet();
        var strays = tally.Count(t => t.Accepted > 0 && !ids.Contains((t.Kind, t.MerchantUniqueId)));
        Check(failures, doubleTransfers == 0, $"{doubleTransfers} legs transferred more than once");
        Check(failures, doubleWithdrawals == 0, $"{doubleWithdrawals} legs withdrawn more than once");
        Check(failures, strays == 0, $"{strays} bookings for no leg");

        // The books against Mirakl's invoices, to the cent, per currency (the legs left held are not in the books).
        var books = await harness.WalletControl.GetSimAsync("/_sim/wallet/books");
        var transfers = books.GetProperty("transactions").EnumerateArray().Where(t => t.GetProperty("kind").GetString() == "Transfer").ToList();
        var booked = transfers.GroupBy(t => t.GetProperty("currency").GetString() ?? "")
            .ToDictionary(g => g.Key, g => g.Sum(t => t.GetProperty("amount").GetInt64()), StringComparer.Ordinal);
        var heldMinor = payoutLegs.Where(l => Held.Contains(l.Status)).Sum(l => l.AmountMinor);
        var invoiced = world.Invoices.Sum(v => Math.Max(0, v.SellerMinor) + v.OperatorMinor);
        var difference = new Dictionary<string, long>(StringComparer.Ordinal) { ["EUR"] = booked.GetValueOrDefault("EUR") + heldMinor - invoiced };
        foreach (var (currency, amount) in booked.Where(b => b.Key != "EUR"))
        {
            difference[currency] = amount;
        }

        foreach (var (currency, minor) in difference.Where(d => d.Value != 0))
        {
            failures.Add($"books {currency}: transfers + held legs - invoices = {minor} minor units");
        }

        // Every invoice has its legs.
        var legsByInvoice = legs.Where(l => l.InvoiceId != null).ToLookup(l => l.InvoiceId!, StringComparer.Ordinal);
        var lost = 0;
        foreach (var invoice in world.Invoices)
        {
            var expected = invoice.SellerMinor > 0 ? 2 : 1;
            var found = legsByInvoice[invoice.Id.ToString(CultureInfo.InvariantCulture)].Count(l => l.AmountMinor != 0);
            if (found < expected)
            {
                lost += expected - found;
                failures.Add($"invoice {invoice.Id}: {found} of {expected} legs");
            }
        }

        // Whatever is neither settled nor held must have raised an alert.
        var alerted = (await db.AlertLog.AsNoTracking().Where(a => a.Key != null).Select(a => a.Key!).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var stuck = legs.Where(l => !Paid.Contains(l.Status) && !Held.Contains(l.Status) && l.Status != LegStatus.CollectedByDirectDebit
            && !alerted.Contains(l.Id.ToString(CultureInfo.InvariantCulture))).ToList();
        Check(failures, stuck.Count == 0, $"{stuck.Count} legs stuck without an alert: " + string.Join(", ", stuck.Take(10).Select(l => $"{l.Id} {l.Status} {l.LastError}")));

        int drift;
        await using (var scope = harness.CreateScope())
        {
            var issues = (await scope.ServiceProvider.GetRequiredService<HiPayMirakl.Core.Features.Reconciliation.Reconciler>()
                .RunAsync(PayoutWorld.Window, "cli", null, CancellationToken.None)).Findings;
            drift = issues.Count;
            Check(failures, drift == 0, $"reconcile: {drift} issues: " + string.Join("; ", issues.Take(5).Select(i => $"{i.Kind} {i.InvoiceId} {i.Detail}")));
        }

        // Direct debits: one charge per plan period, one per debt, at the gateway.
        var gateway = (await harness.TransactionsAsync()).EnumerateArray()
            .Select(t => (Order: t.GetProperty("orderId").GetString() ?? "", Status: t.GetProperty("status").GetInt32(), Amount: t.GetProperty("amountMinor").GetInt64()))
            .Where(t => !SddStatus.IsTerminalFailure(t.Status)).ToList();
        var payments = await db.DirectDebitPayments.AsNoTracking().ToListAsync();
        var schedulePayments = payments.Where(p => p.ScheduleId != null && world.Schedules.Contains(p.ScheduleId.Value)).ToList();
        var periodsTwice = 0;
        foreach (var period in schedulePayments.GroupBy(p => (p.ScheduleId, p.PeriodKey)))
        {
            var prefix = $"SCH-{period.Key.ScheduleId}-{period.Key.PeriodKey}";
            var charges = gateway.Count(t => t.Order.StartsWith(prefix, StringComparison.Ordinal));
            if (charges > 1 || period.Count() > 1)
            {
                periodsTwice++;
                failures.Add($"plan period {prefix}: {period.Count()} payments, {charges} charges at the gateway");
            }
        }

        var debtLegs = legs.Where(l => l.AmountMinor < 0).ToList();
        var debtCharges = gateway.Where(t => t.Order.StartsWith("DEBT-", StringComparison.Ordinal)).ToList();
        var debtsTwice = debtCharges.GroupBy(t => t.Order).Count(g => g.Count() > 1);
        var links = await db.DirectDebitLegLinks.AsNoTracking().ToListAsync();
        var debtPayments = payments.Where(p => p.OrderId.StartsWith("DEBT-", StringComparison.Ordinal)).ToDictionary(p => p.Id);
        foreach (var leg in debtLegs)
        {
            var live = links.Where(k => k.LegId == leg.Id).Select(k => debtPayments.GetValueOrDefault(k.PaymentId))
                .Count(p => p is not null && p.Status is not (DirectDebitPaymentStatus.Failed or DirectDebitPaymentStatus.Returned));
            if (live > 1)
            {
                debtsTwice++;
                failures.Add($"debt leg {leg.Id}: {live} live debits");
            }
        }

        var debtChargedMinusDebt = debtCharges.Sum(t => t.Amount) - debtLegs.Where(l => l.Status == LegStatus.CollectedByDirectDebit).Sum(l => -l.AmountMinor);
        Check(failures, periodsTwice == 0, $"{periodsTwice} plan periods charged twice");
        Check(failures, debtsTwice == 0, $"{debtsTwice} debts charged twice");
        Check(failures, debtChargedMinusDebt == 0, $"debt charged at the gateway - debt collected = {debtChargedMinusDebt} minor units");

        var (faults, calls, bySimulator) = _chaosCounts ?? FaultCounts(harness);
        var outbox = (await harness.WalletControl.GetSimAsync("/_sim/outbox")).EnumerateArray()
            .Concat((await harness.Sim().GetSimAsync("/_sim/outbox")).EnumerateArray()).ToList();
        var fired = faults.Values.Sum();
        return new ChaosReport
        {
            Provider = options.Provider.ToString(),
            Seed = options.Seed,
            Invoices = world.Invoices.Count,
            Legs = legs.Count,
            LegsByStatus = legs.GroupBy(l => l.Status.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            LegsPaid = legs.Count(l => Paid.Contains(l.Status)),
            LegsHeld = legs.Count(l => Held.Contains(l.Status)),
            Kills = _kills,
            Restarts = _restarts,
            KillsByProcess = new Dictionary<string, int>(_killsByProcess, StringComparer.Ordinal),
            CleanExits = _cleanExits,
            FailedExits = _failedExits,
            ProviderCalls = calls,
            FaultedCalls = fired,
            FaultedShare = calls == 0 ? 0 : Math.Round((double)fired / calls, 4),
            FaultsByKind = faults,
            FaultsBySimulator = bySimulator,
            NotificationsDuplicated = outbox.Sum(o => Math.Max(0, o.GetProperty("deliveries").GetInt32() - 1)),
            NotificationsDropped = outbox.Count(o => o.GetProperty("dropped").GetBoolean()),
            NotificationsSent = outbox.Count,
            DirectDebitPeriods = world.Schedules.Count,
            DirectDebitPeriodsCollected = schedulePayments.Count(p => p.Status == DirectDebitPaymentStatus.Collected),
            DirectDebitDebts = debtLegs.Count,
            DirectDebitDebtsCollected = debtLegs.Count(l => l.Status == LegStatus.CollectedByDirectDebit),
            DoubleTransfers = doubleTransfers,
            DoubleWithdrawals = doubleWithdrawals,
            PaidLegsNotExactlyOnce = notExactlyOnce,
            StrayBookings = strays,
            BooksMinusInvoicesMinor = difference,
            ReconcileDrift = drift,
            StuckLegsWithoutAlert = stuck.Count,
            LostLegs = lost,
            PeriodsChargedTwice = periodsTwice,
            DebtsChargedTwice = debtsTwice,
            DebtChargedMinusDebtMinor = debtChargedMinusDebt,
            Failures = failures,
        };
    }

    private (Dictionary<string, int> ByKind, long Calls, Dictionary<string, int> BySimulator) FaultCounts(ConnectorHarness harness)
    {
        var byKind = new Dictionary<string, int>(StringComparer.Ordinal);
        var bySimulator = new Dictionary<string, int>(StringComparer.Ordinal);
        long calls = 0;
        foreach (var (name, host) in new[] { ("mirakl", harness.Mirakl), ("hipay-wallet", harness.Wallet), ("hipay-enterprise", harness.Enterprise!) })
        {
            foreach (var state in host.Get<FaultRegistry>().List())
            {
                if (state.Rule.Id == "count:calls")
                {
                    calls += state.Matched;
                }
                else if (_faultIds.Contains(state.Rule.Id!))
                {
                    byKind[state.Rule.Kind.ToString()] = byKind.GetValueOrDefault(state.Rule.Kind.ToString()) + state.Fired;
                    bySimulator[name] = bySimulator.GetValueOrDefault(name) + state.Fired;
                }
            }
        }

        return (byKind, calls, bySimulator);
    }

    private static void Check(List<string> failures, bool ok, string failure)
    {
        if (!ok)
        {
            failures.Add(failure);
        }
    }

    /// <summary>The report as the bench writes it.</summary>
    public static string Json(ChaosReport report) => JsonSerializer.Serialize(report, JsonOptions);
}
