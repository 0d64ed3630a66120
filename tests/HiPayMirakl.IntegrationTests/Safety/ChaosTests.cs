using System.Globalization;
using HiPayMirakl.Core.Persistence;
using Xunit.Abstractions;

namespace HiPayMirakl.IntegrationTests.Safety;

/// <summary>
/// The chaos run at test size: a few hundred legs and direct debits, connector processes SIGKILLed at random points,
/// one provider call in ten faulted, notifications duplicated, reordered and dropped. Every paid leg is exactly one
/// transfer and one withdrawal at HiPay, the books equal Mirakl's invoices, and no plan period or debt is charged twice.
/// (`bench/chaos -- chaos` runs the same at full size.)
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Chaos_KillsFaultsAndLostNotifications_EveryLegPaidExactlyOnceNoDebitTwice()
    {
        var report = await new ChaosRun(new ChaosOptions
        {
            Legs = 300,
            FaultRate = 0.12,
            Kills = 4,
            DirectDebitShops = 3,
            Provider = DatabaseProvider.Postgres,
            MinKillGap = TimeSpan.FromSeconds(5),
            MaxKillGap = TimeSpan.FromSeconds(20),
            ChaosLimit = TimeSpan.FromMinutes(5),
            SettleLimit = TimeSpan.FromMinutes(3),
            Log = line => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} {line}")),
        }).RunAsync();
        output.WriteLine(ChaosRun.Json(report));

        Assert.True(report.Clean, string.Join('\n', report.Failures.Take(30)));
        Assert.True(report.Kills >= 4, $"{report.Kills} kills");
        Assert.True(report.FaultedShare >= 0.10, $"{report.FaultedShare:P1} of {report.ProviderCalls} provider calls faulted");
        Assert.Equal(300, report.LegsPaid + report.LegsHeld);
        Assert.True(report.NotificationsDuplicated > 0 && report.NotificationsDropped > 0, $"{report.NotificationsDuplicated} duplicated, {report.NotificationsDropped} dropped");
        Assert.True(report.DirectDebitDebtsCollected == report.DirectDebitDebts && report.DirectDebitDebts == 3, $"{report.DirectDebitDebtsCollected}/{report.DirectDebitDebts} debts collected");
        Assert.Equal(report.DirectDebitPeriods, report.DirectDebitPeriodsCollected);
    }
}
