using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Scheduling;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Payouts;

/// <summary>
/// Several connector processes on one PostgreSQL database (a `serve` node running the schedule, and CLI jobs) while
/// the HiPay Wallet simulator holds every transfer and withdrawal POST until released: the first process's legs are
/// certainly in flight when the others start. Nobody else may touch an in-flight leg (its claim stays the first
/// process's, no lookup of its merchant_unique_id), HiPay sees one POST per merchant_unique_id, and no leg is lost.
/// </summary>
public sealed class HeldPostMultiProcessTests
{
    private const int Shops = 6;
    private const int InvoicesPerShop = 4;
    private const string MoneyPosts = "^/api/(transfer|withdrawal)$";

    [Fact]
    public async Task CashoutProcesses_SecondProcessesMeetHeldPosts_NoTakeOverNoDuplicatePostNoLostLeg()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Postgres);
        // Long enough that a POST held for the whole window is still awaited, not timed out.
        harness.Settings.HiPayWallet.TimeoutSeconds = 300;
        harness.Settings.Cycle.Concurrency = 4;
        harness.Settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        harness.Settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        harness.Settings.Cycle.MaxAttempts = 50;
        for (var shop = 3001; shop < 3001 + Shops; shop++)
        {
            await PayoutWorld.SeedVendorAsync(harness, shop);
            for (var i = 0; i < InvoicesPerShop; i++)
            {
                var invoice = 20_000 + ((shop - 3001) * InvoicesPerShop) + i;
                await PayoutWorld.SeedInvoiceAsync(harness, invoice, shop, 10m + invoice % 89, 1m + invoice % 5);
            }
        }

        await PayoutWorld.FundTechnicalAsync(harness, 100_000_000);
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
        }

        var args = harness.CliArgs();
        string[] serveArgs = [.. args, .. ScheduleOnly(["transfer", "withdraw", "status-sync"], "0/3 * * * * ?"), "serve", "--urls", "http://127.0.0.1:0"];
        var outputs = new List<string>();
        var takenOver = new List<string>();
        var lookedUp = new List<string>();
        var processes = 1;
        using (var node = ConnectorProcess.Start(serveArgs))
        {
            try
            {
                for (var wave = 0; wave < 2; wave++)
                {
                    await harness.WalletControl.PostSimAsync("/_sim/hold", new { method = "POST", pathRegex = MoneyPosts });
                    using var first = ConnectorProcess.Start([.. args, "cashout:run", "--cycle-date", "2026-03-11", "--window-before", "12h"]);
                    await UntilAsync(async () => (await HeldAsync(harness)) > 0 || first.HasExited, "a held POST");

                    // The first process's legs in flight now: claimed, marked unknown, their POST held at HiPay.
                    var inFlight = await InFlightAsync(harness);
                    var journalBefore = (await harness.WalletControl.GetSimAsync("/_sim/journal")).GetArrayLength();
                    using var others = new DisposableList(
                        ConnectorProcess.Start([.. args, "cashout:transfer"]),
                        ConnectorProcess.Start([.. args, "cashout:status-sync"]),
                        ConnectorProcess.Start([.. args, "jobs", "run", "withdraw"]),
                        ConnectorProcess.Start([.. args, "cashout:withdraw"]));
                    processes += others.Items.Length + 1;

                    // Until each of the others has ended or waits on a held POST of its own (a process start is slow on a
                    // loaded machine: the limit is generous, and the held legs stay held all along).
                    await UntilAsync(async () => others.Items.All(p => p.HasExited) || (await HeldAsync(harness)) > inFlight.Count + 1, "the other processes to meet the held legs", TimeSpan.FromMinutes(4));
                    await Task.Delay(TimeSpan.FromSeconds(3));

                    var now = await InFlightAsync(harness);
                    foreach (var (leg, claim) in inFlight)
                    {
                        if (!now.TryGetValue(leg, out var still) || still != claim)
                        {
                            takenOver.Add($"wave {wave}: leg {leg} {claim} -> {(now.TryGetValue(leg, out var c) ? c.ToString() : "no longer in flight")}");
                        }
                    }

                    var ids = await MerchantUniqueIdsAsync(harness, inFlight.Keys);
                    var journal = await harness.WalletControl.GetSimAsync("/_sim/journal");
                    foreach (var entry in journal.EnumerateArray().Skip(journalBefore))
                    {
                        var path = entry.GetProperty("path").GetString() ?? "";
                        if (entry.GetProperty("method").GetString() == "GET" && ids.Any(id => path.EndsWith("/" + id, StringComparison.Ordinal)))
                        {
                            lookedUp.Add($"wave {wave}: {path}");
                        }
                    }

                    await harness.WalletControl.PostSimAsync("/_sim/hold/release", new { });
                    await first.WaitAsync(TimeSpan.FromMinutes(3));
                    foreach (var p in others.Items)
                    {
                        await p.WaitAsync(TimeSpan.FromMinutes(3));
                    }

                    outputs.Add(first.Summary());
                    outputs.AddRange(others.Items.Select(p => p.Summary()));
                    await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(5));
                    await PayoutWorld.DrainPayoutInboxAsync(harness);
                }

                Assert.False(node.HasExited, "the serve node ended early: " + node.Summary());
            }
            finally
            {
                await harness.WalletControl.PostSimAsync("/_sim/hold/release", new { });
                node.Kill();
            }
        }

        for (var round = 0; round < 4 && !await AllSettledAsync(harness); round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }

        var printed = "\n" + string.Join('\n', outputs.Select(o => o.Length > 1500 ? o[..1500] : o));
        Assert.True(takenOver.Count == 0, "in-flight legs taken over by another process:\n" + string.Join('\n', takenOver) + printed);
        Assert.True(lookedUp.Count == 0, "in-flight legs looked up by another process:\n" + string.Join('\n', lookedUp) + printed);
        Assert.True(processes >= 4, processes.ToString(CultureInfo.InvariantCulture));

        await using var check = harness.CreateDbContext();
        var legs = await check.Legs.AsNoTracking().ToListAsync();
        Assert.Equal(Shops * InvoicesPerShop * 2, legs.Count);
        var unsettled = legs.Where(l => l.Status != LegStatus.WithdrawSuccess).Select(l => $"{l.Id} {l.Status} {l.LastError}").ToList();
        Assert.True(unsettled.Count == 0, "legs not settled:\n" + string.Join('\n', unsettled) + printed);
        await WalletPosts.AssertExactlyOnceAsync(harness, legs);
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));
    }

    private static IEnumerable<string> ScheduleOnly(string[] jobs, string cron) =>
        JobSchedule.Jobs.SelectMany(j => jobs.Contains(j.Name)
            ? new[] { "--set", $"Scheduler:Jobs:{j.Name}:Enabled=true", "--set", $"Scheduler:Jobs:{j.Name}:Cron={cron}" }
            : ["--set", $"Scheduler:Jobs:{j.Name}:Enabled=false"]);

    private static async Task<int> HeldAsync(ConnectorHarness harness) =>
        (await harness.WalletControl.GetSimAsync("/_sim/hold")).GetProperty("waiting").GetInt32();

    private static async Task<Dictionary<long, (long Token, string? Owner, LegStatus Status)>> InFlightAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        var legs = await db.Legs.AsNoTracking()
            .Where(l => (l.Status == LegStatus.TransferUnknown || l.Status == LegStatus.WithdrawUnknown) && l.ClaimOwner != null)
            .Select(l => new { l.Id, l.ClaimToken, l.ClaimOwner, l.Status }).ToListAsync();
        return legs.ToDictionary(l => l.Id, l => (l.ClaimToken, l.ClaimOwner, l.Status));
    }

    private static async Task<List<string>> MerchantUniqueIdsAsync(ConnectorHarness harness, IEnumerable<long> legIds)
    {
        var ids = legIds.ToList();
        await using var db = harness.CreateDbContext();
        var legs = await db.Legs.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync();
        return [.. legs.SelectMany(l => new[] { l.TransferMerchantUniqueId, l.WithdrawalMerchantUniqueId }).Select(Uri.EscapeDataString)];
    }

    private static async Task<bool> AllSettledAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Legs.AllAsync(l => l.Status == LegStatus.WithdrawSuccess);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (limit ?? TimeSpan.FromMinutes(3)))
            {
                throw new TimeoutException("gave up waiting for " + what);
            }

            await Task.Delay(200);
        }
    }

    private sealed class DisposableList(params ConnectorProcess[] items) : IDisposable
    {
        public ConnectorProcess[] Items { get; } = items;

        public void Dispose()
        {
            foreach (var item in Items)
            {
                item.Dispose();
            }
        }
    }
}
