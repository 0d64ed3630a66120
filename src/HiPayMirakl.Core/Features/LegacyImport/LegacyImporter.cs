using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.Currencies;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.LegacyImport;

public enum LegacyAction
{
    /// <summary>New here: imported (or, in a dry run, would be).</summary>
    Import,

    /// <summary>The same row is already here (an earlier import): nothing to do.</summary>
    AlreadyImported,

    /// <summary>Something here or in the predecessor's data disagrees: not imported, an operator looks.</summary>
    Conflict,
}

/// <summary>One line of the import's report: a predecessor row and what happens to it.</summary>
public sealed record LegacyPlanRow(string Table, long LegacyId, string Key, LegacyAction Action, string Detail);

public sealed record LegacyImportReport(bool DryRun, IReadOnlyList<LegacyPlanRow> Rows)
{
    public int Imported => Rows.Count(r => r.Action == LegacyAction.Import);

    public int AlreadyImported => Rows.Count(r => r.Action == LegacyAction.AlreadyImported);

    public int Conflicts => Rows.Count(r => r.Action == LegacyAction.Conflict);
}

/// <summary>
/// Carries the predecessor's vendors (with their wallet ids and history) and operations (as legs, through
/// <see cref="LegacyStatusMap"/>) over. Each vendor, with its log, and each leg is inserted on its own, and the unique
/// indexes decide what is already here (shop id, wallet id, invoice and kind, merchant_unique_id, HiPay ids): a second
/// import inserts nothing. A leg keeps the predecessor's merchant_unique_id, so HiPay's books are read under the very
/// key the predecessor sent, and a transfer it made is never made again. Every imported row is journalled.
/// </summary>
public sealed class LegacyImporter(Func<ConnectorDbContext> createContext, ConnectorSettings settings, TimeProvider clock)
{
    public const string Journal = "Imported from legacy";

