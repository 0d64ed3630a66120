using System.Globalization;
using System.Text;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HiPayMirakl.IntegrationTests.Inbox;

/// <summary>
/// The dispatcher's rules on a real database, with scripted handlers: the stored body says what the handler does
/// ("ok" applies and writes one log row in the row's unit of work, "throw" fails, "wait" waits for an unknown leg).
/// </summary>
public sealed class InboxDispatcherTests
{
    private const string Applied = "inbox-test-apply";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatcher_PoisonRowBeforeGoodRows_PoisonDeadLettersAfterMaxAttemptsWithBackoffAndGoodRowsApplied(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var options = new InboxOptions { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMinutes(1), RetryMaxDelay = TimeSpan.FromMinutes(10) };
        await using var services = BuildServices(database, clock, options);
        var poison = await StoreAsync(database, NotificationSource.HiPayWallet, "identification", "throw");
        var good = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            good.Add(await StoreAsync(database, NotificationSource.HiPayWallet, "identification", "ok"));
        }

        var dispatcher = services.GetRequiredService<InboxDispatcher>();
        await dispatcher.DrainAsync(CancellationToken.None);
        var afterFirst = await RowAsync(database, poison);
        var firstDueAt = afterFirst.NextAttemptAt;
        await dispatcher.DrainAsync(CancellationToken.None);
        var beforeDue = await RowAsync(database, poison);
        clock.Advance(TimeSpan.FromMinutes(10));
        await dispatcher.DrainAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(10));
        await dispatcher.DrainAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(10));
        await dispatcher.DrainAsync(CancellationToken.None);
        var final = await RowAsync(database, poison);

        Assert.Equal(InboxOutcome.Failed, afterFirst.Outcome);
        Assert.Equal(1, afterFirst.Attempts);
        Assert.InRange(firstDueAt!.Value, clock.Start + TimeSpan.FromSeconds(30), clock.Start + TimeSpan.FromMinutes(1));
        Assert.Equal(1, beforeDue.Attempts);
        Assert.Equal(InboxOutcome.DeadLetter, final.Outcome);
        Assert.Equal(3, final.Attempts);
        Assert.Contains("poison", final.OutcomeMessage, StringComparison.Ordinal);
        Assert.Null(final.ClaimedBy);
        await using var db = database.CreateContext();
        Assert.All(await db.Inbox.Where(m => good.Contains(m.Id)).ToListAsync(), m => Assert.Equal(InboxOutcome.Applied, m.Outcome));
        Assert.Equal(good.Order(), (await ApplicationsAsync(db)).Order());
    }

    [Fact]
    public async Task Dispatcher_ThrowAndWaitFromEachSource_ThrowCountsOneAttemptWaitCountsNoneAndDeadLettersAfterWaitLimit()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var options = new InboxOptions { MaxWait = TimeSpan.FromHours(2), WaitPollInterval = TimeSpan.FromMinutes(1) };
        await using var services = BuildServices(database, clock, options);
        (NotificationSource, string)[] sources = [(NotificationSource.HiPayWallet, "identification"), (NotificationSource.HiPayWallet, "capture"), (NotificationSource.HiPayEnterprise, "118")];
        var throwing = new List<long>();
        var waiting = new List<long>();
        foreach (var (source, kind) in sources)
        {
            throwing.Add(await StoreAsync(database, source, kind, "throw"));
            waiting.Add(await StoreAsync(database, source, kind, "wait"));
        }

        var dispatcher = services.GetRequiredService<InboxDispatcher>();
        await dispatcher.DrainAsync(CancellationToken.None);
        var thrown = await RowsAsync(database, throwing);
        var waited = await RowsAsync(database, waiting);
        clock.Advance(TimeSpan.FromMinutes(90));
        await dispatcher.DispatchBatchAsync(CancellationToken.None);
        var stillWaiting = await RowsAsync(database, waiting);
        clock.Advance(TimeSpan.FromMinutes(31));
        await dispatcher.DispatchBatchAsync(CancellationToken.None);
        var expired = await RowsAsync(database, waiting);

        Assert.All(thrown, m => Assert.Equal((InboxOutcome.Failed, 1), (m.Outcome, m.Attempts)));
        Assert.All(waited, m => Assert.Equal((InboxOutcome.Pending, 0), (m.Outcome, m.Attempts)));
        Assert.All(waited, m => Assert.Equal(clock.Start + TimeSpan.FromMinutes(1), m.NextAttemptAt));
        Assert.All(stillWaiting, m => Assert.Equal((InboxOutcome.Pending, 0), (m.Outcome, m.Attempts)));
        Assert.All(expired, m => Assert.Equal((InboxOutcome.DeadLetter, 0), (m.Outcome, m.Attempts)));
        Assert.All(expired, m => Assert.Contains("waited longer than", m.OutcomeMessage, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dispatcher_TwoProcessesDrainTheSameRows_EachRowAppliedExactlyOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var ids = new List<long>();
        await using (var db = database.CreateContext())
        {
            var rows = Enumerable.Range(0, 300).Select(i => NewRow(i % 2 == 0 ? NotificationSource.HiPayWallet : NotificationSource.HiPayEnterprise, i % 2 == 0 ? "identification" : "118", "ok")).ToList();
            db.Inbox.AddRange(rows);
            await db.SaveChangesAsync();
            ids.AddRange(rows.Select(r => r.Id));
        }

        // Two service providers: two dispatchers with their own contexts and owners, as two processes would be.
        await using var first = BuildServices(database, TimeProvider.System, new InboxOptions { BatchSize = 20 });
        await using var second = BuildServices(database, TimeProvider.System, new InboxOptions { BatchSize = 20 });
        await Task.WhenAll(
            Task.Run(() => first.GetRequiredService<InboxDispatcher>().DrainAsync(CancellationToken.None)),
            Task.Run(() => second.GetRequiredService<InboxDispatcher>().DrainAsync(CancellationToken.None)));

        await using var check = database.CreateContext();
        var applications = await ApplicationsAsync(check);
        Assert.Equal(300, applications.Count);
        Assert.Equal(ids.Order(), applications.Order());
        Assert.All(await check.Inbox.ToListAsync(), m => Assert.Equal((InboxOutcome.Applied, 0, (string?)null), (m.Outcome, m.Attempts, m.ClaimedBy)));
    }

    [Fact]
    public async Task Replay_DeadLetterAfterCauseFixed_AppliedOnce()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var services = BuildServices(database, clock, new InboxOptions { MaxAttempts = 1 });
        var cause = services.GetRequiredService<ScriptedCause>();
        var id = await StoreAsync(database, NotificationSource.HiPayEnterprise, "118", "fixable");
        var dispatcher = services.GetRequiredService<InboxDispatcher>();

        await dispatcher.DrainAsync(CancellationToken.None);
        var dead = await RowAsync(database, id);
        cause.Fixed = true;
        clock.Advance(TimeSpan.FromDays(1));
        await dispatcher.DrainAsync(CancellationToken.None);
        var untouched = await RowAsync(database, id);
        bool replayed, replayedAgain;
        await using (var db = database.CreateContext())
        {
            replayed = await InboxStore.ReplayAsync(db, id, CancellationToken.None);
        }

        await dispatcher.DrainAsync(CancellationToken.None);
        await dispatcher.DrainAsync(CancellationToken.None);
        await using (var db = database.CreateContext())
        {
            replayedAgain = await InboxStore.ReplayAsync(db, id, CancellationToken.None);
        }

        await using var check = database.CreateContext();
        Assert.Equal((InboxOutcome.DeadLetter, 1), (dead.Outcome, dead.Attempts));
        Assert.Equal(InboxOutcome.DeadLetter, untouched.Outcome);
        Assert.True(replayed);
        Assert.False(replayedAgain);
        Assert.Equal(InboxOutcome.Applied, (await RowAsync(database, id)).Outcome);
        Assert.Equal([id], await ApplicationsAsync(check));
    }

    internal static ServiceProvider BuildServices(TestDatabase database, TimeProvider clock, InboxOptions options)
    {
        var settings = new ConnectorSettings
        {
            Database = new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString },
            Inbox = options,
        };
        var services = new ServiceCollection().AddLogging().AddSingleton(clock);
        services.AddConnectorCore(settings).AddInbox();
        services.AddSingleton<ScriptedCause>();
        services.AddScoped<IInboxHandler>(sp => new ScriptedHandler(NotificationSource.HiPayWallet, k => k != "capture", sp.GetRequiredService<ScriptedCause>(), clock));
        services.AddScoped<IInboxHandler>(sp => new ScriptedHandler(NotificationSource.HiPayWallet, k => k == "capture", sp.GetRequiredService<ScriptedCause>(), clock));
        services.AddScoped<IInboxHandler>(sp => new ScriptedHandler(NotificationSource.HiPayEnterprise, _ => true, sp.GetRequiredService<ScriptedCause>(), clock));
        return services.BuildServiceProvider();
    }

    private static InboxMessage NewRow(NotificationSource source, string kind, string script) => new()
    {
        Source = source,
        Kind = kind,
        DedupeKey = Guid.NewGuid().ToString("N"),
        RawBody = Encoding.UTF8.GetBytes(script),
        ContentType = "text/plain",
        ReceivedAt = DateTimeOffset.UtcNow,
    };

    private static async Task<long> StoreAsync(TestDatabase database, NotificationSource source, string kind, string script)
    {
        await using var db = database.CreateContext();
        var row = NewRow(source, kind, script);
        db.Inbox.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private static async Task<InboxMessage> RowAsync(TestDatabase database, long id)
    {
        await using var db = database.CreateContext();
        return await db.Inbox.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private static async Task<List<InboxMessage>> RowsAsync(TestDatabase database, List<long> ids)
    {
        await using var db = database.CreateContext();
        return await db.Inbox.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync();
    }

    /// <summary>The inbox ids whose effect was committed, one entry per application.</summary>
    private static async Task<List<long>> ApplicationsAsync(ConnectorDbContext db) =>
        (await db.GeneralLog.AsNoTracking().Where(l => l.Action == Applied).Select(l => l.Message).ToListAsync())
            .Select(m => long.Parse(m, CultureInfo.InvariantCulture)).ToList();

    internal sealed class ScriptedCause
    {
        public volatile bool Fixed;
    }

    private sealed class ScriptedHandler(NotificationSource source, Func<string?, bool> accepts, ScriptedCause cause, TimeProvider clock) : IInboxHandler
    {
        public NotificationSource Source => source;

        public bool Accepts(string? kind) => accepts(kind);

        public int Order(string? kind) => 0;

        public Task<InboxResult> HandleAsync(ConnectorDbContext context, InboxMessage message, CancellationToken ct)
        {
            switch (Encoding.UTF8.GetString(message.RawBody))
            {
                case "throw":
                case "fixable" when !cause.Fixed:
                    throw new InvalidOperationException("poison row " + message.Id.ToString(CultureInfo.InvariantCulture));
                case "wait":
                    return Task.FromResult(InboxResult.Waiting("leg unknown"));
                default:
                    context.GeneralLog.Add(new GeneralLogEntry
                    {
                        CreatedAt = clock.GetUtcNow(),
                        Level = 200,
                        LevelName = "INFO",
                        Action = Applied,
                        Message = message.Id.ToString(CultureInfo.InvariantCulture),
                    });
                    return Task.FromResult(new InboxResult(InboxOutcome.Applied, "applied"));
            }
        }
    }
}
