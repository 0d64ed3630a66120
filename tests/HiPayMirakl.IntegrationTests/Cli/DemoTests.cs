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
}
