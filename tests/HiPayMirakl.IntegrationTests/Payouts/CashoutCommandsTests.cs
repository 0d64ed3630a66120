using System.Text.Json;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Payouts;

public sealed class CashoutCommandsTests
{
    [Fact]
    public async Task CashoutRun_WithCycleDate_PrintsEachStepAndPaysTheInvoice()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedInvoiceAsync(harness, 9601, 2001, 25.50m, 2.55m);
        await PayoutWorld.FundTechnicalAsync(harness, 10_000);

        var generate = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:generate", "--cycle-date", "2026-03-11", "--json"]);
        Assert.True(generate.ExitCode == 0, generate.Output + generate.Error);
        var report = JsonDocument.Parse(generate.Output).RootElement;
        Assert.Equal(1, report.GetProperty("summary").GetProperty("generated").GetInt32());
        Assert.Equal("Succeeded", report.GetProperty("batch").GetProperty("outcome").GetString());
        await using (var check = harness.CreateDbContext())
        {
            var batch = await check.Batches.AsNoTracking().SingleAsync(b => b.Id == report.GetProperty("batch").GetProperty("id").GetInt64());
            Assert.Equal(("cashout:generate", BatchStatus.Succeeded), (batch.Name, batch.Status));
            Assert.Equal(report.GetProperty("summary").GetProperty("legsCreated").GetInt32(), await check.Legs.CountAsync());
        }

        CliResult run = new(-1, "", "");
        for (var round = 0; round < 3; round++)
        {
            run = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:run", "--cycle-date", "2026-03-11", "--window-before", "12h"]);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        }

        foreach (var step in new[] { "generate:", "transfer:", "status-sync:", "withdraw:" })
        {
            Assert.Contains(step, run.Output, StringComparison.Ordinal);
        }

        await using var db = harness.CreateDbContext();
        var legs = await db.Legs.AsNoTracking().ToListAsync();
        Assert.Equal(2, legs.Count);
        Assert.All(legs, l => Assert.Equal(LegStatus.WithdrawSuccess, l.Status));
        Assert.Equal(2550 + 255, (await PayoutWorld.TransactionsAsync(harness)).Where(t => t.Kind == "Transfer").Sum(t => t.Amount));
    }

    [Fact]
    public async Task Reconcile_AfterCleanCycleThenDrift_ExitsZeroThenReportsEachDifference()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedInvoiceAsync(harness, 9701, 2001, 25.50m, 2.55m);
        await PayoutWorld.FundTechnicalAsync(harness, 10_000);
        var run = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:run", "--cycle-date", "2026-03-11"]);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);

        var clean = await CliRunner.RunAsync([.. harness.CliArgs(), "reconcile", "--cycle-date", "2026-03-11"]);
        Assert.True(clean.ExitCode == 0, clean.Output + clean.Error);
        Assert.Contains("no drift", clean.Output, StringComparison.Ordinal);

        // Drift: Mirakl gains an invoice we never generated, and one leg's amount no longer matches HiPay's.
        await PayoutWorld.SeedInvoiceAsync(harness, 9702, 2001, 1.00m, 0m);
        await using (var db = harness.CreateDbContext())
        {
            await db.Legs.Where(l => l.InvoiceId == "9701" && l.Kind == LegKind.SellerPayout)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.AmountMinor, 2500L).SetProperty(l => l.OriginAmountMinor, 2500L));
        }

        var drift = await CliRunner.RunAsync([.. harness.CliArgs(), "reconcile", "--cycle-date", "2026-03-11"]);

        Assert.Equal(2, drift.ExitCode);
        var rows = drift.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
        Assert.Matches(@"^\|\s*Kind\s*\|\s*Invoice\s*\|\s*Reference\s*\|\s*Detail\s*\|$", rows[0]);
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^\|\s*missing-leg\s*\|\s*9702\s*\|"));
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^\|\s*amount-mismatch\s*\|\s*9701\s*\|"));
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^\|\s*amount-mismatch-at-hipay\s*\|\s*9701\s*\|"));
        Assert.Contains("3 issue(s)", drift.Output, StringComparison.Ordinal);

        var json = await CliRunner.RunAsync([.. harness.CliArgs(), "reconcile", "--cycle-date", "2026-03-11", "--json"]);
        Assert.Equal(2, json.ExitCode);
        var report = JsonDocument.Parse(json.Output).RootElement;
        Assert.True(report.GetProperty("drift").GetBoolean());
        Assert.Equal(
            new[] { ("amount-mismatch", "9701"), ("amount-mismatch-at-hipay", "9701"), ("missing-leg", "9702") },
            report.GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("kind").GetString()!, i.GetProperty("invoiceId").GetString()!)).Order().ToArray());
    }

    [Fact]
    public async Task CashoutGenerate_MalformedCycleDate_ExitsWithConfigurationError()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);

        var result = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:generate", "--cycle-date", "11/03/2026"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--cycle-date", result.Error, StringComparison.Ordinal);
    }
}
