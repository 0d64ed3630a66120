using System.Globalization;
using System.Text;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HiPayMirakl.IntegrationTests.Alerts;

/// <summary>Where alerts come from: each source, acting for real, leaves its row in the alert log.</summary>
public sealed class AlertSourceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LegHeld_OperatorHoldsALeg_AlertRowNamesLegShopAmountAndReason(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var legId = await AddLegAsync(harness.Database, 12345, "EUR");

        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<LegAdministration>().HoldAsync(legId, "bank details doubtful", "alice", CancellationToken.None);
        }

        var row = await WaitForAlertAsync(harness.Database, LegHeldAlerts.Kind);
        Assert.Equal(legId.ToString(CultureInfo.InvariantCulture), row.Key);
        Assert.Equal(AlertSeverity.Warning, row.Severity);
        Assert.Contains($"Leg {legId} held (SellerPayout, shop 2001, 123.45 EUR)", row.Subject, StringComparison.Ordinal);
        Assert.Contains("bank details doubtful", row.Subject, StringComparison.Ordinal);
        Assert.Contains("Held by alice", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegHeld_RefusedHold_RaisesNothing()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var legId = await AddLegAsync(harness.Database, 500, "EUR");
        await using (var scope = harness.CreateScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<LegAdministration>();
            await admin.HoldAsync(legId, "first", "alice", CancellationToken.None);
            await Assert.ThrowsAsync<LegActionException>(() => admin.HoldAsync(legId, "again", "bob", CancellationToken.None));
        }

        await harness.Services.GetRequiredService<QueuedAlertSink>().StoreQueuedAsync(CancellationToken.None);
        await using var db = harness.CreateDbContext();
        var rows = await db.AlertLog.Where(a => a.Kind == LegHeldAlerts.Kind).ToListAsync();
        Assert.Contains("first", Assert.Single(rows).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransferRun_TechnicalWalletBelowWhatReadyLegsNeed_LowBalanceAlertWithBothAmounts()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedVendorAsync(harness, 2002);
        await PayoutWorld.SeedInvoiceAsync(harness, 9401, 2001, 30.00m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9402, 2002, 20.00m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 4_000);

        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        var row = await WaitForAlertAsync(harness.Database, PayoutExecutor.LowBalanceAlertKind);
        Assert.Equal("EUR", row.Key);
        Assert.Equal(AlertSeverity.Error, row.Severity);
        Assert.Contains("40.00 EUR available, 50.00 EUR needed by 2 legs", row.Subject, StringComparison.Ordinal);
        Assert.Contains("Short by 10.00 EUR", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransferRun_TechnicalWalletCoversReadyLegs_NoLowBalanceAlert()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedInvoiceAsync(harness, 9401, 2001, 30.00m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 3_000);

        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        await harness.Services.GetRequiredService<QueuedAlertSink>().StoreQueuedAsync(CancellationToken.None);

        await using var db = harness.CreateDbContext();
        Assert.Equal(LegStatus.TransferSuccess, (await db.Legs.SingleAsync()).Status);
        Assert.False(await db.AlertLog.AnyAsync(a => a.Kind == PayoutExecutor.LowBalanceAlertKind));
    }

    [Fact]
    public async Task Reconcile_InvoiceWithoutLeg_DriftAlertNamesTheInvoice()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedInvoiceAsync(harness, 9501, 2001, 12.00m, 0m);

        IReadOnlyList<ReconciliationFinding> issues;
        await using (var scope = harness.CreateScope())
        {
            issues = (await scope.ServiceProvider.GetRequiredService<Reconciler>()
                .RunAsync(PayoutWorld.Window, ReconciliationTrigger.Cli, null, CancellationToken.None)).Findings;
        }

        var row = await WaitForAlertAsync(harness.Database, Reconciler.DriftAlertKind);
        Assert.Equal("missing-leg", Assert.Single(issues).Kind);
        Assert.Equal("9501/SellerPayout/missing-leg", row.Key);
        Assert.Equal("Invoice 9501: missing-leg", row.Subject);
        Assert.Contains("owed 12.00", row.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeadLetter_RowFailsItsLastAttempt_DeadLetterAlertAndErrorLogAlert(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new FakeTimeProvider(T0);
        var settings = new ConnectorSettings
        {
            Database = new DatabaseOptions { Provider = provider, ConnectionString = database.ConnectionString },
            Inbox = new InboxOptions { MaxAttempts = 1 },
        };
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);
        services.AddConnectorCore(settings).AddInbox().AddAlerting();
        services.AddScoped<IInboxHandler, FailingHandler>();
        await using var provided = services.BuildServiceProvider();
        long id;
        await using (var db = database.CreateContext())
        {
            var row = new InboxMessage
            {
                Source = NotificationSource.HiPayWallet, Kind = "identification", DedupeKey = "dead-1",
                RawBody = Encoding.UTF8.GetBytes("x"), ContentType = "text/plain", ReceivedAt = T0,
            };
            db.Inbox.Add(row);
            await db.SaveChangesAsync();
            id = row.Id;
        }

        await provided.GetRequiredService<InboxDispatcher>().DrainAsync(CancellationToken.None);
        // A warning is not an error: it must not become an alert.
        provided.GetRequiredService<ILoggerFactory>().CreateLogger("HiPayMirakl.Test").LogWarning("only a warning");
        await provided.GetRequiredService<QueuedAlertSink>().StoreQueuedAsync(CancellationToken.None);

        await using var check = database.CreateContext();
        var alerts = await check.AlertLog.OrderBy(a => a.Id).ToListAsync();
        var dead = Assert.Single(alerts, a => a.Kind == InboxDispatcher.DeadLetterAlertKind);
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), dead.Key);
        Assert.Equal(AlertSeverity.Error, dead.Severity);
        Assert.Contains($"Inbox row {id}", dead.Subject, StringComparison.Ordinal);
        Assert.Contains("handler broke", dead.Subject, StringComparison.Ordinal);
        Assert.Equal(T0, dead.RaisedAt);
        var logged = Assert.Single(alerts, a => a.Kind == ErrorLogAlertProvider.Kind);
        Assert.Contains($"Inbox row {id} dead-lettered", logged.Subject, StringComparison.Ordinal);
        Assert.StartsWith(typeof(InboxDispatcher).FullName + ": ", logged.Key, StringComparison.Ordinal);
        Assert.Equal(2, alerts.Count);
    }

    private static async Task<long> AddLegAsync(TestDatabase database, long amountMinor, string currency)
    {
        await using var db = database.CreateContext();
        var vendor = new Vendor { MiraklShopId = 2001, HiPayAccountId = 602001, Email = "shop2001@example.com", Enabled = true };
        db.Vendors.Add(vendor);
        await db.SaveChangesAsync();
        var leg = new Leg
        {
            Kind = LegKind.SellerPayout,
            InvoiceId = "7001",
            MiraklShopId = 2001,
            VendorId = vendor.Id,
            BeneficiaryAccountId = 602001,
            AmountMinor = amountMinor,
            OriginAmountMinor = amountMinor,
            Currency = currency,
            MerchantUniqueId = Leg.MintMerchantUniqueId(LegKind.SellerPayout, "7001", "100000", 602001),
            CycleDate = T0,
            CreatedAt = T0,
            UpdatedAt = T0,
            NextAttemptAt = T0.AddYears(1),
        };
        db.Legs.Add(leg);
        await db.SaveChangesAsync();
        return leg.Id;
    }

    private static async Task<AlertLogEntry> WaitForAlertAsync(TestDatabase database, string kind)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using (var db = database.CreateContext())
            {
                if (await db.AlertLog.AsNoTracking().SingleOrDefaultAsync(a => a.Kind == kind) is { } row)
                {
                    return row;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {kind} alert was stored");
            await Task.Delay(20);
        }
    }

    private sealed class FailingHandler : IInboxHandler
    {
        public NotificationSource Source => NotificationSource.HiPayWallet;

        public bool Accepts(string? kind) => true;

        public int Order(string? kind) => 0;

        public Task<InboxResult> HandleAsync(ConnectorDbContext context, InboxMessage message, CancellationToken ct) =>
            throw new InvalidOperationException("handler broke");
    }
}
