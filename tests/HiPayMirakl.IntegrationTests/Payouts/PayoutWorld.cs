using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Payouts;

/// <summary>Seeds shops, wallets, invoices and funds for payout tests, and reads the wallet simulator's books.</summary>
internal static class PayoutWorld
{
    public static readonly DateTimeOffset CycleInstant = new(2026, 3, 10, 23, 1, 0, TimeSpan.Zero);

    public static readonly CycleWindow Window = new(CycleInstant, CycleInstant.AddDays(-10), CycleInstant.AddHours(12));

    public static long AccountOf(long shopId) => 600_000 + shopId;

    public static string SaltOf(long shopId) => "salt-" + shopId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A vendor row and its wallet at the simulator, identified with a validated bank account.</summary>
    public static async Task SeedVendorAsync(ConnectorHarness harness, long shopId, bool withDbRow = true, bool enabled = true)
    {
        var account = AccountOf(shopId);
        var id = shopId.ToString(CultureInfo.InvariantCulture);
        await harness.WalletControl.PostSimAsync("/_sim/wallet/accounts", new
        {
            accountId = account,
            email = $"shop-{id}@example.com",
            login = "mirakl_shop_" + id,
            currency = "EUR",
            identified = 1,
            activated = 1,
            bankStatus = 3,
            iban = "FR7630006000011234567890189",
            swift = "AGRIFRPP",
            callbackSalt = SaltOf(shopId),
            callbackUrl = new Uri(harness.WebBaseAddress, "/notifications/hipay-wallet"),
        });
        if (withDbRow)
        {
            await AddVendorRowAsync(harness, shopId, enabled);
        }
    }

    public static async Task AddVendorRowAsync(ConnectorHarness harness, long shopId, bool enabled = true)
    {
        await using var db = harness.CreateDbContext();
        db.Vendors.Add(new Vendor
        {
            MiraklShopId = shopId,
            HiPayAccountId = AccountOf(shopId),
            Email = $"shop-{shopId.ToString(CultureInfo.InvariantCulture)}@example.com",
            CallbackSalt = SaltOf(shopId),
            Country = "FRA",
            Identified = true,
            Enabled = enabled,
            BankInfoStatus = BankInfoStatus.Validated,
        });
        await db.SaveChangesAsync();
    }

    public static Task SeedInvoiceAsync(ConnectorHarness harness, long invoiceId, long shopId, decimal seller, decimal toOperator, DateTimeOffset? created = null) =>
        harness.MiraklControl.PostSimAsync("/_sim/mirakl/invoices", new
        {
            invoice_id = invoiceId,
            shop_id = shopId,
            type = "AUTO_INVOICE",
            currency_iso_code = "EUR",
            date_created = created ?? CycleInstant.AddHours(-1),
            payment_voucher_number = "PV-" + invoiceId.ToString(CultureInfo.InvariantCulture),
            summary = new { amount_transferred = seller, amount_transferred_to_operator = toOperator },
        });

    public static Task FundTechnicalAsync(ConnectorHarness harness, long amountMinor) =>
        harness.WalletControl.PostSimAsync("/_sim/wallet/credit", new { amountMinor });

    public static async Task<List<BookTransaction>> TransactionsAsync(ConnectorHarness harness)
    {
        var books = await harness.WalletControl.GetSimAsync("/_sim/wallet/books");
        return books.GetProperty("transactions").EnumerateArray().Select(t => new BookTransaction(
            t.GetProperty("kind").GetString() ?? "",
            t.GetProperty("merchantUniqueId").ValueKind == JsonValueKind.String ? t.GetProperty("merchantUniqueId").GetString() : null,
            t.GetProperty("amount").GetInt64(),
            t.GetProperty("status").GetString() ?? "",
            t.GetProperty("toAccountId").ValueKind == JsonValueKind.Number ? t.GetProperty("toAccountId").GetInt64() : null)).ToList();
    }

    public static async Task<bool> BooksBalancedAsync(ConnectorHarness harness) =>
        (await harness.WalletControl.GetSimAsync("/_sim/wallet/books")).GetProperty("balanced").GetBoolean();

    /// <summary>One full pass of the cycle, then time passes at HiPay (captures, payouts, notifications) and the inbox is drained.</summary>
    public static async Task RunRoundAsync(ConnectorHarness harness, CycleWindow window)
    {
        await using (var scope = harness.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashoutCycle>().RunAsync(window, _ => Task.CompletedTask, CancellationToken.None);
        }

        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        await DrainPayoutInboxAsync(harness);
    }

    public static Task<int> DrainPayoutInboxAsync(ConnectorHarness harness) => harness.DrainInboxAsync();
}

internal sealed record BookTransaction(string Kind, string? MerchantUniqueId, long Amount, string Status, long? ToAccountId);
