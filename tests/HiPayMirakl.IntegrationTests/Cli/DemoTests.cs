using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Cli;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_SmallMarketplace_PaysThroughAndReconcilesWithZeroDrift()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hm-demo-{Guid.NewGuid():N}", "demo.db");
        try
        {
            var result = await CliRunner.RunAsync("demo", "--shops", "8", "--cycles", "2", "--seed", "7", "--database", file);

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            Assert.Contains("Reconciliation: 0 drift", result.Output, StringComparison.Ordinal);
            foreach (var heading in new[] { "Money per cycle", "Paid to banks", "Waiting, and why", "Legs by status" })
            {
                Assert.Contains(heading, result.Output, StringComparison.Ordinal);
            }

            Assert.DoesNotMatch(@"\w+Summary \{", result.Output);
            await using var db = new ConnectorDbContext(ConnectorDatabase.CreateOptions(DatabaseProvider.Sqlite, "Data Source=" + file + ";Pooling=False"));
            var legs = await db.Legs.ToListAsync();
            Assert.NotEmpty(legs);
            Assert.Contains(legs, l => l.Kind == LegKind.OperatorCommission && l.Status == LegStatus.WithdrawSuccess);
            Assert.DoesNotContain(legs, l => l.Status is LegStatus.TransferUnknown or LegStatus.WithdrawUnknown or LegStatus.TransferHeld);
            Assert.Equal(legs.Count, legs.Select(l => l.MerchantUniqueId).Distinct(StringComparer.Ordinal).Count());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_Json_MoneyPerCycleAndWaitingMatchTheLegs()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hm-demo-{Guid.NewGuid():N}", "demo.db");
        try
        {
            var result = await CliRunner.RunAsync("demo", "--shops", "8", "--cycles", "2", "--seed", "11", "--database", file, "--json");

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            var report = JsonDocument.Parse(result.Output).RootElement;
            Assert.Equal(0, report.GetProperty("reconciliation").GetProperty("drift").GetInt32());
            await using var db = new ConnectorDbContext(ConnectorDatabase.CreateOptions(DatabaseProvider.Sqlite, "Data Source=" + file + ";Pooling=False"));
            var legs = await db.Legs.AsNoTracking().ToListAsync();
            // Owed: positive legs still carrying money (not folded into another, not invalid).
            var owed = legs.Where(l => l.AmountMinor > 0 && l.Status is not (LegStatus.Adjusted or LegStatus.InvalidAmount)).ToList();
            var expected = owed.GroupBy(l => (Cycle: l.CycleDate.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Currency))
                .ToDictionary(g => g.Key, g => (
                    Owed: g.Sum(l => l.AmountMinor),
                    Paid: g.Where(l => l.Status == LegStatus.WithdrawSuccess).Sum(l => l.WithdrawnAmountMinor ?? l.AmountMinor),
                    Waiting: g.Where(l => l.Status != LegStatus.WithdrawSuccess).Sum(l => l.AmountMinor)));
            var cycles = report.GetProperty("cycles").EnumerateArray().ToDictionary(
                c => (c.GetProperty("cycleDate").GetString()!, c.GetProperty("currency").GetString()!),
                c => (c.GetProperty("owedMinor").GetInt64(), c.GetProperty("paidToBanksMinor").GetInt64(), c.GetProperty("waitingMinor").GetInt64()));
            Assert.Equal(2, expected.Keys.Select(k => k.Cycle).Distinct().Count());
            Assert.Equal(expected.OrderBy(p => p.Key), cycles.OrderBy(p => p.Key));
            var waiting = report.GetProperty("waiting").EnumerateArray().ToList();
            Assert.Equal(owed.Where(l => l.Status != LegStatus.WithdrawSuccess).Sum(l => l.AmountMinor), waiting.Sum(w => w.GetProperty("amountMinor").GetInt64()));
            Assert.All(waiting, w => Assert.False(string.IsNullOrWhiteSpace(w.GetProperty("reason").GetString())));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_Set_TunesTheDemosOwnSettings()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hm-demo-{Guid.NewGuid():N}", "demo.db");
        try
        {
            var result = await CliRunner.RunAsync("demo", "--shops", "4", "--cycles", "1", "--seed", "5", "--database", file,
                "--set", "HiPayWallet:MarketplaceTechnicalId=4242", "--set", "Cycle:Concurrency=2");

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            await using var db = new ConnectorDbContext(ConnectorDatabase.CreateOptions(DatabaseProvider.Sqlite, "Data Source=" + file + ";Pooling=False"));
            var keys = await db.Legs.AsNoTracking().Select(l => l.MerchantUniqueId).ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.Contains("_4242_", k, StringComparison.Ordinal));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(Path.GetDirectoryName(file)))
            {
                Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Demo_SetUnknownKey_ExitsNonZeroNamingTheKey()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hm-demo-{Guid.NewGuid():N}", "demo.db");
        try
        {
            var result = await CliRunner.RunAsync("demo", "--shops", "2", "--cycles", "1", "--database", file, "--set", "Cycle:NoSuchKey=1");

            Assert.NotEqual(0, result.ExitCode);
            var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("Cycle:NoSuchKey", line, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(Path.GetDirectoryName(file)))
            {
                Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
            }
        }
    }
}
