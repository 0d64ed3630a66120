using System.Collections.Concurrent;
using System.Globalization;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HiPayMirakl.IntegrationTests.Alerts;

/// <summary>
/// The alerting feature's background service on a real database, mailing a real SMTP server on loopback; windows pass
/// on a virtual clock. Outcomes are read from the alert log and the messages the SMTP server received.
/// </summary>
public sealed class AlertDigestTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private static readonly string[] Recipients = ["ops@example.com", "finance@example.com"];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Digest_ThousandLegErrorsWithinAMinute_OneMailPerWindowPerRecipientNamingEveryLeg(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var bed = await AlertBed.StartAsync(provider, smtp.Port);

        // 1,000 alerts about 50 legs, one every 60 ms of virtual time: a minute. In two halves, each stored before the
        // next is raised, so the service has had every chance to mail early.
        for (var i = 0; i < 1000; i++)
        {
            var leg = 4200 + (i % 50);
            bed.Sink.Raise(new Alert("leg.held", AlertSeverity.Error, $"Leg {leg} held (SellerPayout, shop 2001, 12.50 EUR): Transfer rejected",
                "Nothing is sent for it until an operator releases it.", leg.ToString(CultureInfo.InvariantCulture)));
            bed.Clock.Advance(TimeSpan.FromMilliseconds(60));
            if (i == 499)
            {
                await bed.WaitForRowsAsync(500);
            }
        }

        await bed.WaitForRowsAsync(1000);
        Assert.Empty(smtp.Received);

        bed.Clock.Advance(Window);
        var first = await smtp.WaitForAsync(1);
        await bed.WaitUntilAsync(db => db.AlertLog.AllAsync(a => a.MailedAt != null));

        // A second window with ten new legs: a second mail, only about them.
        for (var leg = 5000; leg < 5010; leg++)
        {
            bed.Sink.Raise(new Alert("leg.held", AlertSeverity.Error, $"Leg {leg} held (SellerPayout, shop 2002, 3.00 EUR): Payment blocked", "", leg.ToString(CultureInfo.InvariantCulture)));
        }

        await bed.WaitForRowsAsync(1010);
        bed.Clock.Advance(Window);
        var mails = await smtp.WaitForAsync(2);
        bed.Clock.Advance(Window);
        await bed.WaitUntilAsync(db => db.AlertLog.AllAsync(a => a.MailedAt != null));
        // The SMTP server has the mail before the sender records the digest as sent: wait for that record too.
        await bed.WaitUntilAsync(db => db.AlertDigests.AllAsync(d => d.Status == AlertDigestStatus.Sent));

        Assert.Single(first);
        Assert.Equal(2, mails.Count);
        foreach (var recipient in Recipients)
        {
            Assert.Equal(2, mails.Count(m => m.Recipients.Contains(recipient)));
        }

        var one = mails[0];
        Assert.Equal(Recipients.Order(), one.Recipients.Order());
        Assert.Equal(Recipients.Order(), one.Message.To.Mailboxes.Select(m => m.Address).Order());
        Assert.Contains("1000 alerts", one.Message.Subject, StringComparison.Ordinal);
        for (var leg = 4200; leg < 4250; leg++)
        {
            Assert.Contains($"Leg {leg} held (SellerPayout, shop 2001, 12.50 EUR): Transfer rejected (×20,", one.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Leg 5000", one.Text, StringComparison.Ordinal);
        var two = mails[1];
        Assert.Contains("10 alerts", two.Message.Subject, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(5000, 10), leg => Assert.Contains($"Leg {leg} held", two.Text, StringComparison.Ordinal));
        Assert.DoesNotContain("Leg 4200", two.Text, StringComparison.Ordinal);

        await using var check = bed.Database.CreateContext();
        var digests = await check.AlertDigests.OrderBy(d => d.Id).ToListAsync();
        Assert.Equal([AlertDigestStatus.Sent, AlertDigestStatus.Sent], digests.Select(d => d.Status));
        Assert.Equal([1000, 10], digests.Select(d => d.AlertCount));
        var rows = await check.AlertLog.ToListAsync();
        // Each digest went no earlier than a window after the first alert it carries, and a window after the one before.
        Assert.True(digests[0].CreatedAt >= rows.Min(r => r.RaisedAt) + Window, $"first digest at {digests[0].CreatedAt:O}");
        Assert.True(digests[1].CreatedAt - digests[0].CreatedAt >= Window);
        Assert.Equal(1010, rows.Count);
        Assert.Equal(1000, rows.Count(r => r.DigestId == digests[0].Id));
        Assert.Equal(950, rows.Count(r => r.Throttled));
        Assert.Equal(60, rows.Count(r => !r.Throttled));
        Assert.All(rows, r => Assert.Equal("leg.held", r.Kind));
    }

    [Fact]
    public async Task Digest_AlertsBelowEmailLevel_StoredButNeverMailed()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var bed = await AlertBed.StartAsync(DatabaseProvider.Sqlite, smtp.Port, emailLevel: 400);

        bed.Sink.Raise(new Alert("wallet.balance-low", AlertSeverity.Warning, "Technical wallet EUR: short", "", "EUR"));
        bed.Sink.Raise(new Alert("test.info", AlertSeverity.Info, "For the record", ""));
        bed.Sink.Raise(new Alert("inbox.dead-letter", AlertSeverity.Error, "Inbox row 7 dead-lettered", "", "7"));
        await bed.WaitForRowsAsync(3);
        bed.Clock.Advance(Window);
        var mails = await smtp.WaitForAsync(1);
        await bed.WaitUntilAsync(db => db.AlertLog.AnyAsync(a => a.MailedAt != null));
        bed.Clock.Advance(Window);
        await bed.StopAsync();

        var mail = Assert.Single(mails);
        Assert.Contains("Inbox row 7 dead-lettered", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Technical wallet", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("For the record", mail.Text, StringComparison.Ordinal);
        await using var db = bed.Database.CreateContext();
        var rows = await db.AlertLog.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([false, false, true], rows.Select(r => r.Mailable));
        Assert.Equal([false, false, true], rows.Select(r => r.MailedAt is not null));
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task Digest_SmtpDown_AlertsKeptThenMailedOnceItIsBackAndThePasswordNeverLogged()
    {
        const string password = "smtp-relay-s3cret";
        var port = SmtpTestServer.FreePort();
        var logs = new RecordingLogs();
        await using var bed = await AlertBed.StartAsync(DatabaseProvider.Sqlite, port, login: "relay", password: password, logs: logs);

        bed.Sink.Raise(new Alert("reconciliation.drift", AlertSeverity.Error, "Invoice 9001: missing-leg", "SellerPayout owed 10.00 EUR, no leg", "9001/missing-leg"));
        bed.Sink.Raise(new Alert("leg.held", AlertSeverity.Error, "Leg 77 held", "", "77"));
        await bed.WaitForRowsAsync(2);
        bed.Clock.Advance(Window);
        await bed.WaitUntilAsync(db => db.AlertDigests.AnyAsync(d => d.Status == AlertDigestStatus.Failed));

        await using (var db = bed.Database.CreateContext())
        {
            Assert.All(await db.AlertLog.ToListAsync(), a => Assert.Equal((null, null), (a.DigestId, a.MailedAt)));
        }

        await using var smtp = await SmtpTestServer.StartAsync(port, "relay", password);
        bed.Clock.Advance(Window);
        var mails = await smtp.WaitForAsync(1);
        await bed.WaitUntilAsync(db => db.AlertLog.AllAsync(a => a.MailedAt != null));
        await bed.StopAsync();

        var mail = Assert.Single(mails);
        Assert.Contains("Invoice 9001: missing-leg", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Leg 77 held", mail.Text, StringComparison.Ordinal);
        await using var check = bed.Database.CreateContext();
        Assert.Equal([AlertDigestStatus.Failed, AlertDigestStatus.Sent], await check.AlertDigests.OrderBy(d => d.Id).Select(d => d.Status).ToListAsync());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("not sent", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(await check.AlertDigests.Select(d => d.Error).ToListAsync(), e => e != null && e.Contains(password, StringComparison.Ordinal));
    }

    /// <summary>The alerting feature alone (core services, the alert sink, its background service) on a fake clock.</summary>
    private sealed class AlertBed : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly AlertingService _service;
        private bool _stopped;

        private AlertBed(TestDatabase database, ServiceProvider services, FakeTimeProvider clock)
        {
            Database = database;
            _services = services;
            Clock = clock;
            Sink = services.GetRequiredService<IAlertSink>();
            _service = services.GetServices<IHostedService>().OfType<AlertingService>().Single();
        }

        public TestDatabase Database { get; }

        public FakeTimeProvider Clock { get; }

        public IAlertSink Sink { get; }

        public static async Task<AlertBed> StartAsync(DatabaseProvider provider, int smtpPort, int emailLevel = 300, string? login = null, string? password = null, RecordingLogs? logs = null)
        {
            var database = await TestDatabase.CreateMigratedAsync(provider);
            var settings = new ConnectorSettings
            {
                Database = new DatabaseOptions { Provider = provider, ConnectionString = database.ConnectionString },
                Mail = new MailOptions
                {
                    Host = "127.0.0.1", Port = smtpPort, From = "connector@example.com", To = [.. Recipients], Subject = "[Marketplace]",
                    Username = login, Password = password, TimeoutSeconds = 10,
                },
                Alerting = new AlertingOptions { DigestWindow = Window, EmailLevel = emailLevel },
            };
            Assert.Empty(ConnectorConfigurationValidator.Validate(settings, SettingsScope.Database));
            var clock = new FakeTimeProvider(T0);
            var services = new ServiceCollection()
                .AddLogging(l =>
                {
                    if (logs is not null)
                    {
                        l.AddProvider(logs);
                    }
                })
                .AddSingleton<TimeProvider>(clock);
            services.AddConnectorCore(settings).AddAlerting();
            var bed = new AlertBed(database, services.BuildServiceProvider(), clock);
            await bed._service.StartAsync(CancellationToken.None);
            return bed;
        }

        public Task WaitForRowsAsync(int count) => WaitUntilAsync(async db => await db.AlertLog.CountAsync() >= count);

        /// <summary>Waits (real time, bounded) for the background service to reach a state; fails the test if it never does.</summary>
        public async Task WaitUntilAsync(Func<ConnectorDbContext, Task<bool>> condition)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                await using (var db = Database.CreateContext())
                {
                    if (await condition(db))
                    {
                        return;
                    }
                }

                Assert.True(DateTime.UtcNow < deadline, "the alerting service never reached the expected state");
                await Task.Delay(20);
            }
        }

        public async Task StopAsync()
        {
            if (!_stopped)
            {
                _stopped = true;
                await _service.StopAsync(CancellationToken.None);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            await _services.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    internal sealed class RecordingLogs : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }
}
