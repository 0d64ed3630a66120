using System.Globalization;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.Core.Money;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.Currencies;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>What one generation pass did.</summary>
/// <remarks>
/// <see cref="Generated"/> counts invoices turned into legs by this run, from the window or from the backlog
/// (<see cref="FromBacklog"/> of them); <see cref="SkippedNoWallet"/> counts window invoices held in the backlog because
/// their shop has no wallet yet.
/// </remarks>
public sealed record GenerateSummary(int Invoices, int Generated, int AlreadyGenerated, int SkippedNoWallet, int Invalid, int LegsCreated)
{
    public int FromBacklog { get; init; }
}

/// <summary>
/// Turns the Mirakl AUTO_INVOICEs of a window into legs: per invoice, in one transaction, a seller leg and (when the
/// operator is owed something) a commission leg. The unique (invoice, kind) index makes a re-run or an overlapping
/// window harmless. An invoice whose shop has no wallet yet is recorded in the invoice backlog and becomes legs at the
/// start of the first run after the shop gets one, whatever the windows by then.
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
        var (drained, drainedLegs) = await DrainBacklogAsync(ct);
        int invoices = 0, generated = drained.Count, already = 0, noWallet = 0, invalid = 0, legs = drainedLegs;
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
                    // Generated from the backlog a moment ago: counted there already.
                    if (!drained.Contains(InvoiceIdOf(invoice)))
                    {
                        already++;
                    }

                    break;
                case NoWallet:
                    noWallet++;
                    break;
                default:
                    invalid++;
                    break;
            }
        }

        return new GenerateSummary(invoices, generated, already, noWallet, invalid, legs) { FromBacklog = drained.Count };
    }

    private const int GeneratedAlready = 0;
    private const int NoWallet = -1;
    private const int Invalid = -2;

    /// <summary>What an invoice owes, checked and in minor units: the same whether it comes from Mirakl or the backlog.</summary>
    private sealed record InvoiceAmounts(string InvoiceId, long ShopId, long SellerMinor, long OperatorMinor, Currency Currency, DateTimeOffset CycleDate);

    private static string InvoiceIdOf(MiraklInvoice invoice) => invoice.InvoiceId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Returns the number of legs created, or one of the negative/zero outcome codes.</summary>
    private async Task<int> GenerateOneAsync(MiraklInvoice invoice, DateTimeOffset cycleInstant, CancellationToken ct)
    {
        var invoiceId = InvoiceIdOf(invoice);
        await using var db = createContext();
        if (await db.Legs.AsNoTracking().AnyAsync(l => l.InvoiceId == invoiceId, ct))
        {
            // A shortcut only: the unique index below is what guarantees it.
            return GeneratedAlready;
        }

        var vendor = await db.Vendors.AsNoTracking().SingleOrDefaultAsync(v => v.MiraklShopId == invoice.ShopId, ct);

        // Checked before anything is written, backlog included: an invoice that cannot be paid as it stands is logged
        // and left in Mirakl, where the next window or a fixed invoice brings it back.
        var (amounts, reason) = Read(invoice, invoiceId, vendor?.Currency, cycleInstant);
        if (amounts is null)
        {
            InvalidInvoice(logger, invoiceId, reason!);
            return Invalid;
        }

        if (vendor?.HiPayAccountId is not { } account)
        {
            await RecordInBacklogAsync(db, amounts, ct);
            NoWalletYet(logger, invoiceId, invoice.ShopId);
            return NoWallet;
        }

        return await CreateLegsAsync(db, amounts, vendor.Id, account, ct);
    }

    private static (InvoiceAmounts? Amounts, string? Reason) Read(MiraklInvoice invoice, string invoiceId, string? vendorCurrency, DateTimeOffset cycleInstant)
    {
        if (invoice.Summary is null)
        {
            return (null, "no summary");
        }

        var code = invoice.CurrencyIsoCode ?? vendorCurrency;
        if (!Currency.TryOf(code, out var currency))
        {
            return (null, $"currency '{code}' is not an active ISO 4217 code");
        }

        var seller = invoice.Summary.AmountTransferred ?? 0m;
        var toOperator = invoice.Summary.AmountTransferredToOperator ?? 0m;
        if (!MinorUnits.TryFromDecimal(seller, currency.Exponent, out var sellerMinor))
        {
            return (null, FormattableString.Invariant($"seller amount {seller} has more decimals than {currency.Code} allows, or is too large"));
        }

        if (!MinorUnits.TryFromDecimal(toOperator, currency.Exponent, out var operatorMinor))
        {
            return (null, FormattableString.Invariant($"operator amount {toOperator} has more decimals than {currency.Code} allows, or is too large"));
        }

        return (new InvoiceAmounts(invoiceId, invoice.ShopId, sellerMinor, operatorMinor, currency, cycleInstant), null);
    }

    private async Task RecordInBacklogAsync(ConnectorDbContext db, InvoiceAmounts amounts, CancellationToken ct)
    {
        var row = new InvoiceBacklogEntry
        {
            InvoiceId = amounts.InvoiceId,
            MiraklShopId = amounts.ShopId,
            SellerAmountMinor = amounts.SellerMinor,
            OperatorAmountMinor = amounts.OperatorMinor,
            Currency = amounts.Currency.Code,
            CycleDate = amounts.CycleDate,
            FirstSeenAt = clock.GetUtcNow(),
        };
        db.InvoiceBacklog.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // Seen by an earlier window: the first sighting (and its cycle) stays.
            db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>
    /// Turns every unresolved backlog row whose shop now has a wallet into legs, exactly as a fresh invoice would be.
    /// Returns the invoices generated and the number of legs created.
    /// </summary>
    private async Task<(HashSet<string> Invoices, int Legs)> DrainBacklogAsync(CancellationToken ct)
    {
        var generated = new HashSet<string>(StringComparer.Ordinal);
        var legs = 0;
        List<(InvoiceBacklogEntry Row, long VendorId, long Account)> due;
        await using (var db = createContext())
        {
            var rows = await (
                from b in db.InvoiceBacklog.AsNoTracking()
                join v in db.Vendors.AsNoTracking() on b.MiraklShopId equals v.MiraklShopId
                where b.ResolvedAt == null && v.HiPayAccountId != null
                orderby b.Id
                select new { Row = b, VendorId = v.Id, Account = v.HiPayAccountId!.Value })
                .ToListAsync(ct);
            due = rows.Select(r => (r.Row, r.VendorId, r.Account)).ToList();
        }

        foreach (var (row, vendorId, account) in due)
        {
            var amounts = new InvoiceAmounts(row.InvoiceId, row.MiraklShopId, row.SellerAmountMinor, row.OperatorAmountMinor,
                Currency.Of(row.Currency), row.CycleDate);
            int created;
            await using (var db = createContext())
            {
                created = await CreateLegsAsync(db, amounts, vendorId, account, ct);
            }

            if (created > 0)
            {
                generated.Add(row.InvoiceId);
                legs += created;
                FromBacklogGenerated(logger, row.InvoiceId, row.MiraklShopId, account, created);
            }
            else
            {
                // Its legs exist already (a window saw the invoice once the wallet was there): nothing more is owed.
                await using var db = createContext();
                await MarkResolvedAsync(db, row.InvoiceId, clock.GetUtcNow(), ct);
            }
        }

        return (generated, legs);
    }

    /// <summary>Returns the number of rows resolved (0 when the invoice was never in the backlog).</summary>
    private static Task<int> MarkResolvedAsync(ConnectorDbContext db, string invoiceId, DateTimeOffset now, CancellationToken ct) =>
        db.InvoiceBacklog
            .Where(b => b.InvoiceId == invoiceId && b.ResolvedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.ResolvedAt, now), ct);

    /// <summary>
    /// The seller leg and, when the operator is owed something, the commission leg of one invoice, in one transaction
    /// that also resolves the invoice's backlog row. Returns the number of legs created, or <see cref="GeneratedAlready"/>
    /// when the unique (invoice, kind) index says another run created them first.
    /// </summary>
    private async Task<int> CreateLegsAsync(ConnectorDbContext db, InvoiceAmounts amounts, long vendorId, long account, CancellationToken ct)
    {
        var (invoiceId, shopId, sellerMinor, operatorMinor, currency, cycleDate) = amounts;
        var now = clock.GetUtcNow();
        var marketplaceId = MarketplaceId(settings);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var seller = new Leg
            {
                Kind = LegKind.SellerPayout,
                InvoiceId = invoiceId,
                MiraklShopId = shopId,
                VendorId = vendorId,
                BeneficiaryAccountId = account,
                AmountMinor = sellerMinor,
                OriginAmountMinor = sellerMinor,
                Currency = currency.Code,
                MerchantUniqueId = Leg.MintMerchantUniqueId(LegKind.SellerPayout, invoiceId, marketplaceId, account),
                CycleDate = cycleDate,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Legs.Add(seller);
            JournalCreated(db, seller, now, $"Invoice {invoiceId}: seller amount {new Money.Money(sellerMinor, currency)}");
            var created = 1;

            if (operatorMinor > 0)
            {
                // The operator is paid even when the seller amount is not positive (the predecessor skipped it: a bug).
                var operatorAccount = settings.Accounts.OperatorAccountId;
                var commission = new Leg
                {
                    Kind = LegKind.OperatorCommission,
                    InvoiceId = invoiceId,
                    MiraklShopId = shopId,
                    VendorId = vendorId,
                    BeneficiaryAccountId = operatorAccount,
                    AmountMinor = operatorMinor,
                    OriginAmountMinor = operatorMinor,
                    Currency = currency.Code,
                    MerchantUniqueId = Leg.MintMerchantUniqueId(LegKind.OperatorCommission, invoiceId, marketplaceId, operatorAccount),
                    CycleDate = cycleDate,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.Legs.Add(commission);
                JournalCreated(db, commission, now, $"Invoice {invoiceId}: operator amount {new Money.Money(operatorMinor, currency)}");
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
            await MarkResolvedAsync(db, invoiceId, now, ct);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId} held in the invoice backlog: shop {ShopId} has no wallet yet (paid at the first run after it gets one)")]
    private static partial void NoWalletYet(ILogger logger, string invoiceId, long shopId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoice {InvoiceId} from the backlog: shop {ShopId} now has wallet {Account}, {Legs} leg(s) created")]
    private static partial void FromBacklogGenerated(ILogger logger, string invoiceId, long shopId, long account, int legs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invoice {InvoiceId} not generated: {Reason}")]
    private static partial void InvalidInvoice(ILogger logger, string invoiceId, string reason);
}
