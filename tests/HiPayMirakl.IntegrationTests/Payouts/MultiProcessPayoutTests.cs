using System.Diagnostics;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Common;

namespace HiPayMirakl.IntegrationTests.Payouts;

/// <summary>
/// Several connector processes (the built CLI, one OS process each) on one PostgreSQL database, running the payout
/// commands at the same time against the simulators with latency and ambiguous endings. HiPay must see at most one
/// POST per merchant_unique_id, every leg must settle, and HiPay's books must equal the legs.
/// </summary>
public sealed class MultiProcessPayoutTests
{
    private const int Shops = 12;
    private const int InvoicesPerShop = 5;

    [Fact]
    public async Task CashoutCommands_ConcurrentProcessesWithLatencyAndFaults_AtMostOnePostPerLegAndBooksEqualLegs()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Postgres);
        harness.Settings.HiPayWallet.TimeoutSeconds = 5;
        harness.Settings.Cycle.Concurrency = 8;
        harness.Settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        harness.Settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        harness.Settings.Cycle.MaxAttempts = 50;
        for (var shop = 2001; shop < 2001 + Shops; shop++)
        {
            await PayoutWorld.SeedVendorAsync(harness, shop);
            for (var i = 0; i < InvoicesPerShop; i++)
            {
                // Fixed-width invoice ids and accounts: no merchant_unique_id is a prefix of another.
                var invoice = 10_000 + ((shop - 2001) * InvoicesPerShop) + i;
                await PayoutWorld.SeedInvoiceAsync(harness, invoice, shop, 10m + invoice % 97, 1m + invoice % 7);
            }
        }

        await PayoutWorld.FundTechnicalAsync(harness, 100_000_000);
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
        }

        List<Leg> generated;
        await using (var db = harness.CreateDbContext())
        {
            generated = await db.Legs.AsNoTracking().ToListAsync();
        }

        Assert.Equal(Shops * InvoicesPerShop * 2, generated.Count);
        var faults = harness.Wallet.Get<FaultRegistry>();
        var injected = new List<string>
        {
            faults.Add(new FaultRule("drop-transfer", FaultKind.DropAfterApply, "POST", "^/api/transfer$", Probability: 0.04)),
            faults.Add(new FaultRule("fail-withdrawal", FaultKind.FailAfterApply, "POST", "^/api/withdrawal$", Probability: 0.04)),
            faults.Add(new FaultRule("drop-withdrawal", FaultKind.DropAfterApply, "POST", "^/api/withdrawal$", Probability: 0.03)),
            faults.Add(new FaultRule("hang-lookup", FaultKind.Hang, "GET", "^/api/transaction/", Probability: 0.03)),
            faults.Add(new FaultRule("503-lookup", FaultKind.Status, "GET", "^/api/transaction/", Probability: 0.05, StatusCode: 503)),
            // A slow tail: the POST is on its way for a second before HiPay applies it, well inside the client timeout.
            faults.Add(new FaultRule("slow-post-tail", FaultKind.Latency, "POST", "^/api/(transfer|withdrawal)$", Probability: 0.3, LatencyMs: 1000)),
            faults.Add(new FaultRule("slow-post", FaultKind.Latency, "POST", "^/api/(transfer|withdrawal)$", LatencyMs: 50)),
            faults.Add(new FaultRule("slow-get", FaultKind.Latency, "GET", "^/api/", LatencyMs: 20)),
        };

        // Counters, not faults: a rule that may never fire still counts every request it matches.
        foreach (var leg in generated)
        {
            foreach (var id in new[] { leg.TransferMerchantUniqueId, leg.WithdrawalMerchantUniqueId })
            {
                faults.Add(new FaultRule("count:" + id, FaultKind.Latency, "POST", "^/api/(transfer|withdrawal)$", "merchant_unique_id=" + id, Count: 0, LatencyMs: 0));
            }
        }

        var args = harness.CliArgs();
        var started = Stopwatch.StartNew();
        var outputs = new List<string>();
        for (var wave = 0; wave < 4 && started.Elapsed < TimeSpan.FromSeconds(40); wave++)
        {
            // The others start once the first has money calls in flight, so that they meet legs it is working on.
            var first = RunCliAsync([.. args, "cashout:run", "--cycle-date", "2026-03-11", "--window-before", "12h"], TimeSpan.Zero);
            await UntilSomeLegInFlightAsync(harness, first);
            outputs.AddRange(await Task.WhenAll(
                first,
                RunCliAsync([.. args, "cashout:transfer"], TimeSpan.Zero),
                RunCliAsync([.. args, "cashout:withdraw"], TimeSpan.FromMilliseconds(300)),
                RunCliAsync([.. args, "cashout:transfer"], TimeSpan.FromMilliseconds(1200)),
                RunCliAsync([.. args, "cashout:withdraw"], TimeSpan.FromMilliseconds(1500))));
            await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(5));
            await PayoutWorld.DrainPayoutInboxAsync(harness);
        }

        // Final settling pass, faults off (the counters stay): whatever was left unknown is looked up and finished.
        foreach (var id in injected)
        {
            faults.Remove(id);
        }

        for (var round = 0; round < 4 && !await AllSettledAsync(harness); round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }

        var posts = faults.List().Where(r => r.Rule.Id!.StartsWith("count:", StringComparison.Ordinal))
            .ToDictionary(r => r.Rule.Id!["count:".Length..], r => r.Matched, StringComparer.Ordinal);
        var resent = posts.Where(p => p.Value > 1).Select(p => $"{p.Key}: {p.Value} POSTs").ToList();
        Assert.True(resent.Count == 0, $"{resent.Count} merchant_unique_id(s) POSTed more than once:\n{string.Join('\n', resent.Take(20))}\n{string.Join('\n', outputs)}");

        await using var check = harness.CreateDbContext();
        var legs = await check.Legs.AsNoTracking().ToListAsync();
        var unsettled = legs.Where(l => l.Status != LegStatus.WithdrawSuccess).Select(l => $"{l.Id} {l.Status} {l.LastError}").ToList();
        Assert.True(unsettled.Count == 0, "legs not settled:\n" + string.Join('\n', unsettled.Take(20)) + "\n" + string.Join('\n', outputs));
        Assert.All(legs, l => Assert.Equal((1, 1), (posts[l.TransferMerchantUniqueId], posts[l.WithdrawalMerchantUniqueId])));

        var books = await PayoutWorld.TransactionsAsync(harness);
        var transfers = books.Where(t => t.Kind == "Transfer").ToList();
        var withdrawals = books.Where(t => t.Kind == "Withdrawal").ToList();
        Assert.Equal((legs.Count, legs.Count), (transfers.Count, withdrawals.Count));
        foreach (var leg in legs)
        {
            var transfer = Assert.Single(transfers, t => t.MerchantUniqueId == leg.TransferMerchantUniqueId);
            Assert.Equal((leg.AmountMinor, "CAPTURED", leg.BeneficiaryAccountId), (transfer.Amount, transfer.Status, transfer.ToAccountId));
            var withdrawal = Assert.Single(withdrawals, t => t.MerchantUniqueId == leg.WithdrawalMerchantUniqueId);
            Assert.Equal(leg.WithdrawnAmountMinor, withdrawal.Amount);
        }

        Assert.Equal(legs.Sum(l => l.AmountMinor), transfers.Sum(t => t.Amount));
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));
    }

    private static async Task<bool> AllSettledAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Legs.AllAsync(l => l.Status == LegStatus.WithdrawSuccess);
    }

    private static async Task UntilSomeLegInFlightAsync(ConnectorHarness harness, Task first)
    {
        for (var i = 0; i < 1200 && !first.IsCompleted; i++)
        {
            await using var db = harness.CreateDbContext();
            if (await db.Legs.AnyAsync(l => l.Status == LegStatus.TransferUnknown || l.Status == LegStatus.WithdrawUnknown))
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Runs the built command line as its own OS process and returns what it printed.</summary>
    private static async Task<string> RunCliAsync(string[] args, TimeSpan startAfter)
    {
        await Task.Delay(startAfter);
        using var process = ConnectorProcess.Start(args);
        await process.WaitAsync(TimeSpan.FromMinutes(4));
        return process.Summary();
    }
}
