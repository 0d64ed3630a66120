using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Payouts;

/// <summary>
/// A leg whose transfer outcome is unknown: only HiPay's own "unknown transaction" answer, long enough after the POST
/// could have landed, makes it sendable again; and never while another instance holds its claim.
/// </summary>
public sealed class InFlightLegTests
{
    private const long Shop = 2001;

    /// <summary>A short client timeout and one retry keep the hanging lookups of these tests short.</summary>
    private static Task<ConnectorHarness> StartAsync(ShiftedClock clock) =>
        ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<HiPayWalletClientOptions>(o =>
            {
                o.Timeout = TimeSpan.FromSeconds(1);
                o.MaxRetries = 1;
                o.RetryBaseDelay = TimeSpan.Zero;
            });
        });

    [Theory]
    [InlineData("http-404")]
    [InlineData("http-503")]
    [InlineData("timeout")]
    [InlineData("unparsable")]
    public async Task Transfer_LookupGivesNoVerdict_LegStaysUnknownAndIsNotSentEvenAfterTheGracePeriod(string fault)
    {
        var clock = new ShiftedClock();
        await using var harness = await StartAsync(clock);
        var legId = await SeedUnknownLegAsync(harness, clock.GetUtcNow());
        object rule = fault switch
        {
            "http-404" => new { kind = "Status", statusCode = 404, body = "<html>404 Not Found</html>", contentType = "text/html", method = "GET", pathRegex = "^/api/transaction/" },
            "http-503" => new { kind = "Status", statusCode = 503, method = "GET", pathRegex = "^/api/transaction/" },
            "timeout" => new { kind = "Hang", method = "GET", pathRegex = "^/api/transaction/" },
            _ => new { kind = "Malformed", body = """{"code":7,"message":"Transact""", method = "GET", pathRegex = "^/api/transaction/" },
        };
        await harness.WalletControl.PostSimAsync("/_sim/faults", rule);
        clock.Jump(TimeSpan.FromHours(2));

        await TransferPassAsync(harness);

        var leg = await LegAsync(harness, legId);
        Assert.Equal(LegStatus.TransferUnknown, leg.Status);
        var journal = await JournalAsync(harness);
        Assert.Contains(journal, e => e.Method == "GET" && e.Path == "/api/transaction/" + leg.TransferMerchantUniqueId);
        Assert.DoesNotContain(journal, e => e.Method == "POST" && e.Path == "/api/transfer");
        Assert.DoesNotContain(await PayoutWorld.TransactionsAsync(harness), t => t.Kind == "Transfer");
    }

    [Fact]
    public async Task Transfer_HiPaySaysUnknownTransactionWithinTheGracePeriod_StaysUnknownThenIsSentOnceAfterIt()
    {
        var clock = new ShiftedClock();
        await using var harness = await StartAsync(clock);
        var legId = await SeedUnknownLegAsync(harness, clock.GetUtcNow());

        await TransferPassAsync(harness);

        Assert.Equal(LegStatus.TransferUnknown, (await LegAsync(harness, legId)).Status);
        Assert.DoesNotContain(await JournalAsync(harness), e => e.Method == "POST" && e.Path == "/api/transfer");

        // Well past anything the client could still have in flight (its longest call plus the margin).
        clock.Jump(TimeSpan.FromMinutes(10));
        await TransferPassAsync(harness);

        var leg = await LegAsync(harness, legId);
        Assert.Equal(LegStatus.TransferRequested, leg.Status);
        Assert.Single(await JournalAsync(harness), e => e.Method == "POST" && e.Path == "/api/transfer");
        var transfer = Assert.Single(await PayoutWorld.TransactionsAsync(harness), t => t.Kind == "Transfer");
        Assert.Equal((leg.TransferMerchantUniqueId, leg.AmountMinor), (transfer.MerchantUniqueId, transfer.Amount));
    }

    [Fact]
    public async Task CashoutTransfer_InFlightLegClaimedByAnotherInstance_IsNeitherLookedUpNorSentUntilTheClaimLapses()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        var now = DateTimeOffset.UtcNow;
        // Long past the grace period: only the live claim protects this leg.
        var legId = await SeedUnknownLegAsync(harness, now.AddDays(-1));
        await using (var db = harness.CreateDbContext())
        {
            await db.Legs.Where(l => l.Id == legId).ExecuteUpdateAsync(u => u
                .SetProperty(l => l.ClaimOwner, "other-host:4242:abc#1")
                .SetProperty(l => l.ClaimToken, 7L)
                .SetProperty(l => l.ClaimExpiresAt, now.AddHours(1)));
        }

        var run = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:transfer"]);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var leg = await LegAsync(harness, legId);
        Assert.Equal((LegStatus.TransferUnknown, 7L, "other-host:4242:abc#1"), (leg.Status, leg.ClaimToken, leg.ClaimOwner));
        var journal = await JournalAsync(harness);
        Assert.DoesNotContain(journal, e => e.Path == "/api/transaction/" + leg.TransferMerchantUniqueId);
        Assert.DoesNotContain(journal, e => e.Method == "POST" && e.Path == "/api/transfer");

        // The other instance died: once its claim lapses, this one resolves the leg (HiPay never saw it) and sends it.
        await using (var db = harness.CreateDbContext())
        {
            await db.Legs.Where(l => l.Id == legId).ExecuteUpdateAsync(u => u.SetProperty(l => l.ClaimExpiresAt, now.AddMinutes(-1)));
        }

        run = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:transfer"]);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        leg = await LegAsync(harness, legId);
        Assert.Equal(LegStatus.TransferRequested, leg.Status);
        Assert.True(leg.ClaimToken > 7, "the takeover raised the fencing token");
        Assert.Null(leg.ClaimOwner);
        Assert.Single(await JournalAsync(harness), e => e.Method == "POST" && e.Path == "/api/transfer");
    }

    private static async Task TransferPassAsync(ConnectorHarness harness)
    {
        await using var scope = harness.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
    }

    /// <summary>A seller leg marked TransferUnknown at <paramref name="requestedAt"/> whose POST never reached HiPay.</summary>
    private static async Task<long> SeedUnknownLegAsync(ConnectorHarness harness, DateTimeOffset requestedAt)
    {
        await PayoutWorld.SeedVendorAsync(harness, Shop);
        await PayoutWorld.FundTechnicalAsync(harness, 100_000);
        await using var db = harness.CreateDbContext();
        var vendor = await db.Vendors.SingleAsync(v => v.MiraklShopId == Shop);
        var account = PayoutWorld.AccountOf(Shop);
        var leg = new Leg
        {
            Kind = LegKind.SellerPayout,
            InvoiceId = "9801",
            MiraklShopId = Shop,
            VendorId = vendor.Id,
            BeneficiaryAccountId = account,
            AmountMinor = 4250,
            OriginAmountMinor = 4250,
            Currency = "EUR",
            MerchantUniqueId = Leg.MintMerchantUniqueId(LegKind.SellerPayout, "9801", "100000", account),
            CycleDate = PayoutWorld.CycleInstant,
            CreatedAt = requestedAt,
            UpdatedAt = requestedAt,
            AttemptCount = 1,
            TransferRequestedAt = requestedAt,
        };
        leg.TransitionTo(LegStatus.TransferUnknown, requestedAt, "Transfer being sent");
        db.Legs.Add(leg);
        await db.SaveChangesAsync();
        return leg.Id;
    }

    private static async Task<Leg> LegAsync(ConnectorHarness harness, long id)
    {
        await using var db = harness.CreateDbContext();
        return await db.Legs.AsNoTracking().SingleAsync(l => l.Id == id);
    }

    private static async Task<List<(string Method, string Path)>> JournalAsync(ConnectorHarness harness)
    {
        var journal = await harness.WalletControl.GetSimAsync("/_sim/journal");
        return journal.EnumerateArray().Select(e => (e.GetProperty("method").GetString() ?? "", e.GetProperty("path").GetString() ?? "")).ToList();
    }
}
