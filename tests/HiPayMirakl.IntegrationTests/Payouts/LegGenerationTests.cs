using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Payouts;

/// <summary>Refused captures, cancelled withdrawals, held legs and the way out: against the real wallet simulator.</summary>
public sealed class LegGenerationTests
{
    private const long Shop = 2001;

    private static async Task<ConnectorHarness> StartAsync(DatabaseProvider provider, int maxAttempts = 20, Action<Simulator.HiPayWallet.HiPayWalletSimulatorOptions>? wallet = null)
    {
        var harness = await ConnectorHarness.StartAsync(provider, wallet: wallet);
        // Failed legs are due again at once, so a test's next round retries them (backoff itself is unit-tested).
        harness.Settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        harness.Settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        harness.Settings.Cycle.MaxAttempts = maxAttempts;
        return harness;
    }

    /// <summary>One seller leg of <paramref name="seller"/> EUR (no commission), the technical wallet funded.</summary>
    private static async Task SeedOneLegAsync(ConnectorHarness harness, long invoiceId, decimal seller)
    {
        await PayoutWorld.SeedVendorAsync(harness, Shop);
        await PayoutWorld.SeedInvoiceAsync(harness, invoiceId, Shop, seller, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 1_000_000);
        // Deliver the funding's own notification now, so that scripted drops hit the payout notifications only.
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(1));
    }

    private static Task<System.Text.Json.JsonElement> SwitchesAsync(ConnectorHarness harness, object switches) => harness.WalletControl.PostSimAsync("/_sim/wallet/switches", switches);

    private static async Task<Leg> LegAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Legs.AsNoTracking().SingleAsync();
    }

    private static async Task<LegStatus?> StatusAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Legs.AsNoTracking().Select(l => (LegStatus?)l.Status).SingleOrDefaultAsync();
    }

    private static async Task<List<BookTransaction>> BooksOfAsync(ConnectorHarness harness, Leg leg, string kind) =>
        (await PayoutWorld.TransactionsAsync(harness))
        .Where(t => t.Kind == kind && t.MerchantUniqueId is { } id && id.Contains(leg.MerchantUniqueId, StringComparison.Ordinal)).ToList();

    private static async Task RoundsUntilAsync(ConnectorHarness harness, LegStatus status, int max)
    {
        for (var round = 0; round < max && await StatusAsync(harness) != status; round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Transfer_CaptureRefusedOnce_NewGenerationIsPaidExactlyOnce(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await SeedOneLegAsync(harness, 9801, 25.00m);
        await SwitchesAsync(harness, new { captureNok = true });

        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        var refused = await LegAsync(harness);
        Assert.Equal((LegStatus.TransferFailed, 1, 1, null), (refused.Status, refused.TransferGeneration, refused.AttemptCount, refused.TransferId));
        await SwitchesAsync(harness, new { captureNok = false });
        await RoundsUntilAsync(harness, LegStatus.WithdrawSuccess, 4);

        var leg = await LegAsync(harness);
        Assert.Equal((LegStatus.WithdrawSuccess, 1), (leg.Status, leg.TransferGeneration));
        var transfers = await BooksOfAsync(harness, leg, "Transfer");
        Assert.Equal(2, transfers.Count);
        Assert.Equal("REJECTED_END", Assert.Single(transfers, t => t.MerchantUniqueId == leg.TransferKey(0)).Status);
        var paid = Assert.Single(transfers, t => t.Status == "CAPTURED");
        Assert.Equal((leg.TransferKey(1), 2500L), (paid.MerchantUniqueId, paid.Amount));
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));
        await using var db = harness.CreateDbContext();
        Assert.Contains(await db.LegLog.AsNoTracking().Where(e => e.LegId == leg.Id).ToListAsync(),
            e => e.ToStatus == LegStatus.TransferFailed && e.Message!.Contains("capture nok", StringComparison.Ordinal) && e.Message.Contains(leg.TransferKey(1), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Transfer_CaptureRefusedEveryTime_HeldAtMaxAttemptsThenReleasedWithANewGeneration(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider, maxAttempts: 3);
        await SeedOneLegAsync(harness, 9802, 12.34m);
        await SwitchesAsync(harness, new { captureNok = true });

        for (var round = 0; round < 5; round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }

        var held = await LegAsync(harness);
        Assert.Equal((LegStatus.TransferHeld, 3, 2), (held.Status, held.AttemptCount, held.TransferGeneration));
        var refused = await BooksOfAsync(harness, held, "Transfer");
        Assert.Equal(new[] { held.TransferKey(0), held.TransferKey(1), held.TransferKey(2) }, refused.Select(t => t.MerchantUniqueId!).Order(StringComparer.Ordinal).ToArray());
        Assert.All(refused, t => Assert.Equal("REJECTED_END", t.Status));

        // The operator finds the cause; the release reads the three refusals at HiPay and mints generation 3.
        await SwitchesAsync(harness, new { captureNok = false });
        await using (var scope = harness.CreateScope())
        {
            var line = await scope.ServiceProvider.GetRequiredService<LegAdministration>().ReleaseAsync(held.Id, "capture limit raised", "ops", CancellationToken.None);
            Assert.Contains(held.TransferKey(3), line, StringComparison.Ordinal);
        }

        await RoundsUntilAsync(harness, LegStatus.WithdrawSuccess, 3);
        var leg = await LegAsync(harness);
        Assert.Equal((LegStatus.WithdrawSuccess, 3), (leg.Status, leg.TransferGeneration));
        var transfers = await BooksOfAsync(harness, leg, "Transfer");
        Assert.Equal(4, transfers.Count);
        Assert.Equal(leg.TransferKey(3), Assert.Single(transfers, t => t.Status == "CAPTURED").MerchantUniqueId);
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task StatusSync_RejectedEnd_StartsANewGenerationLikeTheRefusedCaptureNotification(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await SeedOneLegAsync(harness, 9803, 40.00m);
        await SwitchesAsync(harness, new { captureNok = true });
        // authorization ok and capture nok are lost: only status sync can tell.
        await harness.WalletControl.PostSimAsync("/_sim/outbox/modes", new { dropNext = 2 });

        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        Assert.Equal(LegStatus.TransferRequested, (await LegAsync(harness)).Status);
        await using (var scope = harness.CreateScope())
        {
            var sync = await scope.ServiceProvider.GetRequiredService<PayoutStatusSync>().SyncAsync(CancellationToken.None);
            Assert.Equal(1, sync.Failed);
        }

        var refused = await LegAsync(harness);
        Assert.Equal((LegStatus.TransferFailed, 1, null), (refused.Status, refused.TransferGeneration, refused.TransferId));
        await SwitchesAsync(harness, new { captureNok = false });
        await RoundsUntilAsync(harness, LegStatus.WithdrawSuccess, 4);

        var leg = await LegAsync(harness);
        Assert.Equal(LegStatus.WithdrawSuccess, leg.Status);
        var transfers = await BooksOfAsync(harness, leg, "Transfer");
        Assert.Equal(2, transfers.Count);
        Assert.Equal(leg.TransferKey(1), Assert.Single(transfers, t => t.Status == "CAPTURED").MerchantUniqueId);
        await using var db = harness.CreateDbContext();
        Assert.Contains(await db.LegLog.AsNoTracking().Where(e => e.LegId == leg.Id).ToListAsync(),
            e => e.ToStatus == LegStatus.TransferFailed && e.Message!.StartsWith("Status sync: REJECTED_END", StringComparison.Ordinal));
    }

    public static TheoryData<DatabaseProvider, bool> ProvidersAndChannels => new()
    {
        { DatabaseProvider.Sqlite, false },
        { DatabaseProvider.Sqlite, true },
        { DatabaseProvider.Postgres, false },
        { DatabaseProvider.Postgres, true },
    };

    [Theory]
    [MemberData(nameof(ProvidersAndChannels))]
    public async Task Withdrawal_CancelledByTheBank_WaitsForNewBankDetailsThenSendsANewGeneration(DatabaseProvider provider, bool learnedByStatusSync)
    {
        await using var harness = await StartAsync(provider);
        await SeedOneLegAsync(harness, 9804, 30.00m);
        await RoundsUntilAsync(harness, LegStatus.TransferSuccess, 2);
        await SwitchesAsync(harness, new { withdrawalNok = true });
        if (learnedByStatusSync)
        {
            await harness.WalletControl.PostSimAsync("/_sim/outbox/modes", new { dropNext = 1 });
        }

        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        if (learnedByStatusSync)
        {
            Assert.Equal(LegStatus.WithdrawRequested, (await LegAsync(harness)).Status);
            await using var scope = harness.CreateScope();
            await scope.ServiceProvider.GetRequiredService<PayoutStatusSync>().SyncAsync(CancellationToken.None);
        }

        var cancelled = await LegAsync(harness);
        Assert.Equal((LegStatus.WithdrawCanceled, 1, null, 1), (cancelled.Status, cancelled.WithdrawGeneration, cancelled.WithdrawId, cancelled.AttemptCount));

        // Same bank details: nothing is sent, no attempt is spent.
        await SwitchesAsync(harness, new { withdrawalNok = false });
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        var waiting = await LegAsync(harness);
        Assert.Equal((LegStatus.WithdrawCanceled, 1), (waiting.Status, waiting.AttemptCount));
        Assert.Single(await BooksOfAsync(harness, waiting, "Withdrawal"));

        // Vendor sync records new, validated bank details.
        await using (var db = harness.CreateDbContext())
        {
            await db.Vendors.Where(v => v.MiraklShopId == Shop)
                .ExecuteUpdateAsync(u => u.SetProperty(v => v.BankInfoFingerprint, "new-bank-details").SetProperty(v => v.BankInfoStatus, BankInfoStatus.Validated));
        }

        await RoundsUntilAsync(harness, LegStatus.WithdrawSuccess, 2);
        var leg = await LegAsync(harness);
        Assert.Equal((LegStatus.WithdrawSuccess, 1, "new-bank-details"), (leg.Status, leg.WithdrawGeneration, leg.WithdrawBankFingerprint));
        var withdrawals = await BooksOfAsync(harness, leg, "Withdrawal");
        Assert.Equal("CANCELLED_END", Assert.Single(withdrawals, t => t.MerchantUniqueId == leg.WithdrawalKey(0)).Status);
        Assert.Equal("CAPTURED", Assert.Single(withdrawals, t => t.MerchantUniqueId == leg.WithdrawalKey(1)).Status);
        Assert.Equal(2, withdrawals.Count);
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CashoutLeg_HoldThenReleaseWhenHiPayCapturedTheTransfer_SettlesWithoutResendingAndLogsWhoAndWhy(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await SeedOneLegAsync(harness, 9805, 55.00m);
        await SwitchesAsync(harness, new { captureNeverArrives = true });
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
        }

        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        // Our records lost track of a transfer HiPay captured (say, a lookup answered "not found" too early).
        var legId = (await LegAsync(harness)).Id;
        await using (var db = harness.CreateDbContext())
        {
            await db.Legs.Where(l => l.Id == legId)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, LegStatus.TransferFailed).SetProperty(l => l.TransferId, (string?)null));
        }

        var id = legId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var hold = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:leg", "hold", id, "--reason", "amount disputed by the seller", "--by", "alice"]);
        Assert.True(hold.ExitCode == 0, hold.Output + hold.Error);
        Assert.Equal(LegStatus.TransferHeld, (await LegAsync(harness)).Status);
        Assert.Matches($@"^\|\s*{id}\s*\|\s*TransferHeld\s*\|\s*leg {id}: TransferHeld\s*\|$", Assert.Single(TableRows(hold.Output).Skip(1)));

        var again = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:leg", "hold", id, "--reason", "twice", "--by", "alice"]);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Equal($"error: leg {id} is already TransferHeld", again.Error.Trim());

        var release = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:leg", "release", id, "--reason", "seller agreed", "--by", "bob"]);
        Assert.True(release.ExitCode == 0, release.Output + release.Error);

        var leg = await LegAsync(harness);
        var transfer = Assert.Single(await BooksOfAsync(harness, leg, "Transfer"));
        Assert.Equal("CAPTURED", transfer.Status);
        Assert.Equal((LegStatus.TransferSuccess, 0), (leg.Status, leg.TransferGeneration));
        Assert.NotNull(leg.TransferId);
        Assert.Contains("nothing sent", release.Output, StringComparison.Ordinal);
        Assert.Matches($@"^\|\s*{id}\s*\|\s*TransferSuccess\s*\|", TableRows(release.Output)[1]);

        var show = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:leg", "show", id]);
        Assert.True(show.ExitCode == 0, show.Output + show.Error);
        var rows = TableRows(show.Output);
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^\|\s*Status\s*\|\s*TransferSuccess \|$"));
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, $@"^\|\s*transfer\s*\|\s*0 \|\s*{leg.TransferKey(0)}\s*\|\s*current\s*\|$"));
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r,
            @"^\|\s*\S+ \S+\s*\|\s*TransferFailed\s*\|\s*TransferHeld\s*\|\s*alice\s*\|\s*Held by alice: amount disputed by the seller\s*\|$"));
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^\|\s*\S+ \S+\s*\|\s*TransferHeld\s*\|\s*TransferSuccess\s*\|\s*bob\s*\|"));
        var showJson = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:leg", "show", id, "--json"]);
        Assert.True(showJson.ExitCode == 0, showJson.Output + showJson.Error);
        var shown = System.Text.Json.JsonDocument.Parse(showJson.Output).RootElement;
        var shownLeg = shown.GetProperty("leg");
        Assert.Equal((leg.Id, leg.Status.ToString(), leg.AmountMinor, leg.Currency, leg.TransferId),
            (shownLeg.GetProperty("id").GetInt64(), shownLeg.GetProperty("status").GetString(), shownLeg.GetProperty("amountMinor").GetInt64(),
                shownLeg.GetProperty("currency").GetString(), shownLeg.GetProperty("transferId").GetString()));
        var current = Assert.Single(shown.GetProperty("generations").EnumerateArray(), g => g.GetProperty("current").GetBoolean() && g.GetProperty("side").GetString() == "Transfer");
        Assert.Equal(leg.TransferKey(0), current.GetProperty("merchantUniqueId").GetString());

        await using var check = harness.CreateDbContext();
        var log = await check.LegLog.AsNoTracking().Where(e => e.LegId == legId && e.Actor != null).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(log.Select(e => (e.Actor, e.ToStatus.ToString(), e.Message)),
            shown.GetProperty("log").EnumerateArray().Where(e => e.GetProperty("actor").ValueKind == System.Text.Json.JsonValueKind.String)
                .Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("toStatus").GetString()!, e.GetProperty("message").GetString())));
        Assert.Equal(
            new[] { ("alice", LegStatus.TransferHeld), ("alice", LegStatus.TransferHeld), ("bob", LegStatus.TransferSuccess) },
            log.Select(e => (e.Actor!, e.ToStatus)).ToArray());
        Assert.Contains("seller agreed", log[^1].Message, StringComparison.Ordinal);
        Assert.Contains("CAPTURED", log[^1].Message, StringComparison.Ordinal);

        var missing = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:leg", "release", "999999", "--reason", "x"]);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Equal("error: leg 999999 does not exist", missing.Error.Trim());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Notification_SignedWithRightTransIdButWrongAmount_IsSuspiciousAndLeavesTheLegUntouched(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await SeedOneLegAsync(harness, 9806, 20.00m);
        await SwitchesAsync(harness, new { captureNeverArrives = true });
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
        }

        var requested = await LegAsync(harness);
        Assert.Equal(LegStatus.TransferRequested, requested.Status);
        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new
        {
            accountId = PayoutWorld.AccountOf(Shop), operation = "capture", status = "ok", transId = requested.TransferId, amount = "2000.00", currency = "EUR",
        });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        await PayoutWorld.DrainPayoutInboxAsync(harness);

        var leg = await LegAsync(harness);
        Assert.Equal((LegStatus.TransferRequested, requested.Version), (leg.Status, leg.Version));
        await using var db = harness.CreateDbContext();
        var row = await db.Inbox.AsNoTracking().SingleAsync(m => m.Kind == "capture" && m.Reference == requested.TransferId);
        Assert.Equal(InboxOutcome.Suspicious, row.Outcome);
        Assert.Contains("amount", row.OutcomeMessage, StringComparison.Ordinal);
        // Created, being sent, accepted: nothing from the suspicious notification.
        Assert.Equal(3, await db.LegLog.CountAsync(e => e.LegId == leg.Id));
    }

    /// <summary>One XPF seller leg (a zero-decimal currency the former per-client tables lacked), generated, not yet sent.</summary>
    private static async Task<ConnectorHarness> XpfLegAsync()
    {
        var harness = await StartAsync(DatabaseProvider.Sqlite, wallet: o => o.Currency = "XPF");
        await harness.WalletControl.PostSimAsync("/_sim/wallet/accounts", new
        {
            accountId = PayoutWorld.AccountOf(Shop), email = "shop-2001@example.com", login = "mirakl_shop_2001", currency = "XPF",
            identified = 1, activated = 1, bankStatus = 3, callbackSalt = PayoutWorld.SaltOf(Shop),
            callbackUrl = new Uri(harness.WebBaseAddress, "/notifications/hipay-wallet"),
        });
        await PayoutWorld.AddVendorRowAsync(harness, Shop);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/invoices", new
        {
            invoice_id = 9807, shop_id = Shop, type = "AUTO_INVOICE", currency_iso_code = "XPF", date_created = PayoutWorld.CycleInstant.AddHours(-1),
            payment_voucher_number = "PV-9807", summary = new { amount_transferred = 1500m, amount_transferred_to_operator = 0m },
        });
        await PayoutWorld.FundTechnicalAsync(harness, 100_000);
        await using var scope = harness.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
        return harness;
    }

    [Fact]
    public async Task Transfer_ZeroDecimalCurrencyOutsideTheFormerTables_SentInItsOwnUnits()
    {
        await using var harness = await XpfLegAsync();
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
        }

        var leg = await LegAsync(harness);
        Assert.Equal((LegStatus.TransferRequested, 1, "XPF", 1500L), (leg.Status, leg.AttemptCount, leg.Currency, leg.AmountMinor));
        var transfer = Assert.Single(await PayoutWorld.TransactionsAsync(harness), t => t.Kind == "Transfer" && t.MerchantUniqueId == leg.TransferKey(0));
        Assert.Equal(1500L, transfer.Amount);
    }

    [Fact]
    public async Task Transfer_RequestThatCannotBePrepared_HeldBeforeTheInFlightMarkerAndNothingSent()
    {
        await using var harness = await XpfLegAsync();
        // A leg recorded in a currency the table does not know (e.g. by an older version): its labels cannot render.
        await using (var db = harness.CreateDbContext())
        {
            await db.Legs.ExecuteUpdateAsync(s => s.SetProperty(l => l.Currency, "QQQ"));
        }

        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<PayoutExecutor>().TransferAsync(CancellationToken.None);
        }

        var leg = await LegAsync(harness);
        Assert.Equal((LegStatus.TransferHeld, 0), (leg.Status, leg.AttemptCount));
        Assert.Contains("could not be prepared", leg.LastError, StringComparison.Ordinal);
        Assert.Contains("QQQ", leg.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(await PayoutWorld.TransactionsAsync(harness), t => t.Kind == "Transfer");
        var posts = await harness.WalletControl.GetSimAsync("/_sim/wallet/posts");
        Assert.DoesNotContain(leg.TransferKey(0), posts.GetRawText(), StringComparison.Ordinal);
    }

    private static List<string> TableRows(string output) =>
        [.. output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("| ", StringComparison.Ordinal))];
}
