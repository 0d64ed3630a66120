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

    internal static string InvoiceIdOf(MiraklInvoice invoice) => invoice.InvoiceId.ToString(CultureInfo.InvariantCulture);

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
        var (amounts, reason) = CashoutPlanning.Read(invoice, invoiceId, vendor?.Currency, cycleInstant);
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
    /// that also nets the wallet's open debts and resolves the invoice's backlog row. The legs are those
    /// <see cref="CashoutPlanning.PlanInvoice"/> computes. Returns the number of legs created, or
    /// <see cref="GeneratedAlready"/> when the unique (invoice, kind) index says another run created them first.
    /// </summary>
    private async Task<int> CreateLegsAsync(ConnectorDbContext db, InvoiceAmounts amounts, long vendorId, long account, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var debts = amounts.SellerMinor > 0 ? await OpenDebts(db, account, amounts.Currency.Code).ToListAsync(ct) : [];
            var plan = CashoutPlanning.PlanInvoice(amounts, vendorId, account, debts.Select(d => new NettingDebt(d.Id, d.AmountMinor)).ToList(),
                MarketplaceId(settings), settings.Accounts.OperatorAccountId);

            // Recorded at Mirakl's amount first, then netted, so the log tells both.
            var seller = NewLeg(plan.Seller, now);
            db.Legs.Add(seller);
            JournalCreated(db, seller, now, $"Invoice {amounts.InvoiceId}: seller amount {new Money.Money(amounts.SellerMinor, amounts.Currency)}");
            if (plan.Commission is { } planned)
            {
                var commission = NewLeg(planned, now);
                db.Legs.Add(commission);
                JournalCreated(db, commission, now, $"Invoice {amounts.InvoiceId}: operator amount {new Money.Money(amounts.OperatorMinor, amounts.Currency)}");
            }

            await db.SaveChangesAsync(ct);

            if (plan.SellerIsDebt)
            {
                LegJournal.Move(db, seller, LegStatus.PendingNetting, now, "Seller amount not positive: netted into the next payout");
            }
            else if (plan.AbsorbedDebtLegIds.Count > 0)
            {
                foreach (var debt in debts.Where(d => plan.AbsorbedDebtLegIds.Contains(d.Id)))
                {
                    debt.AdjustedIntoLegId = seller.Id;
                    LegJournal.Move(db, debt, LegStatus.Adjusted, now,
                        FormattableString.Invariant($"Netted into leg {seller.Id} (invoice {seller.InvoiceId})"));
                }

                seller.AmountMinor = plan.Seller.AmountMinor;
                LegJournal.Note(db, seller, now,
                    FormattableString.Invariant($"Netted {plan.AbsorbedDebtLegIds.Count} debt(s): pays {WalletAmount.Format(seller.AmountMinor, seller.Currency)} of {WalletAmount.Format(seller.OriginAmountMinor, seller.Currency)}"));
            }

            await db.SaveChangesAsync(ct);
            await MarkResolvedAsync(db, amounts.InvoiceId, now, ct);
            await tx.CommitAsync(ct);
            return plan.Legs.Count();
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            await tx.RollbackAsync(ct);
            return GeneratedAlready;
        }
    }

    /// <summary>A wallet's debts waiting to be netted, oldest first (a debt a direct debit is collecting is not one).</summary>
    internal static IQueryable<Leg> OpenDebts(ConnectorDbContext db, long account, string currency) =>
        db.Legs
            .Where(l => l.Status == LegStatus.PendingNetting && l.Kind == LegKind.SellerPayout && l.BeneficiaryAccountId == account && l.Currency == currency)
            .OrderBy(l => l.Id);

    private static Leg NewLeg(PlannedLeg planned, DateTimeOffset now) => new()
    {
        Kind = planned.Kind,
        InvoiceId = planned.InvoiceId,
        MiraklShopId = planned.ShopId,
        VendorId = planned.VendorId,
        BeneficiaryAccountId = planned.BeneficiaryAccountId,
        AmountMinor = planned.OriginAmountMinor,
        OriginAmountMinor = planned.OriginAmountMinor,
        Currency = planned.Currency,
        MerchantUniqueId = planned.MerchantUniqueId,
        CycleDate = planned.CycleDate,
        CreatedAt = now,
        UpdatedAt = now,
    };

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
