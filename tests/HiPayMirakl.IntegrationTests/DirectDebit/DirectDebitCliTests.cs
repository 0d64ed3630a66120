using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;

namespace HiPayMirakl.IntegrationTests.DirectDebit;

public sealed class DirectDebitCliTests
{
    [Fact]
    public async Task Cli_MandateScheduleRunTwiceAndTerminatedCharge_OneDebitAndClearError()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        var args = harness.CliArgs();

        var create = await CliRunner.RunAsync([.. args, "sdd", "mandate", "create", "--iban", SddTestBed.GoodIban, "--first-name", "Jane", "--last-name", "Doe", "--amount", "12.50"]);
        await harness.AdvanceBankDaysAsync(10);
        var show = await CliRunner.RunAsync([.. args, "sdd", "mandate", "show", "1"]);
        // The CLI runs on the real clock: pick the collection day whose send window is today (none on a weekend or
        // a TARGET2 closing day, and then nothing may be sent).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var inWindow = Enumerable.Range(1, 28).FirstOrDefault(d =>
            SendWindow.Decide(today, new DirectDebitSchedule { Period = SchedulePeriod.Monthly, Day = d }.NextCollection(today).CollectionDate, 5) == SendDecision.Send);
        var day = inWindow == 0 ? 15 : inWindow;
        var expectedSent = inWindow == 0 ? 0 : 1;
        var add = await CliRunner.RunAsync([.. args, "sdd", "schedule", "add", "1", "--amount", "19.90", "--period", "Monthly", "--day", day.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var run1 = await CliRunner.RunAsync([.. args, "sdd", "schedule", "run"]);
        var run2 = await CliRunner.RunAsync([.. args, "sdd", "schedule", "run"]);
        var list = await CliRunner.RunAsync([.. args, "sdd", "schedule", "list"]);
        await harness.PostApiAsync("/api/sdd/mandates/1/terminate", new { });
        var charge = await CliRunner.RunAsync([.. args, "sdd", "charge", "1", "--amount", "5.00"]);
        var recurring = (await harness.TransactionsAsync()).EnumerateArray().Count(t => t.GetProperty("eci").GetInt32() == 9);

        Assert.True(create.ExitCode == 0, create.Error);
        Assert.Contains("DE89**************3000", show.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SddTestBed.GoodIban, show.Output + create.Output, StringComparison.Ordinal);
        Assert.Contains("collected", show.Output, StringComparison.Ordinal);
        Assert.True(add.ExitCode == 0, add.Error);
        Assert.True(run1.ExitCode == 0, run1.Error);
        Assert.Contains($"Sent = {expectedSent}", run1.Output, StringComparison.Ordinal);
        Assert.Contains("Sent = 0", run2.Output, StringComparison.Ordinal);
        Assert.Contains($"19.90 EUR Monthly day {day}", list.Output, StringComparison.Ordinal);
        Assert.Equal(2, charge.ExitCode);
        Assert.Contains("terminated", charge.Error, StringComparison.Ordinal);
        Assert.Equal(expectedSent, recurring);
    }
}
