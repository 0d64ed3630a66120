using System.Globalization;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Payouts;

/// <summary>
/// Invoices of shops without a wallet are kept until the shop has one, and invoices in a currency the product cannot
/// settle are refused before anything is written.
/// </summary>
public sealed class InvoiceBacklogTests
{
    private const long WithWallet = 2001;
    private const long Late = 2002;

    /// <summary>A cycle every ten days after <see cref="PayoutWorld.CycleInstant"/>, its window only a day wide.</summary>
    private static CycleWindow Cycle(int n)
    {
        var instant = PayoutWorld.CycleInstant.AddDays(10 * (n - 1));
        return n == 1 ? PayoutWorld.Window : new CycleWindow(instant, instant.AddHours(-12), instant.AddHours(12));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Generate_WalletAppearsThreeCyclesAfterTheInvoice_LegsGeneratedOnceAndPaidOnce(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await PayoutWorld.SeedVendorAsync(harness, WithWallet);
        await PayoutWorld.SeedInvoiceAsync(harness, 9501, WithWallet, 10.00m, 1.00m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9502, Late, 42.50m, 4.25m);
        await PayoutWorld.FundTechnicalAsync(harness, 1_000_000);

        var first = await GenerateAsync(harness, Cycle(1));
        Assert.Equal((2, 1, 1), (first.Invoices, first.Generated, first.SkippedNoWallet));
        await PayoutWorld.RunRoundAsync(harness, Cycle(1));
        await PayoutWorld.RunRoundAsync(harness, Cycle(2));
        await PayoutWorld.RunRoundAsync(harness, Cycle(3));
        await using (var db = harness.CreateDbContext())
        {
            Assert.False(await db.Legs.AnyAsync(l => l.InvoiceId == "9502"));
            var held = await db.InvoiceBacklog.AsNoTracking().SingleAsync();
            Assert.Equal(("9502", Late, 4250L, 425L, "EUR"), (held.InvoiceId, held.MiraklShopId, held.SellerAmountMinor, held.OperatorAmountMinor, held.Currency));
            Assert.Equal(PayoutWorld.CycleInstant, held.CycleDate);
            Assert.Null(held.ResolvedAt);
        }

        // Three cycles later the shop gets its wallet; cycle 4's window is far from the invoice's date.
        await PayoutWorld.SeedVendorAsync(harness, Late);
        var fourth = await GenerateAsync(harness, Cycle(4));
        Assert.Equal((0, 1, 1, 2), (fourth.Invoices, fourth.Generated, fourth.FromBacklog, fourth.LegsCreated));
        for (var round = 0; round < 6 && !await AllSettledAsync(harness); round++)
        {
            await PayoutWorld.RunRoundAsync(harness, Cycle(4 + round));
        }

        var again = await GenerateAsync(harness, Cycle(1));
        Assert.Equal((2, 0, 2, 0), (again.Invoices, again.Generated, again.AlreadyGenerated, again.FromBacklog));

        await using var check = harness.CreateDbContext();
        var legs = await check.Legs.AsNoTracking().Where(l => l.InvoiceId == "9502").OrderBy(l => l.Kind).ToListAsync();
        Assert.Equal(2, legs.Count);
        Assert.All(legs, l => Assert.Equal(LegStatus.WithdrawSuccess, l.Status));
        Assert.All(legs, l => Assert.Equal(PayoutWorld.CycleInstant, l.CycleDate));
        var seller = legs.Single(l => l.Kind == LegKind.SellerPayout);
        var commission = legs.Single(l => l.Kind == LegKind.OperatorCommission);
        Assert.Equal((PayoutWorld.AccountOf(Late), 4250L), (seller.BeneficiaryAccountId, seller.AmountMinor));
        Assert.Equal((ConnectorHarness.OperatorAccountId, 425L), (commission.BeneficiaryAccountId, commission.AmountMinor));
        var transactions = await PayoutWorld.TransactionsAsync(harness);
        Assert.All(legs, l => Assert.Single(transactions, t => t.Kind == "Transfer" && t.MerchantUniqueId == l.TransferMerchantUniqueId));
        Assert.Equal(4250L, transactions.Where(t => t.Kind == "Transfer" && t.ToAccountId == PayoutWorld.AccountOf(Late)).Sum(t => t.Amount));
        var resolved = await check.InvoiceBacklog.AsNoTracking().SingleAsync();
        Assert.NotNull(resolved.ResolvedAt);
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));
    }

    [Fact]
    public async Task Generate_BacklogRowWhoseLegsExistAlready_ResolvedWithoutASecondLeg()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedInvoiceAsync(harness, 9511, Late, 20.00m, 2.00m);
        Assert.Equal(1, (await GenerateAsync(harness, Cycle(1))).SkippedNoWallet);
        await PayoutWorld.SeedVendorAsync(harness, Late);
        Assert.Equal(1, (await GenerateAsync(harness, Cycle(2))).FromBacklog);
        await using (var db = harness.CreateDbContext())
        {
            // As if another run had created the legs without resolving the row: the legs' unique index decides.
            var row = await db.InvoiceBacklog.SingleAsync();
            row.ResolvedAt = null;
            await db.SaveChangesAsync();
        }

        var again = await GenerateAsync(harness, Cycle(3));

        Assert.Equal((0, 0, 0), (again.Generated, again.FromBacklog, again.LegsCreated));
        await using var check = harness.CreateDbContext();
        Assert.Equal(2, await check.Legs.CountAsync(l => l.InvoiceId == "9511"));
        Assert.NotNull((await check.InvoiceBacklog.AsNoTracking().SingleAsync()).ResolvedAt);
    }

    [Theory]
    [InlineData("ZZZ")]
    [InlineData("XXX")]
    [InlineData("HRK")]
    public async Task Generate_InvoiceInAnUnknownCurrency_RefusedBeforeAnyLegOrBacklogRow(string currency)
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedVendorAsync(harness, WithWallet);
        await SeedInvoiceAsync(harness, 9521, WithWallet, currency, 12.00m, 1.00m);
        await SeedInvoiceAsync(harness, 9522, Late, currency, 12.00m, 1.00m);

        var summary = await GenerateAsync(harness, Cycle(1));

        Assert.Equal((2, 0, 0, 2), (summary.Invoices, summary.Generated, summary.SkippedNoWallet, summary.Invalid));
        await using var db = harness.CreateDbContext();
        Assert.Equal(0, await db.Legs.CountAsync());
        Assert.Equal(0, await db.InvoiceBacklog.CountAsync());
    }

    [Theory]
    [InlineData("XPF", 1500L, 150L)]
    [InlineData("THB", 150000L, 15000L)]
    [InlineData("BIF", 1500L, 150L)]
    public async Task Generate_InvoiceInACurrencyOutsideTheOldTables_LegsCarryItsExponent(string currency, long sellerMinor, long operatorMinor)
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        await PayoutWorld.SeedVendorAsync(harness, WithWallet);
        await SeedInvoiceAsync(harness, 9531, WithWallet, currency, 1500m, 150m);

        var summary = await GenerateAsync(harness, Cycle(1));

        Assert.Equal((1, 1, 2), (summary.Invoices, summary.Generated, summary.LegsCreated));
        await using var db = harness.CreateDbContext();
        var legs = await db.Legs.AsNoTracking().ToListAsync();
        Assert.Equal(sellerMinor, legs.Single(l => l.Kind == LegKind.SellerPayout).Amount.MinorUnits);
        Assert.Equal(operatorMinor, legs.Single(l => l.Kind == LegKind.OperatorCommission).Amount.MinorUnits);
        Assert.All(legs, l => Assert.Equal(currency, l.Amount.Currency.Code));
    }

    private static async Task<ConnectorHarness> StartAsync(DatabaseProvider provider)
    {
        var harness = await ConnectorHarness.StartAsync(provider);
        harness.Settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        harness.Settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        return harness;
    }

    private static async Task<GenerateSummary> GenerateAsync(ConnectorHarness harness, CycleWindow window)
    {
        await using var scope = harness.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CashoutGenerator>().GenerateAsync(window, CancellationToken.None);
    }

    private static async Task SeedInvoiceAsync(ConnectorHarness harness, long invoiceId, long shopId, string currency, decimal seller, decimal toOperator) =>
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/invoices", new
        {
            invoice_id = invoiceId,
            shop_id = shopId,
            type = "AUTO_INVOICE",
            currency_iso_code = currency,
            date_created = PayoutWorld.CycleInstant.AddHours(-1),
            payment_voucher_number = "PV-" + invoiceId.ToString(CultureInfo.InvariantCulture),
            summary = new { amount_transferred = seller, amount_transferred_to_operator = toOperator },
        });

    private static async Task<bool> AllSettledAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Legs.AllAsync(l => l.Status == LegStatus.WithdrawSuccess || l.Status == LegStatus.Adjusted);
    }
}
