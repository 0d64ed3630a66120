using System.Globalization;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>What one generation pass did.</summary>
public sealed record GenerateSummary(int Invoices, int Generated, int AlreadyGenerated, int SkippedNoWallet, int Invalid, int LegsCreated);

/// <summary>
/// Turns the Mirakl AUTO_INVOICEs of a window into legs: per invoice, in one transaction, a seller leg and (when the
/// operator is owed something) a commission leg. The unique (invoice, kind) index makes a re-run or an overlapping
/// window harmless.
/// </summary>
public sealed partial class CashoutGenerator(
    Func<ConnectorDbContext> createContext,
    IMiraklClient mirakl,
    ConnectorSettings settings,
    TimeProvider clock,
    ILogger<CashoutGenerator> logger)
{
    public async Task<GenerateSummary> GenerateAsync(CycleWindow window, CancellationToken ct)
    {
        int invoices = 0, generated = 0, already = 0, noWallet = 0, invalid = 0, legs = 0;
        await foreach (var invoice in mirakl.GetInvoicesAsync(window.Start, window.End, MiraklInvoiceTypes.AutoInvoice, ct: ct))
        {
            invoices++;
            var outcome = await GenerateOneAsync(invoice, window.CycleInstant, ct);
            switch (outcome)
            {
                case > 0:
                    generated++;
                    legs += outcome;
                    break;
                case GeneratedAlready:
                    already++;
                    break;
                case NoWallet:
                    noWallet++;
                    break;
                default:
                    invalid++;
                    break;
            }
        }

        return new GenerateSummary(invoices, generated, already, noWallet, invalid, legs);
    }

    private const int GeneratedAlready = 0;
    private const int NoWallet = -1;
    private const int Invalid = -2;

    /// <summary>Returns the number of legs created, or one of the negative/zero outcome codes.</summary>
    private async Task<int> GenerateOneAsync(MiraklInvoice invoice, DateTimeOffset cycleInstant, CancellationToken ct)
    {
        var invoiceId = invoice.InvoiceId.ToString(CultureInfo.InvariantCulture);
        await using var db = createContext();
        if (await db.Legs.AsNoTracking().AnyAsync(l => l.InvoiceId == invoiceId, ct))
        {
            // A shortcut only: the unique index below is what guarantees it.
            return GeneratedAlready;
        }

        var vendor = await db.Vendors.AsNoTracking().SingleOrDefaultAsync(v => v.MiraklShopId == invoice.ShopId, ct);
        if (vendor?.HiPayAccountId is not { } account)
        {
            NoWalletYet(logger, invoiceId, invoice.ShopId);
            return NoWallet;
        }

        if (invoice.Summary is null)
        {
            InvalidInvoice(logger, invoiceId, "no summary");
            return Invalid;
        }

        var currency = (invoice.CurrencyIsoCode ?? vendor.Currency).ToUpperInvariant();
        long sellerMinor, operatorMinor;
        try
        {
            sellerMinor = WalletAmount.ToMinor(invoice.Summary.AmountTransferred ?? 0m, currency);
            operatorMinor = WalletAmount.ToMinor(invoice.Summary.AmountTransferredToOperator ?? 0m, currency);
        }
        catch (FormatException ex)
        {
            InvalidInvoice(logger, invoiceId, ex.Message);
            return Invalid;
        }

        var now = clock.GetUtcNow();
        var marketplaceId = MarketplaceId(settings);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var seller = new Leg
            {
                Kind = LegKind.SellerPayout,
                InvoiceId = invoiceId,
                MiraklShopId = invoice.ShopId,
                VendorId = vendor.Id,
                BeneficiaryAccountId = account,
                AmountMinor = sellerMinor,
                OriginAmountMinor = sellerMinor,
                Currency = currency,
                MerchantUniqueId = Leg.MintMerchantUniqueId(LegKind.SellerPayout, invoiceId, marketplaceId, account),
                CycleDate = cycleInstant,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Legs.Add(seller);
            JournalCreated(db, seller, now, $"Invoice {invoiceId}: seller amount {WalletAmount.Format(sellerMinor, currency)} {currency}");
            var created = 1;

            if (operatorMinor > 0)
            {
                // The operator is paid even when the seller amount is not positive (the predecessor skipped it: a bug).
                var operatorAccount = settings.Accounts.OperatorAccountId;
                var commission = new Leg
                {
                    Kind = LegKind.OperatorCommission,
                    InvoiceId = invoiceId,
                    MiraklShopId = invoice.ShopId,
                    VendorId = vendor.Id,
                    BeneficiaryAccountId = operatorAccount,
                    AmountMinor = operatorMinor,
                    OriginAmountMinor = operatorMinor,
                    Currency = currency,
                    MerchantUniqueId = Leg.MintMerchantUniqueId(LegKind.OperatorCommission, invoiceId, marketplaceId, operatorAccount),
                    CycleDate = cycleInstant,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.Legs.Add(commission);
                JournalCreated(db, commission, now, $"Invoice {invoiceId}: operator amount {WalletAmount.Format(operatorMinor, currency)} {currency}");
                created++;
            }

            await db.SaveChangesAsync(ct);

            if (sellerMinor <= 0)
            {
                LegJournal.Move(db, seller, LegStatus.PendingNetting, now, "Seller amount not positive: netted into the next payout");
            }
            else
            {
                await NetDebtsAsync(db, seller, now, ct);
            }

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return created;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            await tx.RollbackAsync(ct);
            return GeneratedAlready;
        }
    }

    private static async Task NetDebtsAsync(ConnectorDbContext db, Leg positive, DateTimeOffset now, CancellationToken ct)
    {
        var debts = await db.Legs
            .Where(l => l.Status == LegStatus.PendingNetting && l.Kind == LegKind.SellerPayout
                && l.BeneficiaryAccountId == positive.BeneficiaryAccountId && l.Currency == positive.Currency && l.Id != positive.Id)
            .OrderBy(l => l.Id)
            .ToListAsync(ct);
        if (debts.Count == 0)
        {
            return;
        }

        var plan = PayoutNetting.Plan(positive.AmountMinor, debts.Select(d => new NettingDebt(d.Id, d.AmountMinor)));
        foreach (var debt in debts.Where(d => plan.AbsorbedLegIds.Contains(d.Id)))
        {
            debt.AdjustedIntoLegId = positive.Id;
            LegJournal.Move(db, debt, LegStatus.Adjusted, now,
                FormattableString.Invariant($"Netted into leg {positive.Id} (invoice {positive.InvoiceId})"));
        }

        if (plan.NetAmountMinor != positive.AmountMinor)
        {
            positive.AmountMinor = plan.NetAmountMinor;
            db.LegLog.Add(new Logs.LegLogEntry
            {
                Leg = positive,
                FromStatus = positive.Status,
                ToStatus = positive.Status,
                Message = FormattableString.Invariant($"Netted {plan.AbsorbedLegIds.Count} debt(s): pays {WalletAmount.Format(plan.NetAmountMinor, positive.Currency)} of {WalletAmount.Format(positive.OriginAmountMinor, positive.Currency)}"),
                CreatedAt = now,
            });
        }
    }

    private static void JournalCreated(ConnectorDbContext db, Leg leg, DateTimeOffset now, string message) => LegJournal.Created(db, leg, now, message);

    internal static string MarketplaceId(ConnectorSettings settings) =>
        string.IsNullOrWhiteSpace(settings.HiPayWallet.MarketplaceTechnicalId)
            ? settings.Accounts.TechnicalAccountId.ToString(CultureInfo.InvariantCulture)
            : settings.HiPayWallet.MarketplaceTechnicalId;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId} skipped: shop {ShopId} has no wallet yet (a later window picks it up)")]
    private static partial void NoWalletYet(ILogger logger, string invoiceId, long shopId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invoice {InvoiceId} not generated: {Reason}")]
    private static partial void InvalidInvoice(ILogger logger, string invoiceId, string reason);
}
