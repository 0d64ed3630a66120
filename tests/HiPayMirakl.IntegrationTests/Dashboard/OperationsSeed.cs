using System.Text;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.IntegrationTests.Support;

namespace HiPayMirakl.IntegrationTests.Dashboard;

/// <summary>Rows for the operations pages: batches, inbox rows (one dead letter carrying secrets), vendor, leg and general logs.</summary>
internal static class OperationsSeed
{
    public const string Salt = "s3cr3t-callback-salt";
    public const string Md5 = "0123456789abcdef0123456789abcdef";
    public const string Iban = "FR7630006000011234567890189";

    /// <summary>Times of the vendor log rows: one a day from 2026-03-01 10:00 UTC.</summary>
    public static readonly DateTimeOffset Day0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public sealed record Seeded(long DeadLetterId, long AppliedId, IReadOnlyList<long> VendorLogIds, long LegId);

    public static async Task<Seeded> SeedAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        db.Batches.AddRange(
            new Batch { Name = "cashout:transfer", Status = BatchStatus.Succeeded, StartedAt = Day0, EndedAt = Day0.AddMinutes(1), ItemsProcessed = 3, Trigger = JobTrigger.Schedule, Summary = "3 transferred" },
            new Batch { Name = "reconcile", Status = BatchStatus.Failed, StartedAt = Day0.AddHours(1), EndedAt = Day0.AddHours(1), ItemsProcessed = 1, ItemsFailed = 1, Trigger = JobTrigger.Manual, Error = "boom" });

        // A HiPay Wallet notification as received: a form field "xml" whose document carries the signature and the salt.
        var xml = $"<?xml version=\"1.0\"?><mapi><mapiversion>1.0</mapiversion><md5content>{Md5}</md5content><result><operation>bank_info_validation</operation>"
            + $"<status>ok</status><account_id>5011</account_id><callback_salt>{Salt}</callback_salt><iban>{Iban}</iban></result></mapi>";
        var dead = new InboxMessage
        {
            Source = NotificationSource.HiPayWallet, DedupeKey = "dead-1", Kind = "bank_info_validation", Reference = "5011",
            RawBody = Encoding.UTF8.GetBytes("xml=" + Uri.EscapeDataString(xml)), ContentType = "application/x-www-form-urlencoded",
            ReceivedAt = Day0, Outcome = InboxOutcome.DeadLetter, OutcomeMessage = "unknown account", Attempts = 5,
        };
        var applied = new InboxMessage
        {
            Source = NotificationSource.HiPayEnterprise, DedupeKey = "applied-1", Kind = "118", Reference = "800000001",
            RawBody = Encoding.UTF8.GetBytes("state=completed&status=118&transaction_reference=800000001&hash=feedbeef"), ContentType = "application/x-www-form-urlencoded",
            ReceivedAt = Day0.AddMinutes(5), ProcessedAt = Day0.AddMinutes(6), Outcome = InboxOutcome.Applied,
        };
        db.Inbox.AddRange(dead, applied);

        // Vendor log: shops 11 and 12 alternate, levels cycle, one a day; one message is a formula with a comma and quotes.
        var vendorRows = new List<VendorLogEntry>();
        for (var i = 0; i < 8; i++)
        {
            vendorRows.Add(new VendorLogEntry
            {
                MiraklShopId = i % 2 == 0 ? 11 : 12, HiPayAccountId = 5000 + i, Login = "shop" + i, Status = i % 3 == 0 ? VendorLogStatus.Warning : VendorLogStatus.Success,
                WalletStatus = WalletStatus.Created, Message = i == 6 ? "=HYPERLINK(\"http://x\",\"click\")" : "synced " + i, CreatedAt = Day0.AddDays(i),
            });
        }

        db.VendorLog.AddRange(vendorRows);
        var leg = new Leg
        {
            Kind = LegKind.SellerPayout, InvoiceId = "INV-1", MiraklShopId = 11, AmountMinor = 1250, OriginAmountMinor = 1250, Currency = "EUR",
            CycleDate = Day0, MerchantUniqueId = "SALES_INV-1_11",
        };
        db.Legs.Add(leg);
        await db.SaveChangesAsync();
        db.LegLog.Add(new LegLogEntry { LegId = leg.Id, ToStatus = LegStatus.Created, Message = "generated from invoice INV-1", CreatedAt = Day0 });
        db.GeneralLog.Add(new GeneralLogEntry { CreatedAt = Day0, Level = 3, LevelName = "Warning", Action = "cashout:transfer", MiraklShopId = 11, Message = "wallet balance low" });
        await db.SaveChangesAsync();
        return new Seeded(dead.Id, applied.Id, [.. vendorRows.Select(r => r.Id)], leg.Id);
    }
}