    public async Task<LegacyImportReport> ImportAsync(LegacyData data, string currency, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        var exponent = CurrencyTable.ExponentOf(currency);
        var now = clock.GetUtcNow();
        var rows = new List<LegacyPlanRow>();

        Dictionary<long, (long Id, long? Account)> vendorsByShop;
        Dictionary<long, long> shopByAccount;
        List<(string? InvoiceId, LegKind Kind, string Key, string? TransferId, string? WithdrawId)> legs;
        await using (var db = createContext())
        {
            var vendors = await db.Vendors.AsNoTracking().Select(v => new { v.Id, v.MiraklShopId, v.HiPayAccountId }).ToListAsync(ct);
            vendorsByShop = vendors.ToDictionary(v => v.MiraklShopId, v => (v.Id, v.HiPayAccountId));
            shopByAccount = vendors.Where(v => v.HiPayAccountId is not null).ToDictionary(v => v.HiPayAccountId!.Value, v => v.MiraklShopId);
            legs = (await db.Legs.AsNoTracking().Select(l => new { l.InvoiceId, l.Kind, l.MerchantUniqueId, l.TransferId, l.WithdrawId }).ToListAsync(ct))
                .Select(l => (l.InvoiceId, l.Kind, l.MerchantUniqueId, l.TransferId, l.WithdrawId)).ToList();
        }

        // Vendors, each with its history from log_vendors, in one insert: the shop's unique index decides for both.
        var logsByShop = data.VendorLogs.ToLookup(l => l.MiraklId);
        var plannedShops = new Dictionary<long, long>();
        foreach (var legacy in data.Vendors)
        {
            var key = "shop " + legacy.MiraklId.ToString(CultureInfo.InvariantCulture);
            var history = logsByShop[legacy.MiraklId].ToList();
            LegacyPlanRow Row(LegacyAction action, string detail) => new("vendors", legacy.Id, key, action, detail);
            if (vendorsByShop.TryGetValue(legacy.MiraklId, out var existing))
            {
                rows.Add(existing.Account == legacy.HiPayId
                    ? Row(LegacyAction.AlreadyImported, Invariant($"wallet {legacy.HiPayId}"))
                    : Row(LegacyAction.Conflict, Invariant($"here linked to wallet {existing.Account?.ToString(CultureInfo.InvariantCulture) ?? "none"}, there to {legacy.HiPayId}")));
                continue;
            }

            if (legacy.HiPayId <= 0)
            {
                rows.Add(Row(LegacyAction.Conflict, Invariant($"no wallet (hipayId {legacy.HiPayId}): vendor sync creates it")));
                continue;
            }

            if (shopByAccount.TryGetValue(legacy.HiPayId, out var otherShop) || plannedShops.ContainsValue(legacy.HiPayId) && !plannedShops.ContainsKey(legacy.MiraklId))
            {
                rows.Add(Row(LegacyAction.Conflict, Invariant($"wallet {legacy.HiPayId} already belongs to shop {otherShop}")));
                continue;
            }

            if (plannedShops.ContainsKey(legacy.MiraklId))
            {
                rows.Add(Row(LegacyAction.Conflict, "the predecessor has this shop twice"));
                continue;
            }

            var detail = Invariant($"wallet {legacy.HiPayId}, {history.Count} log row(s)");
            if (!dryRun)
            {
                var id = await InsertVendorAsync(legacy, history, currency, now, ct);
                if (id is null)
                {
                    rows.Add(Row(LegacyAction.AlreadyImported, Invariant($"wallet {legacy.HiPayId} (imported meanwhile)")));
                    continue;
                }

                vendorsByShop[legacy.MiraklId] = (id.Value, legacy.HiPayId);
            }

            plannedShops[legacy.MiraklId] = legacy.HiPayId;
            rows.Add(Row(LegacyAction.Import, detail));
        }

        foreach (var orphan in data.VendorLogs.Where(l => !data.Vendors.Any(v => v.MiraklId == l.MiraklId)))
        {
            rows.Add(new("log_vendors", orphan.Id, "shop " + orphan.MiraklId.ToString(CultureInfo.InvariantCulture), LegacyAction.Conflict, "no vendor row for this shop: log not imported"));
        }

        // Operations → legs. The operator's operation (miraklId null) takes the shop of the seller's for the same invoice.
        var shopOfVoucher = data.Operations.Where(o => o.MiraklId is not null).GroupBy(o => o.PaymentVoucher).ToDictionary(g => g.Key, g => g.First().MiraklId!.Value, StringComparer.Ordinal);
        var legIdOfOperation = new Dictionary<long, long>();
        var planned = new List<(string? InvoiceId, LegKind Kind, string Key, string? TransferId, string? WithdrawId)>();
        foreach (var op in data.Operations)
        {
            var kind = op.MiraklId is null ? LegKind.OperatorCommission : LegKind.SellerPayout;
            var invoice = op.PaymentVoucher;
            long? shop = op.MiraklId ?? (shopOfVoucher.TryGetValue(invoice, out var s) ? s : null);
            var account = op.HiPayId ?? (kind == LegKind.OperatorCommission ? settings.Accounts.OperatorAccountId : null);
            var keyText = Invariant($"invoice {invoice} {(kind == LegKind.SellerPayout ? "seller" : "commission")}");
            LegacyPlanRow Row(LegacyAction action, string detail) => new("operations", op.Id, keyText, action, detail);

            if (string.IsNullOrWhiteSpace(invoice) || account is null)
            {
                rows.Add(Row(LegacyAction.Conflict, "no invoice id (paymentVoucher) or no wallet (hipayId)"));
                continue;
            }

            if (!TryMinor(op.Amount, exponent, out var amount) || !TryMinor(op.OriginAmount ?? op.Amount, exponent, out var origin)
                || (op.WithdrawnAmount is { } w && !TryMinor(w, exponent, out _)))
            {
                rows.Add(Row(LegacyAction.Conflict, Invariant($"amount {op.Amount} is not an amount in {currency}")));
                continue;
            }

            var hasKey = !string.IsNullOrWhiteSpace(op.MerchantUniqueId);
            if (LegacyStatusMap.Map(op.Status, kind == LegKind.SellerPayout, amount, hasKey) is not { } mapped)
            {
                rows.Add(Row(LegacyAction.Conflict, Invariant($"unknown status {op.Status}")));
                continue;
            }

            var merchantKey = hasKey
                ? op.MerchantUniqueId!
                : Leg.MintMerchantUniqueId(kind, invoice, CashoutGenerator.MarketplaceId(settings), account.Value);
            var same = legs.Concat(planned).FirstOrDefault(l => l.InvoiceId == invoice && l.Kind == kind);
            if (same.Key is not null)
            {
                rows.Add(string.Equals(same.Key, merchantKey, StringComparison.Ordinal)
                    ? Row(LegacyAction.AlreadyImported, merchantKey)
                    : Row(LegacyAction.Conflict, Invariant($"a leg for this invoice exists here with key {same.Key}, the predecessor's is {merchantKey}")));
                continue;
            }

            var clash = legs.Concat(planned).FirstOrDefault(l => l.Key == merchantKey
                || (op.TransferId is not null && l.TransferId == op.TransferId) || (op.WithdrawId is not null && l.WithdrawId == op.WithdrawId));
            if (clash.Key is not null)
            {
                rows.Add(Row(LegacyAction.Conflict, Invariant($"its key or HiPay ids are on the leg of invoice {clash.InvoiceId} here")));
                continue;
            }

            long? vendorId = shop is { } shopId && vendorsByShop.TryGetValue(shopId, out var v) ? v.Id : null;
            if (shop is null || (vendorId is null && !plannedShops.ContainsKey(shop.Value)))
            {
                rows.Add(Row(LegacyAction.Conflict, Invariant($"the vendor of shop {shop?.ToString(CultureInfo.InvariantCulture) ?? "?"} is not here: import or sync it first")));
                continue;
            }

            var name = LegacyStatusMap.Find(op.Status)!.Name;
            var detail = Invariant($"{name} → {mapped.Status} ({mapped.Why}); {WalletAmountText(amount, currency)}; key {merchantKey}");
            planned.Add((invoice, kind, merchantKey, op.TransferId, op.WithdrawId));
            if (!dryRun)
            {
                var leg = Leg.Imported(mapped.Status);
                leg.Kind = kind;
                leg.InvoiceId = invoice;
                leg.MiraklShopId = shop;
                leg.VendorId = vendorId;
                leg.BeneficiaryAccountId = account;
                leg.AmountMinor = amount;
                leg.OriginAmountMinor = origin;
                leg.WithdrawnAmountMinor = op.WithdrawnAmount is { } withdrawn && TryMinor(withdrawn, exponent, out var wm) ? wm : null;
                leg.Currency = currency;
                leg.MerchantUniqueId = merchantKey;
                leg.TransferId = op.TransferId;
                leg.WithdrawId = op.WithdrawId;
                leg.CycleDate = op.CycleDate;
                leg.CreatedAt = now;

                // When the predecessor last touched it: a look-up that finds nothing is believed only after the
                // grace that follows the last possible send.
                var touched = op.UpdatedAt ?? op.CycleDate;
                leg.UpdatedAt = touched;
                leg.TransferRequestedAt = mapped.Status is LegStatus.TransferUnknown or LegStatus.TransferHeld || op.TransferId is not null ? touched : null;
                leg.WithdrawRequestedAt = mapped.Status is LegStatus.WithdrawUnknown or LegStatus.WithdrawHeld || op.WithdrawId is not null ? touched : null;
                if (mapped.Status == LegStatus.WithdrawSuccess)
                {
                    leg.SettledAt = touched;
                }

                var id = await InsertLegAsync(leg, Invariant($"{Journal} operation {op.Id}: {name} → {mapped.Status} ({mapped.Why})"), now, ct);
                if (id is null)
                {
                    rows.Add(Row(LegacyAction.AlreadyImported, merchantKey + " (imported meanwhile)"));
                    continue;
                }

                legIdOfOperation[op.Id] = id.Value;
            }

            rows.Add(Row(LegacyAction.Import, detail));
        }

        if (!dryRun)
        {
            await LinkAdjustmentsAsync(data, legIdOfOperation, ct);
        }

        return new LegacyImportReport(dryRun, rows);
    }

