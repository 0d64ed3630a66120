using System.Globalization;
using System.Net;
using System.Text.Json;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Payouts;

/// <summary>
/// The cycle preview (cashout:run --dry-run, GET /api/cycles/preview): what the cycle would record and send, computed
/// by the generator's own planning, without moving or recording anything.
/// </summary>
public sealed class CyclePreviewTests
{
    private const int Shops = 20;
    private const int InvoicesPerShop = 26;
    private const long FirstShop = 3001;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CyclePreview_OverAThousandLegs_MovesNothing_ThenGenerationRecordsExactlyThePreviewedLegs(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        for (var shop = FirstShop; shop < FirstShop + Shops; shop++)
        {
            await PayoutWorld.SeedVendorAsync(harness, shop);
        }

        // A debt of shop 3001 recorded by an earlier cycle: the preview must show it netted into that shop's first payout.
        var earlier = new CycleWindow(PayoutWorld.CycleInstant.AddDays(-30), PayoutWorld.CycleInstant.AddDays(-40), PayoutWorld.CycleInstant.AddDays(-20));
        await PayoutWorld.SeedInvoiceAsync(harness, 8000, FirstShop, -4.00m, 0m, PayoutWorld.CycleInstant.AddDays(-31));
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(earlier, CancellationToken.None);
        }

        long debtLegId;
        await using (var db = harness.CreateDbContext())
        {
            debtLegId = (await db.Legs.AsNoTracking().SingleAsync(l => l.Status == LegStatus.PendingNetting)).Id;
        }

        await SeedInvoicesAsync(harness);
        await PayoutWorld.FundTechnicalAsync(harness, 1_000_000);
        await harness.WalletControl.DeleteAsync("/_sim/journal");
        var before = await CountsAsync(harness);

        CyclePreviewResult preview;
        await using (var scope = harness.CreateScope())
        {
            preview = await scope.ServiceProvider.GetRequiredService<CyclePreview>().PreviewAsync(PayoutWorld.Window, CancellationToken.None);
        }

        // Nothing moved and nothing was recorded: no POST at HiPay, no transaction in its books, no row in legs or their log.
        var journal = await WalletJournalAsync(harness);
        Assert.DoesNotContain(journal, e => e.Method == "POST");
        Assert.True(journal.Count(e => e.Method == "GET") <= 1, string.Join(", ", journal));
        Assert.DoesNotContain(await PayoutWorld.TransactionsAsync(harness), t => t.Kind is "Transfer" or "Withdrawal");
        Assert.Equal(before, await CountsAsync(harness));

        var planned = preview.Rows.Where(r => r.Change == PreviewChange.New).ToList();
        Assert.True(planned.Count >= 1000, planned.Count.ToString(CultureInfo.InvariantCulture));
        var netted = Assert.Single(planned, r => r.Detail?.Contains("debt leg " + debtLegId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) == true);
        Assert.Equal((netted.MiraklAmountMinor - 400, LegKind.SellerPayout), (netted.AmountMinor, netted.Kind));
        var total = Assert.Single(preview.Totals);
        Assert.Equal((planned.Count, planned.Sum(r => r.AmountMinor!.Value)), (total.NewLegs, total.NewAmountMinor));

