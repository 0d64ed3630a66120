using System.Net.Http.Json;
using System.Data.Common;
using System.Globalization;
using System.Net;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Monitoring;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Support;
using HiPayMirakl.Mirakl;
using HiPayMirakl.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HiPayMirakl.IntegrationTests.Monitoring;

public sealed class MetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Scrape_LegsAndInbox_EveryFigureMatchesTheDatabase(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(Now);
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
        });
        await SeedAsync(harness);
        var viewer = await harness.ClientAsync(ConnectorPolicies.Viewer);

        var samples = await ScrapeAsync(viewer);

        await using var db = harness.CreateDbContext();
        var groups = await QueryAsync(db, "SELECT status, currency, COUNT(*), SUM(amount_minor) FROM legs GROUP BY status, currency",
            r => (Status: (LegStatus)Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), Currency: r.GetString(1), Count: Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture), Sum: Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture)));
        Assert.True(groups.Select(g => g.Currency).Distinct().Count() >= 3 && groups.Select(g => g.Status).Distinct().Count() >= 5, "the seed covers several currencies and statuses");
        var amounts = samples.Where("hipaymirakl_legs_amount_minor").ToList();
        Assert.Equal(groups.Count, amounts.Count);
        foreach (var group in groups)
        {
            var sample = Assert.Single(samples.Where("hipaymirakl_legs_amount_minor", ("currency", group.Currency), ("status", group.Status.ToString())));
            Assert.Equal(group.Sum, sample.Whole);
        }

        var byStatus = groups.GroupBy(g => g.Status).ToDictionary(g => g.Key.ToString(), g => g.Sum(x => x.Count));
        Assert.Equal(byStatus.OrderBy(p => p.Key), samples.Where("hipaymirakl_legs").ToDictionary(s => s.Labels["status"], s => s.Whole).OrderBy(p => p.Key));

        // Pending: on its way to a bank. Not paid out or closed (terminal), not a debt waiting to be netted or collected.
        var notPending = string.Join(',', new[]
        {
            LegStatus.WithdrawSuccess, LegStatus.Adjusted, LegStatus.InvalidAmount,
            LegStatus.PendingNetting, LegStatus.CoveredByDirectDebit, LegStatus.CollectedByDirectDebit,
        }.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)));
        var oldestPending = Instant(Assert.Single(await QueryAsync(db, $"SELECT MIN(created_at) FROM legs WHERE status NOT IN ({notPending})", r => r.GetValue(0))));
        Assert.Equal(Now - TimeSpan.FromDays(3), oldestPending);
        Assert.Equal((Now - oldestPending).TotalSeconds, Assert.Single(samples.Where("hipaymirakl_legs_oldest_pending_age_seconds")).Number);

        var deadLetters = Assert.Single(await QueryAsync(db, $"SELECT COUNT(*) FROM notification_inbox WHERE outcome = {(int)InboxOutcome.DeadLetter}", r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture)));
        Assert.Equal(deadLetters, Assert.Single(samples.Where("hipaymirakl_inbox_dead_letters")).Whole);
        var unprocessedFilter = $"outcome IN ({(int)InboxOutcome.Pending},{(int)InboxOutcome.Failed})";
        var (unprocessed, oldestReceived) = Assert.Single(await QueryAsync(db, $"SELECT COUNT(*), MIN(received_at) FROM notification_inbox WHERE {unprocessedFilter}",
            r => (Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), r.GetValue(1))));
        Assert.Equal(unprocessed, Assert.Single(samples.Where("hipaymirakl_inbox_unprocessed")).Whole);
        Assert.Equal((Now - Instant(oldestReceived)).TotalSeconds, Assert.Single(samples.Where("hipaymirakl_inbox_lag_seconds")).Number);

        // Read from the database at scrape time: a leg added behind the connector's back shows once the cache has expired.
        db.Legs.Add(NewLeg("9999", "EUR", 4200, Now));
        await db.SaveChangesAsync();
        clock.Advance(harness.Settings.Monitoring.MetricsCacheDuration + TimeSpan.FromSeconds(1));
        var later = await ScrapeAsync(viewer);
        var created = groups.Single(g => g is { Status: LegStatus.Created, Currency: "EUR" });
        Assert.Equal(created.Sum + 4200, Assert.Single(later.Where("hipaymirakl_legs_amount_minor", ("currency", "EUR"), ("status", "Created"))).Whole);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Scrape_AfterCallsWithFaults_ProviderCountersMatchTheSimulatorJournals(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await harness.MiraklControl.PostSimAsync("/_sim/faults", new { kind = "RateLimited", method = "GET", pathRegex = "^/api/documents$", nth = 1, count = 1, retryAfterSeconds = 1 });
        await harness.MiraklControl.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 503, method = "GET", pathRegex = "^/api/documents$", nth = 3, count = 1 });
        await harness.WalletControl.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 500, method = "GET", pathRegex = "^/api/user-account/balance$", nth = 1, count = 1 });
        await harness.WalletControl.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 404, method = "GET", pathRegex = "^/api/user-account/balance$", nth = 3, count = 1 });
        await using (var scope = harness.CreateScope())
        {
            var mirakl = scope.ServiceProvider.GetRequiredService<IMiraklClient>();
            await mirakl.GetDocumentTypesAsync();
            await mirakl.GetDocumentTypesAsync();
            var wallet = scope.ServiceProvider.GetRequiredService<HiPayWalletClient>();
            await wallet.GetBalanceAsync(null);
            await Assert.ThrowsAsync<HiPayWalletApiException>(() => wallet.GetBalanceAsync(null));
        }

        var viewer = await harness.ClientAsync(ConnectorPolicies.Viewer);
        var samples = await ScrapeAsync(viewer);

        foreach (var (api, control) in new[] { (ProviderApi.Mirakl, harness.MiraklControl), (ProviderApi.HiPayWallet, harness.WalletControl) })
        {
            var journal = await control.GetSimAsync("/_sim/journal");
            var expected = journal.EnumerateArray()
                .Where(e => !e.GetProperty("path").GetString()!.StartsWith("/_sim", StringComparison.Ordinal))
                .GroupBy(e => Outcome(e.GetProperty("status").GetInt32()))
                .ToDictionary(g => g.Key, g => (long)g.Count());
            var counted = samples.Where("hipaymirakl_provider_calls_total", ("api", api)).ToDictionary(s => s.Labels["outcome"], s => s.Whole);
            Assert.Equal(expected.OrderBy(p => p.Key), counted.OrderBy(p => p.Key));
        }

        Assert.Equal(1, Assert.Single(samples.Where("hipaymirakl_provider_calls_total", ("api", ProviderApi.Mirakl), ("outcome", "throttled"))).Whole);
        Assert.Equal(1, Assert.Single(samples.Where("hipaymirakl_provider_calls_total", ("api", ProviderApi.Mirakl), ("outcome", "server_error"))).Whole);
        Assert.Equal(1, Assert.Single(samples.Where("hipaymirakl_provider_calls_total", ("api", ProviderApi.HiPayWallet), ("outcome", "server_error"))).Whole);
        Assert.Equal(1, Assert.Single(samples.Where("hipaymirakl_provider_calls_total", ("api", ProviderApi.HiPayWallet), ("outcome", "client_error"))).Whole);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Scrape_AfterAJob_RecordsItsDurationOnce(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var runner = harness.Services.GetRequiredService<Core.Features.Batches.JobRunner>();
        await runner.RunAsync("metrics:test", null, (_, _) => Task.CompletedTask, CancellationToken.None);
        await runner.RunAsync("metrics:test", null, (_, _) => throw new InvalidOperationException("fails on purpose"), CancellationToken.None);

        var viewer = await harness.ClientAsync(ConnectorPolicies.Viewer);
        var samples = await ScrapeAsync(viewer);

        await using var db = harness.CreateDbContext();
        var batches = await db.Batches.AsNoTracking().Where(b => b.Name == "metrics:test").ToListAsync();
        foreach (var status in batches.GroupBy(b => b.Status.ToString()))
        {
            Assert.Equal(status.Count(), Assert.Single(samples.Where("hipaymirakl_job_duration_seconds_count", ("job", "metrics:test"), ("outcome", status.Key))).Whole);
            Assert.Equal(status.Count(), Assert.Single(samples.Where("hipaymirakl_job_duration_seconds_bucket", ("job", "metrics:test"), ("outcome", status.Key), ("le", "+Inf"))).Whole);
        }

        Assert.Equal(2, samples.Where("hipaymirakl_job_duration_seconds_count").Sum(s => s.Whole));
    }

    [Fact]
    public async Task ProviderFailing_ForTheConfiguredTime_AlertsOnceThenSaysItRecovered()
    {
        var clock = new FakeTimeProvider(Now);
        var alerts = new RecordingAlertSink();
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false, services: s =>
        {
            s.AddSingleton<IAlertSink>(alerts);
            s.AddSingleton(sp => new ProviderOutageMonitor(sp.GetRequiredService<IAlertSink>(), clock, sp.GetRequiredService<MonitoringOptions>()));
        });
        var fault = await harness.WalletControl.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 502, method = "GET", pathRegex = "^/api/user-account/balance$" });
        // The named client is the typed client's HttpClient (its handlers) without the client's retries: one call, one attempt.
        using var http = harness.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(HiPayWalletClient));
        async Task CallAsync(HttpStatusCode expected)
        {
            using var response = await http.GetAsync(new Uri("api/user-account/balance", UriKind.Relative));
            Assert.Equal(expected, response.StatusCode);
        }

        var after = harness.Settings.Monitoring.ProviderFailingAfter;
        await CallAsync(HttpStatusCode.BadGateway);
        clock.Advance(after - TimeSpan.FromSeconds(1));
        await CallAsync(HttpStatusCode.BadGateway);
        Assert.Empty(alerts.Raised);

        clock.Advance(TimeSpan.FromSeconds(1));
        await CallAsync(HttpStatusCode.BadGateway);
        clock.Advance(TimeSpan.FromMinutes(30));
        await CallAsync(HttpStatusCode.BadGateway);
        var failing = Assert.Single(alerts.Raised);
        Assert.Equal((ProviderOutageMonitor.FailingKind, ProviderApi.HiPayWallet, AlertSeverity.Error), (failing.Kind, failing.Key, failing.Severity));

        using (var removed = await harness.WalletControl.DeleteAsync(new Uri($"/_sim/faults/{fault.GetProperty("id").GetString()}", UriKind.Relative)))
        {
            Assert.True(removed.IsSuccessStatusCode);
        }

        await CallAsync(HttpStatusCode.OK);
        await CallAsync(HttpStatusCode.OK);
        Assert.Equal([ProviderOutageMonitor.FailingKind, ProviderOutageMonitor.RecoveredKind], alerts.Raised.Select(a => a.Kind));
        Assert.All(alerts.Raised, a => Assert.DoesNotContain(harness.Settings.HiPayWallet.WsPassword, a.Subject + a.Detail, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Metrics_WithoutCredentials_Is401(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);

        using var anonymous = await harness.WebClient.GetAsync("/metrics");
        // A person signed in without any role: authenticated, but not a viewer.
        await harness.AddUserAsync("norole@example.test", "correct horse battery", role: null);
        var noRole = harness.NewClient();
        using (var login = await noRole.PostAsJsonAsync("/account/login", new { email = "norole@example.test", password = "correct horse battery" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using var forbidden = await noRole.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static string Outcome(int status) => status switch
    {
        429 => "throttled",
        >= 500 => "server_error",
        >= 400 => "client_error",
        _ => "ok",
    };

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics: HTTP {(int)response.StatusCode} {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return PrometheusText.Parse(text);
    }

    private static async Task SeedAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        var rows = new (string Currency, long Amount, LegStatus Status, TimeSpan Age)[]
        {
            ("EUR", 1000, LegStatus.Created, TimeSpan.FromHours(1)),
            ("EUR", 2550, LegStatus.Created, TimeSpan.FromHours(2)),
            ("EUR", 3000, LegStatus.TransferSuccess, TimeSpan.FromHours(5)),
            ("EUR", 1999, LegStatus.TransferSuccess, TimeSpan.FromHours(4)),
            ("EUR", 7000, LegStatus.WithdrawSuccess, TimeSpan.FromDays(40)),
            ("EUR", -450, LegStatus.PendingNetting, TimeSpan.FromDays(60)),
            ("EUR", 880, LegStatus.TransferHeld, TimeSpan.FromDays(3)),
            ("JPY", 1500, LegStatus.Created, TimeSpan.FromHours(1)),
            ("JPY", 700, LegStatus.WithdrawRequested, TimeSpan.FromHours(30)),
            ("TND", 12345, LegStatus.Created, TimeSpan.FromMinutes(10)),
            ("TND", 5, LegStatus.WithdrawSuccess, TimeSpan.FromDays(9)),
        };
        var legs = rows.Select((r, i) => (Leg: NewLeg((8000 + i).ToString(CultureInfo.InvariantCulture), r.Currency, r.Amount, Now - r.Age), r.Status)).ToList();
        db.Legs.AddRange(legs.Select(l => l.Leg));
        var inbox = new (InboxOutcome Outcome, TimeSpan Age)[]
        {
            (InboxOutcome.Pending, TimeSpan.FromMinutes(30)),
            (InboxOutcome.Failed, TimeSpan.FromHours(2)),
            (InboxOutcome.Applied, TimeSpan.FromHours(5)),
            (InboxOutcome.DeadLetter, TimeSpan.FromHours(10)),
            (InboxOutcome.DeadLetter, TimeSpan.FromHours(11)),
            (InboxOutcome.Ignored, TimeSpan.FromHours(12)),
        };
        db.Inbox.AddRange(inbox.Select((m, i) => new InboxMessage
        {
            Source = NotificationSource.HiPayWallet,
            DedupeKey = "metrics-" + i.ToString(CultureInfo.InvariantCulture),
            RawBody = [1],
            ContentType = "application/x-www-form-urlencoded",
            ReceivedAt = Now - m.Age,
            Outcome = m.Outcome,
        }));
        await db.SaveChangesAsync();
        // Statuses are set behind the domain's back: the test only needs rows to count, not a history.
        foreach (var (leg, status) in legs)
        {
            await db.Database.ExecuteSqlAsync($"UPDATE legs SET status = {(int)status} WHERE id = {leg.Id}");
        }
    }

    private static Leg NewLeg(string invoiceId, string currency, long amount, DateTimeOffset createdAt) => new()
    {
        Kind = LegKind.SellerPayout,
        InvoiceId = invoiceId,
        MiraklShopId = 2001,
        BeneficiaryAccountId = 602001,
        AmountMinor = amount,
        OriginAmountMinor = amount,
        Currency = currency,
        MerchantUniqueId = Leg.MintMerchantUniqueId(LegKind.SellerPayout, invoiceId, "100000", 602001),
        CycleDate = createdAt,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    private static async Task<List<T>> QueryAsync<T>(ConnectorDbContext db, string sql, Func<DbDataReader, T> read)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Built from constants and enum values of the test, no input.
            command.CommandText = sql;
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<T>();
            while (await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    /// <summary>A timestamp as each provider returns it: ISO text on SQLite, a timestamp on PostgreSQL.</summary>
    private static DateTimeOffset Instant(object value) => value switch
    {
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset instant => instant,
        _ => throw new InvalidOperationException("unexpected timestamp " + value.GetType().Name),
    };

    private sealed class RecordingAlertSink : IAlertSink
    {
        private readonly List<Alert> _raised = [];

        public IReadOnlyList<Alert> Raised
        {
            get
            {
                lock (_raised)
                {
                    return [.. _raised];
                }
            }
        }

        public void Raise(Alert alert)
        {
            lock (_raised)
            {
                _raised.Add(alert);
            }
        }
    }
}
