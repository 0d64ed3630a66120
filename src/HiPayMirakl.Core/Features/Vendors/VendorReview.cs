using System.Globalization;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.WalletNotifications;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Vendors;

/// <summary>HiPay's verdict on one KYC document of a wallet, from a document_validation notification.</summary>
public sealed record DocumentVerdict(int? HiPayDocumentType, string? Label, bool Accepted, string? Message, DateTimeOffset ReceivedAt, InboxOutcome Outcome);

/// <summary>
/// What HiPay said about a vendor's documents. The connector keeps the uploads (<c>vendor_documents</c>) and the
/// signed notifications as received; a document's review state is the latest document_validation notification of the
/// wallet for that HiPay document type.
/// </summary>
public static class VendorReview
{
    /// <summary>Verdicts of the wallet's documents, newest first.</summary>
    public static async Task<IReadOnlyList<DocumentVerdict>> DocumentVerdictsAsync(ConnectorDbContext db, long hiPayAccountId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reference = hiPayAccountId.ToString(CultureInfo.InvariantCulture);
        var rows = await db.Inbox.AsNoTracking()
            .Where(m => m.Source == NotificationSource.HiPayWallet && m.Kind == "document_validation" && m.Reference == reference)
            .OrderByDescending(m => m.Id)
            .Take(200)
            .Select(m => new { m.RawBody, m.ReceivedAt, m.Outcome })
            .ToListAsync(ct);
        var verdicts = new List<DocumentVerdict>(rows.Count);
        foreach (var row in rows)
        {
            if (WalletNotificationReceiver.ExtractXml(row.RawBody) is not { } xml)
            {
                continue;
            }

            WalletNotification n;
            try
            {
                n = WalletNotification.Parse(xml);
            }
            catch (FormatException)
            {
                // Stored rows were verified on receipt; one that no longer reads is shown by the inbox page, not here.
                continue;
            }

            verdicts.Add(new DocumentVerdict(n.DocumentType, n.DocumentTypeLabel, n.Status == WalletNotificationStatus.Ok, n.Message, row.ReceivedAt, row.Outcome));
        }

        return verdicts;
    }
}