        // The real generation records exactly what was previewed: same keys, same amounts, the debt netted.
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(PayoutWorld.Window, CancellationToken.None);
        }

        await using var check = harness.CreateDbContext();
        var recorded = await check.Legs.AsNoTracking().Where(l => l.InvoiceId != "8000").ToListAsync();
        Assert.Equal(
            planned.Select(r => (r.InvoiceId, r.Kind, r.MerchantUniqueId, r.AmountMinor, r.MiraklAmountMinor)).OrderBy(r => r.MerchantUniqueId, StringComparer.Ordinal),
            recorded.Select(l => ((string?)l.InvoiceId, (LegKind?)l.Kind, (string?)l.MerchantUniqueId, (long?)l.AmountMinor, (long?)l.OriginAmountMinor)).OrderBy(r => r.Item3, StringComparer.Ordinal));
        Assert.Equal(LegStatus.Adjusted, (await check.Legs.AsNoTracking().SingleAsync(l => l.Id == debtLegId)).Status);

        // Previewed again, every leg is recorded at Mirakl's amount and none is new.
        await using var again = harness.CreateScope();
        var second = await again.ServiceProvider.GetRequiredService<CyclePreview>().PreviewAsync(PayoutWorld.Window, CancellationToken.None);
        Assert.DoesNotContain(second.Rows, r => r.Change is PreviewChange.New or PreviewChange.RecordedDifferent);
        Assert.Equal(recorded.Count, second.Rows.Count(r => r.Change == PreviewChange.Recorded));
    }

    [Fact]
    public async Task DryRun_Cli_PrintsTotals_WritesParsableCsvAndJson_AndRecordsNothing()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedInvoiceAsync(harness, 9601, 2001, 25.50m, 2.55m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9602, 2001, 10.00m, 0m);
        await PayoutWorld.SeedVendorAsync(harness, 2002, withDbRow: false);
        await PayoutWorld.SeedInvoiceAsync(harness, 9603, 2002, 7.00m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 10_000);
        var csvPath = Path.Combine(Path.GetTempPath(), "cycle-preview-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            var text = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:run", "--dry-run", "--cycle-date", "2026-03-11", "--csv", csvPath]);
            Assert.True(text.ExitCode == 0, text.Output + text.Error);
            Assert.Contains("Totals", text.Output, StringComparison.Ordinal);
            Assert.Matches(@"\|\s*EUR\s*\|\s*3\s*\|\s*38\.05 EUR\s*\|", text.Output);
            Assert.Contains("nothing was sent", text.Output, StringComparison.Ordinal);

            var lines = (await File.ReadAllTextAsync(csvPath)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(string.Join(',', CyclePreviewCsv.Header), lines[0]);
            var cells = lines.Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Contains(cells, c => c[0] == "new" && c[1] == "9601" && c[3] == "SellerPayout" && c[5] == "25.50");
            Assert.Contains(cells, c => c[0] == "new" && c[1] == "9601" && c[3] == "OperatorCommission" && c[5] == "2.55");
            Assert.Contains(cells, c => c[0] == "no-wallet" && c[1] == "9603");

            var json = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:run", "--dry-run", "--cycle-date", "2026-03-11", "--json"]);
            Assert.True(json.ExitCode == 0, json.Output + json.Error);
            var doc = JsonDocument.Parse(json.Output).RootElement;
            Assert.True(doc.GetProperty("dryRun").GetBoolean());
            var eur = doc.GetProperty("totals").EnumerateArray().Single();
            Assert.Equal(("EUR", 3, 3805L), (eur.GetProperty("currency").GetString(), eur.GetProperty("newLegs").GetInt32(), eur.GetProperty("newAmountMinor").GetInt64()));
            Assert.Equal(3, doc.GetProperty("rows").EnumerateArray().Count(r => r.GetProperty("change").GetString() == "new"));

            var forecast = await CliRunner.RunAsync([.. harness.CliArgs(), "treasury:forecast", "--cycle-date", "2026-03-11", "--json"]);
            Assert.True(forecast.ExitCode == 0, forecast.Output + forecast.Error);
            var figure = JsonDocument.Parse(forecast.Output).RootElement.GetProperty("treasury").EnumerateArray().Single();
            Assert.Equal((10_000L, 0L, 3805L, 0L),
                (figure.GetProperty("balanceMinor").GetInt64(), figure.GetProperty("dueNowMinor").GetInt64(), figure.GetProperty("nextCycleMinor").GetInt64(), figure.GetProperty("shortfallMinor").GetInt64()));

            await using var db = harness.CreateDbContext();
            Assert.Equal(0, await db.Legs.CountAsync());
            Assert.DoesNotContain(await PayoutWorld.TransactionsAsync(harness), t => t.Kind is "Transfer" or "Withdrawal");
        }
        finally
        {
            File.Delete(csvPath);
        }
    }

    [Fact]
    public async Task DryRun_BadCycleDate_ExitsNonZeroWithOneLine()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);

        var result = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:run", "--dry-run", "--cycle-date", "2026-13-45"]);

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--cycle-date 2026-13-45", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewApi_AsViewer_ListsTheLegs_AndABadDateIsAProblem()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        await PayoutWorld.SeedInvoiceAsync(harness, 9601, 2001, 25.50m, 2.55m);
        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);

        using var ok = await viewer.GetAsync(new Uri("/api/cycles/preview?date=2026-03-11", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, body.GetProperty("rows").EnumerateArray().Count(r => r.GetProperty("change").GetString() == "new"));

        using var bad = await viewer.GetAsync(new Uri("/api/cycles/preview?date=11/03/2026", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal("date", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());

        using var anonymous = new HttpClient { BaseAddress = harness.WebBaseAddress };
        using var refused = await anonymous.GetAsync(new Uri("/api/cycles/preview", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await using var db = harness.CreateDbContext();
        Assert.Equal(0, await db.Legs.CountAsync());
    }

    private static async Task SeedInvoicesAsync(ConnectorHarness harness)
    {
        var invoices = new List<object>();
        var id = 100_000L;
        for (var shop = FirstShop; shop < FirstShop + Shops; shop++)
        {
            for (var n = 0; n < InvoicesPerShop; n++)
            {
                id++;
                invoices.Add(new
                {
                    invoice_id = id,
                    shop_id = shop,
                    type = "AUTO_INVOICE",
                    currency_iso_code = "EUR",
                    date_created = PayoutWorld.CycleInstant.AddHours(-1).AddSeconds(-n),
                    payment_voucher_number = "PV-" + id.ToString(CultureInfo.InvariantCulture),
                    summary = new { amount_transferred = 10.00m + n, amount_transferred_to_operator = 1.25m },
                });
            }
        }

        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/invoices", new { invoices });
    }

    private static async Task<(int Legs, int Log, int Backlog)> CountsAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return (await db.Legs.CountAsync(), await db.LegLog.CountAsync(), await db.InvoiceBacklog.CountAsync());
    }

    internal static async Task<List<(string Method, string Path)>> WalletJournalAsync(ConnectorHarness harness)
    {
        var journal = await harness.WalletControl.GetSimAsync("/_sim/journal");
        return journal.EnumerateArray().Select(e => (e.GetProperty("method").GetString() ?? "", e.GetProperty("path").GetString() ?? ""))
            .Where(e => !e.Item2.StartsWith("/_sim", StringComparison.Ordinal)).ToList();
    }
}
