using System.Text.Json;
using System.Text.RegularExpressions;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

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
        var listJson = await CliRunner.RunAsync([.. args, "sdd", "schedule", "list", "--json"]);
        var showJson = await CliRunner.RunAsync([.. args, "sdd", "mandate", "show", "1", "--json"]);
        await harness.PostApiAsync("/api/sdd/mandates/1/terminate", new { });
        var charge = await CliRunner.RunAsync([.. args, "sdd", "charge", "1", "--amount", "5.00"]);
        var recurring = (await harness.TransactionsAsync()).EnumerateArray().Count(t => t.GetProperty("eci").GetInt32() == 9);

        Assert.True(create.ExitCode == 0, create.Error);
        var showRows = TableRows(show.Output);
        Assert.Matches(@"^\|\s*1 \|\s*available\s*\|\s*\S+\s*\|\s*DE89\*{14}3000\s*\|\s*Jane Doe\s*\|", showRows[1]);
        Assert.Contains(showRows, r => Regex.IsMatch(r, @"^\|\s*1 \|\s*\S+\s*\|\s*12\.50 \|\s*EUR\s*\|\s*collected\s*\|"));
        Assert.DoesNotContain(SddTestBed.GoodIban, show.Output + create.Output + showJson.Output, StringComparison.Ordinal);
        Assert.True(add.ExitCode == 0, add.Error);
        Assert.True(run1.ExitCode == 0, run1.Error);
        Assert.Contains(TableRows(run1.Output), r => Regex.IsMatch(r, $@"^\|\s*Sent\s*\|\s*{expectedSent} \|$"));
        Assert.Contains(TableRows(run2.Output), r => Regex.IsMatch(r, @"^\|\s*Sent\s*\|\s*0 \|$"));
        Assert.Matches($@"^\|\s*1 \|\s*1 \|\s*19\.90 \|\s*EUR\s*\|\s*Monthly\s*\|\s*{day} \|\s*yes\s*\|$", Assert.Single(TableRows(list.Output).Skip(1)));
        Assert.Equal(2, charge.ExitCode);
        Assert.Contains("terminated", charge.Error, StringComparison.Ordinal);
        Assert.Equal(expectedSent, recurring);

        await using var db = harness.CreateDbContext();
        var schedules = await db.DirectDebitSchedules.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        Assert.Equal(schedules.Select(s => (s.Id, s.MandateId, s.AmountMinor, s.Currency, s.Period.ToString(), s.Day)),
            JsonDocument.Parse(listJson.Output).RootElement.EnumerateArray().Select(s => (s.GetProperty("id").GetInt64(), s.GetProperty("mandateId").GetInt64(),
                s.GetProperty("amountMinor").GetInt64(), s.GetProperty("currency").GetString()!, s.GetProperty("period").GetString()!, s.GetProperty("day").GetInt32())));
        var mandate = await db.Mandates.AsNoTracking().SingleAsync(m => m.Id == 1);
        var shown = JsonDocument.Parse(showJson.Output).RootElement;
        Assert.Equal((mandate.IbanMasked, mandate.HolderName, mandate.Reference),
            (shown.GetProperty("mandate").GetProperty("ibanMasked").GetString(), shown.GetProperty("mandate").GetProperty("holderName").GetString(),
                shown.GetProperty("mandate").GetProperty("reference").GetString()));
        var debits = await db.DirectDebitPayments.AsNoTracking().Where(p => p.MandateId == 1).OrderBy(p => p.Id).ToListAsync();
        Assert.Equal(debits.Select(p => (p.Id, p.OrderId, p.AmountMinor, p.Currency)),
            shown.GetProperty("debits").EnumerateArray().Select(p => (p.GetProperty("id").GetInt64(), p.GetProperty("orderId").GetString()!,
                p.GetProperty("amountMinor").GetInt64(), p.GetProperty("currency").GetString()!)));
    }

    private static List<string> TableRows(string output) =>
        [.. output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("| ", StringComparison.Ordinal))];
}
