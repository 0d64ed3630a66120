using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Dashboard;

/// <summary>
/// Rows for the dashboard's pages, made by the product where it can: three shops paid through a real cycle against the
/// simulators (legs, their logs, applied notifications), then a few rows the cycle would take long to reach (a leg
/// still to transfer, a held one, a JPY leg, a dead letter, an alert).
/// </summary>
internal static class DashboardWorld
{
    public const long PaidShop = 2101;
    public const long SecondShop = 2102;
    public const long BlockedShop = 2103;

    public sealed record Seeded(long PaidLegId, long CreatedLegId, long HeldLegId, long PaidVendorId, long BlockedVendorId);

    public static async Task<Seeded> SeedAsync(ConnectorHarness harness)
    {
        harness.Settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        harness.Settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        await PayoutWorld.SeedVendorAsync(harness, PaidShop);
        await PayoutWorld.SeedVendorAsync(harness, SecondShop);
        await PayoutWorld.SeedVendorAsync(harness, BlockedShop);
        await PayoutWorld.SeedInvoiceAsync(harness, 9701, PaidShop, 113.25m, 12.50m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9702, SecondShop, 40.00m, 4.10m);
        await PayoutWorld.FundTechnicalAsync(harness, 1_000_000);
        for (var round = 0; round < 3; round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }

        await using var db = harness.CreateDbContext();
        var vendors = await db.Vendors.OrderBy(v => v.Id).ToListAsync();
        vendors[0].ShopName = "Atelier Lumière";
        vendors[1].ShopName = "Brico Nord";
        vendors[2].ShopName = "Cave du Sud";
        vendors[2].PaymentBlocked = true;
        vendors[2].BankInfoStatus = BankInfoStatus.ToValidate;
        await db.SaveChangesAsync();

        var paid = await db.Legs.Where(l => l.InvoiceId == "9701" && l.Kind == LegKind.SellerPayout).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var created = NewLeg(vendors[1], "9703", 2_500, "EUR", now);
        var held = NewLeg(vendors[2], "9704", 7_780, "EUR", now);
        var yen = NewLeg(vendors[0], "9705", 15_000, "JPY", now);
        db.Legs.AddRange(created, held, yen);
        await db.SaveChangesAsync();
        foreach (var leg in new[] { created, held, yen })
        {
            db.LegLog.Add(new LegLogEntry { LegId = leg.Id, ToStatus = LegStatus.Created, Message = "Created from invoice " + leg.InvoiceId, CreatedAt = now });
        }

        void Move(Leg leg, LegStatus to, string message)
        {
            db.LegLog.Add(new LegLogEntry { LegId = leg.Id, FromStatus = leg.Status, ToStatus = to, Message = message, CreatedAt = now });
            leg.TransitionTo(to, now, message);
        }

        Move(held, LegStatus.TransferUnknown, "Transfer being sent as " + held.TransferMerchantUniqueId);
        Move(held, LegStatus.TransferSuccess, "Transfer accepted: CAPTURED");
        Move(held, LegStatus.WithdrawPaymentBlocked, "Payment blocked");
        Move(held, LegStatus.WithdrawHeld, "Payment blocked");
        held.AttemptCount = 5;
        db.Inbox.Add(new InboxMessage
        {
            Source = NotificationSource.HiPayWallet,
            DedupeKey = "dashboard-dead-letter",
            RawBody = [],
            ContentType = "application/x-www-form-urlencoded",
            Kind = "capture",
            Reference = "unknown-transaction",
            ReceivedAt = now.AddHours(-2),
            Outcome = InboxOutcome.DeadLetter,
            OutcomeMessage = "waited too long for what it settles",
        });
        db.AlertLog.Add(new AlertLogEntry
        {
            Kind = LegHeldAlerts.Kind,
            Severity = AlertSeverity.Error,
            Subject = $"Leg {held.Id} held",
            Detail = "Payment blocked",
            Key = held.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            RaisedAt = now,
        });
        await db.SaveChangesAsync();
        return new Seeded(paid.Id, created.Id, held.Id, vendors[0].Id, vendors[2].Id);
    }

    private static Leg NewLeg(Vendor vendor, string invoice, long amountMinor, string currency, DateTimeOffset now) => new()
    {
        Kind = LegKind.SellerPayout,
        InvoiceId = invoice,
        MiraklShopId = vendor.MiraklShopId,
        VendorId = vendor.Id,
        BeneficiaryAccountId = vendor.HiPayAccountId,
        AmountMinor = amountMinor,
        OriginAmountMinor = amountMinor,
        Currency = currency,
        MerchantUniqueId = Leg.MintMerchantUniqueId(LegKind.SellerPayout, invoice, "dashboard", vendor.HiPayAccountId ?? 0),
        CycleDate = PayoutWorld.CycleInstant,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
