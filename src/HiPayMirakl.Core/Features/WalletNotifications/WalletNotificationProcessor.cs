using System.Text.Json;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.WalletNotifications;

/// <summary>
/// Applies stored vendor-review notifications (bank details, identification, documents), run by the inbox dispatcher
/// one row at a time. Late, duplicate and out-of-order deliveries are normal: they end as Applied or Ignored, never as
/// errors. A throw (Mirakl down…) is a failed attempt the dispatcher retries.
/// </summary>
public sealed class WalletNotificationProcessor(
    IMiraklClient mirakl,
    TimeProvider clock,
    ILogger<WalletNotificationProcessor> logger) : IInboxHandler
{
    public const string BankInfoRefusedReason = "Bank info not valid, please upload a new one.";

    /// <summary>Operations applied here. Transfer and withdrawal outcomes (authorization, capture, withdraw_validation) are settled by the payout slice.</summary>
    public static readonly IReadOnlySet<string> VendorOperations = new HashSet<string>(StringComparer.Ordinal)
    {
        "bank_info_validation", "identification", "document_validation", "other_transaction",
    };

    /// <summary>Operations of the payout slice; every other operation is taken here (and ignored when unknown).</summary>
    public static readonly IReadOnlySet<string> PayoutOperations = new HashSet<string>(StringComparer.Ordinal)
    {
        "authorization", "capture", "withdraw_validation",
    };

    public NotificationSource Source => NotificationSource.HiPayWallet;

    public bool Accepts(string? kind) => kind is null || !PayoutOperations.Contains(kind);

    public int Order(string? kind) => 0;

    public async Task<InboxResult> HandleAsync(ConnectorDbContext context, InboxMessage message, CancellationToken ct)
    {
        if (!TryRead(message, out var notification, out var why))
        {
            return InboxResult.Unusable(why);
        }

        var (outcome, detail) = await ApplyAsync(context, notification, ct);
        return new InboxResult(outcome, detail);
    }

    /// <summary>The stored form body back to a notification; false with the reason when it cannot be read.</summary>
    internal static bool TryRead(InboxMessage message, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WalletNotification? notification, out string why)
    {
        notification = null;
        var xml = WalletNotificationReceiver.ExtractXml(message.RawBody);
        if (xml is null)
        {
            why = "stored body has no xml field";
            return false;
        }

        try
        {
            notification = WalletNotification.Parse(xml);
            why = "";
            return true;
        }
        catch (FormatException ex)
        {
            why = "stored notification cannot be read: " + ex.Message;
            return false;
        }
    }

    private async Task<(InboxOutcome, string)> ApplyAsync(ConnectorDbContext db, WalletNotification n, CancellationToken ct)
    {
        if (!VendorOperations.Contains(n.Operation))
        {
            WalletNotificationsLog.UnknownOperation(logger, n.Operation, n.AccountId);
            return (InboxOutcome.Ignored, $"'{n.Operation}' is not a notification this connector acts on");
        }

        if (n.Operation == "other_transaction")
        {
            AddGeneralLog(db, n.Status == WalletNotificationStatus.Ok ? 200 : 300, "Notification", null,
                $"other_transaction {n.RawStatus}: {n.Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture)} {n.Currency} {n.Label}",
                n);
            return (InboxOutcome.Applied, "logged");
        }

        var vendor = await db.Vendors.SingleOrDefaultAsync(v => v.HiPayAccountId == n.AccountId, ct);
        if (vendor is null)
        {
            // The operator's and technical wallets get notifications too (the predecessor crashed here).
            AddGeneralLog(db, 200, "Notification", null, $"{n.Operation} {n.RawStatus} for account {n.AccountId}, which is not a vendor wallet", n);
            return (InboxOutcome.Ignored, "not a vendor wallet");
        }

        if (n.Operation is "bank_info_validation" or "identification" && await IsSupersededAsync(db, n, ct))
        {
            // Delivered out of order: a later verdict on the same thing was already applied and stands.
            return (InboxOutcome.Ignored, "superseded by a later notification already applied");
        }

        var ok = n.Status == WalletNotificationStatus.Ok;
        switch (n.Operation)
        {
            case "bank_info_validation":
                await UpdateMiraklAsync(ok
                    ? new MiraklShopUpdate { ShopId = vendor.MiraklShopId, PaymentBlocked = false, Suspend = false, Kyc = new MiraklKycUpdate { Status = "APPROVED" } }
                    : new MiraklShopUpdate { ShopId = vendor.MiraklShopId, Suspend = true, Kyc = new MiraklKycUpdate { Status = "REFUSED", Reason = BankInfoRefusedReason } }, ct);
                vendor.BankInfoStatus = ok ? BankInfoStatus.Validated : BankInfoStatus.Blank;
                if (ok)
                {
                    vendor.PaymentBlocked = false;
                }

                AddVendorLog(db, vendor, ok ? VendorLogStatus.Success : VendorLogStatus.Critical,
                    ok ? "bank details validated by HiPay: payments unblocked in Mirakl" : "bank details refused by HiPay: shop KYC refused and suspended in Mirakl");
                return (InboxOutcome.Applied, ok ? "bank details validated" : "bank details refused");

            case "identification":
                vendor.Identified = ok;
                AddVendorLog(db, vendor, ok ? VendorLogStatus.Success : VendorLogStatus.Warning,
                    ok ? "wallet identified by HiPay" : "wallet identification refused by HiPay: " + n.Message);
                return (InboxOutcome.Applied, ok ? "identified" : "not identified");

            default: // document_validation
                AddVendorLog(db, vendor, ok ? VendorLogStatus.Info : VendorLogStatus.Warning,
                    $"document {n.DocumentTypeLabel ?? n.DocumentType?.ToString(System.Globalization.CultureInfo.InvariantCulture)} {(ok ? "validated" : "refused")}{(string.IsNullOrEmpty(n.Message) ? "" : ": " + n.Message)}");
                return (InboxOutcome.Applied, "logged against the vendor");
        }
    }

    /// <summary>
    /// True when a notification of the same operation for the same wallet, stamped later by HiPay, was already applied.
    /// Such verdicts (identified or not, bank details valid or not) replace each other, so only the latest may stand.
    /// </summary>
    private static async Task<bool> IsSupersededAsync(ConnectorDbContext db, WalletNotification n, CancellationToken ct)
    {
        if (n.OccurredAt is not { } occurred)
        {
            return false;
        }

        var reference = n.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var applied = await db.Inbox.AsNoTracking()
            .Where(m => m.Source == NotificationSource.HiPayWallet && m.Kind == n.Operation && m.Reference == reference && m.Outcome == InboxOutcome.Applied)
            .Select(m => m.RawBody)
            .ToListAsync(ct);
        return applied
            .Select(body => WalletNotificationReceiver.ExtractXml(body))
            .Where(xml => xml is not null)
            .Select(xml => WalletNotification.Parse(xml!).OccurredAt)
            .Any(other => other > occurred);
    }

    private async Task UpdateMiraklAsync(MiraklShopUpdate update, CancellationToken ct)
    {
        var results = await mirakl.UpdateShopsAsync([update], ct);
        var failed = results.FirstOrDefault(r => !r.Succeeded);
        if (failed is not null)
        {
            throw new InvalidOperationException($"Mirakl refused the update of shop {failed.ShopId}: {failed.ErrorMessage}");
        }
    }

    private void AddVendorLog(ConnectorDbContext db, Vendor vendor, VendorLogStatus status, string message) =>
        db.VendorLog.Add(new VendorLogEntry
        {
            MiraklShopId = vendor.MiraklShopId,
            HiPayAccountId = vendor.HiPayAccountId,
            Login = vendor.Login,
            Status = status,
            WalletStatus = vendor.Identified ? WalletStatus.Identified : WalletStatus.NotIdentified,
            Message = Truncate(message, 1000),
            Enabled = vendor.Enabled,
            PaymentBlocked = vendor.PaymentBlocked,
            Country = vendor.Country,
            CreatedAt = clock.GetUtcNow(),
        });

    private void AddGeneralLog(ConnectorDbContext db, int level, string action, long? shopId, string message, WalletNotification n) =>
        db.GeneralLog.Add(new GeneralLogEntry
        {
            CreatedAt = clock.GetUtcNow(),
            Level = level,
            LevelName = level >= 300 ? "WARNING" : "INFO",
            Action = action,
            MiraklShopId = shopId,
            Message = message,
            Context = JsonSerializer.Serialize(new { operation = n.Operation, status = n.RawStatus, accountId = n.AccountId, transId = n.TransId }),
        });

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
