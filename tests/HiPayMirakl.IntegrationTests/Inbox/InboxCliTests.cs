using System.Globalization;
using System.Text;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Inbox;

public sealed class InboxCliTests
{
    [Fact]
    public async Task Cli_ListDeadThenReplayTwice_RowQueuedAgainOnceAndSecondReplayRefused()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        long deadId;
        await using (var db = database.CreateContext())
        {
            var dead = new InboxMessage
            {
                Source = NotificationSource.HiPayEnterprise, DedupeKey = "dead", RawBody = Encoding.UTF8.GetBytes("x"), Kind = "118",
                Reference = "800000000999", ReceivedAt = DateTimeOffset.UtcNow, Outcome = InboxOutcome.DeadLetter, Attempts = 10,
                OutcomeMessage = "InvalidOperationException: boom",
            };
            db.Inbox.AddRange(dead, new InboxMessage { Source = NotificationSource.HiPayWallet, DedupeKey = "ok", RawBody = [], Kind = "capture", ReceivedAt = DateTimeOffset.UtcNow, Outcome = InboxOutcome.Applied });
            await db.SaveChangesAsync();
            deadId = dead.Id;
        }

        var id = deadId.ToString(CultureInfo.InvariantCulture);
        var list = await CliRunner.RunAsync([.. database.CliDatabaseArgs(), "inbox", "list", "--dead"]);
        var json = await CliRunner.RunAsync([.. database.CliDatabaseArgs(), "inbox", "list", "--dead", "--json"]);
        var replay = await CliRunner.RunAsync([.. database.CliDatabaseArgs(), "inbox", "replay", id]);
        var again = await CliRunner.RunAsync([.. database.CliDatabaseArgs(), "inbox", "replay", id]);

        await using var check = database.CreateContext();
        var row = await check.Inbox.AsNoTracking().SingleAsync(m => m.Id == deadId);
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"\|\s+800000000999\s+\|\s+DeadLetter\s+\|\s+10 \|", list.Output);
        Assert.DoesNotContain("capture", list.Output, StringComparison.Ordinal);
        var listed = Assert.Single(System.Text.Json.JsonDocument.Parse(json.Output).RootElement.EnumerateArray());
        Assert.Equal((deadId, "DeadLetter", 10), (listed.GetProperty("id").GetInt64(), listed.GetProperty("outcome").GetString(), listed.GetProperty("attempts").GetInt32()));
        Assert.Equal(0, replay.ExitCode);
        Assert.Matches($@"(?m)^\|\s*{id}\s*\|\s*queued again\s*\|\s*$", replay.Output);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("not a dead letter", again.Error, StringComparison.Ordinal);
        Assert.Equal((InboxOutcome.Pending, 0), (row.Outcome, row.Attempts));
    }
}