    private async Task<long?> InsertVendorAsync(LegacyVendor legacy, List<LegacyVendorLog> history, string currency, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = createContext();
        var vendor = new Vendor
        {
            MiraklShopId = legacy.MiraklId,
            Email = legacy.Email,
            Identified = legacy.Identified,
            CallbackSalt = legacy.CallbackSalt,
            VatNumber = legacy.VatNumber,
            Country = legacy.Country,
            Currency = currency,

            // The predecessor's "unknown" (null) asked Mirakl live; the next vendor sync sets it from Mirakl here.
            Enabled = legacy.Enabled ?? true,
            PaymentBlocked = legacy.PaymentBlocked,

            // The predecessor kept no bank-details status: the next vendor sync reads it at HiPay.
            BankInfoStatus = BankInfoStatus.Blank,
        };
        vendor.LinkWallet(legacy.HiPayId, legacy.HiPayUserSpaceId);
        db.Vendors.Add(vendor);
        foreach (var log in history)
        {
            db.VendorLog.Add(new VendorLogEntry
            {
                MiraklShopId = log.MiraklId,
                HiPayAccountId = log.HiPayId,
                Login = Fit(log.Login, 200),
                Status = Enum.IsDefined((VendorLogStatus)log.Status) ? (VendorLogStatus)log.Status : VendorLogStatus.Info,
                WalletStatus = Enum.IsDefined((WalletStatus)log.StatusWalletAccount) ? (WalletStatus)log.StatusWalletAccount : WalletStatus.Created,
                Message = Fit(log.Message, 1000),
                DocumentsSent = log.NbDoc,
                Enabled = log.Enabled ?? true,
                PaymentBlocked = log.PaymentBlocked,
                Country = Fit(log.Country, 3),
                CreatedAt = log.Date,
            });
        }

        db.VendorLog.Add(new VendorLogEntry
        {
            MiraklShopId = legacy.MiraklId,
            HiPayAccountId = legacy.HiPayId,
            Status = VendorLogStatus.Info,
            WalletStatus = legacy.Identified ? WalletStatus.Identified : WalletStatus.Created,
            Message = Invariant($"{Journal} vendor {legacy.Id} (wallet {legacy.HiPayId}, {history.Count} log row(s))"),
            Enabled = vendor.Enabled,
            PaymentBlocked = vendor.PaymentBlocked,
            Country = Fit(legacy.Country, 3),
            CreatedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return vendor.Id;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            return null;
        }
    }

    private async Task<long?> InsertLegAsync(Leg leg, string message, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = createContext();
        db.Legs.Add(leg);
        LegJournal.Created(db, leg, now, message);
        try
        {
            await db.SaveChangesAsync(ct);
            return leg.Id;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            return null;
        }
    }

    /// <summary>The predecessor's adjustmentIds (its absorbed debts) become the debts' AdjustedIntoLegId.</summary>
    private async Task LinkAdjustmentsAsync(LegacyData data, Dictionary<long, long> legIdOfOperation, CancellationToken ct)
    {
        await using var db = createContext();
        foreach (var op in data.Operations.Where(o => !string.IsNullOrWhiteSpace(o.AdjustmentIds) && legIdOfOperation.ContainsKey(o.Id)))
        {
            long[] absorbed;
            try
            {
                absorbed = JsonSerializer.Deserialize<long[]>(op.AdjustmentIds!) ?? [];
            }
            catch (JsonException)
            {
                continue;
            }

            var into = legIdOfOperation[op.Id];
            var ids = absorbed.Where(legIdOfOperation.ContainsKey).Select(a => legIdOfOperation[a]).ToList();
            foreach (var debt in await db.Legs.Where(l => ids.Contains(l.Id) && l.AdjustedIntoLegId == null).ToListAsync(ct))
            {
                debt.AdjustedIntoLegId = into;
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static bool TryMinor(decimal value, int exponent, out long minor) =>
        MinorUnits.TryFromDecimal(Math.Round(value, exponent, MidpointRounding.AwayFromZero), exponent, out minor);

    private static string WalletAmountText(long minor, string currency) => MinorUnits.Format(minor, currency) + " " + currency;

    private static string? Fit(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
