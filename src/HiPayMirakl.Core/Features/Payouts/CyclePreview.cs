using System.Globalization;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>How a previewed row compares with what is recorded.</summary>
public static class PreviewChange
{
    /// <summary>The run would record this leg.</summary>
    public const string New = "new";

    /// <summary>Recorded already, at Mirakl's amount.</summary>
    public const string Recorded = "recorded";

    /// <summary>Recorded already, at an amount other than Mirakl's (or Mirakl no longer asks for it).</summary>
    public const string RecordedDifferent = "recorded-different";

    /// <summary>The shop has no wallet yet: the invoice would wait in the invoice backlog.</summary>
    public const string NoWallet = "no-wallet";

    /// <summary>The invoice cannot be paid as it stands (no summary, unknown currency, too many decimals).</summary>
    public const string Invalid = "invalid";

    /// <summary>A recorded leg of an earlier cycle whose money step is due now.</summary>
    public const string Due = "due";
}

/// <summary>
/// One row of a cycle preview: a leg of an invoice of the window (planned or recorded), or a recorded leg due now.
/// <see cref="AmountMinor"/> is what would be (or is) paid, after netting; <see cref="MiraklAmountMinor"/> what Mirakl
/// asks for; <see cref="Step"/> and <see cref="Verdict"/> the money step a recorded leg would get now and its pre-check.
/// </summary>
public sealed record CyclePreviewRow(
    string Change,
    string? InvoiceId,
    long? ShopId,
    LegKind? Kind,
    string Currency,
    long? AmountMinor,
    long? MiraklAmountMinor,
    long? RecordedAmountMinor,
    long? LegId,
    LegStatus? Status,
    string? MerchantUniqueId,
    string? Step,
    string? Verdict,
    string? Detail)
{
    /// <summary>A money step is due but its pre-check would stop it.</summary>
    public bool Blocked => Verdict is not null && Verdict != PayoutPrecheck.Ready;
}

/// <summary>What the technical wallet holds and must hold, per currency. <see cref="BalanceMinor"/> is null when it could not be read.</summary>
public sealed record TreasuryFigure(string Currency, long? BalanceMinor, long DueNowMinor, int DueNowLegs, long NextCycleMinor, int NextCycleLegs)
{
    /// <summary>What is missing to pay everything due now and at the next cycle (0 when covered; unknown balance counts as 0).</summary>
    public long ShortfallMinor => Math.Max(0, DueNowMinor + NextCycleMinor - (BalanceMinor ?? 0));
}

/// <summary>Per currency: the legs the run would create and what they pay, and the recorded ones due now.</summary>
public sealed record CyclePreviewTotal(string Currency, int NewLegs, long NewAmountMinor, int Different, int DueLegs, int Blocked);

public sealed record CyclePreviewResult(CycleWindow Window, IReadOnlyList<CyclePreviewRow> Rows, IReadOnlyList<CyclePreviewTotal> Totals, IReadOnlyList<TreasuryFigure> Treasury);

/// <summary>
/// What a cash-out cycle would do, computed without moving or recording anything: the legs the generator would
/// create for the window's invoices (by <see cref="CashoutPlanning"/>, netting included, in the order the generator
/// takes them: invoice backlog first, then the window), compared with the legs already recorded, and the money step
/// each recorded leg due now would get with its pre-check. It reads Mirakl's invoices of the window and the technical
/// wallet's balance once; everything else comes from our own rows.
/// </summary>
public sealed class CyclePreview(
    Func<ConnectorDbContext> createContext,
    IMiraklClient mirakl,
    HiPayWalletClient wallet,
    ConnectorSettings settings,
    TimeProvider clock)
{
    private const int IdChunk = 500;

    public async Task<CyclePreviewResult> PreviewAsync(CycleWindow window, CancellationToken ct)
    {
        var invoices = new List<MiraklInvoice>();
        await foreach (var invoice in mirakl.GetInvoicesAsync(window.Start, window.End, MiraklInvoiceTypes.AutoInvoice, ct: ct))
        {
            invoices.Add(invoice);
        }

        await using var db = createContext();
        var vendors = await db.Vendors.AsNoTracking().ToListAsync(ct);
        var vendorsByShop = vendors.GroupBy(v => v.MiraklShopId).ToDictionary(g => g.Key, g => g.First());
        var vendorsById = vendors.ToDictionary(v => v.Id);
        var backlog = await (
            from b in db.InvoiceBacklog.AsNoTracking()
            join v in db.Vendors.AsNoTracking() on b.MiraklShopId equals v.MiraklShopId
            where b.ResolvedAt == null && v.HiPayAccountId != null
            orderby b.Id
            select new { Row = b, VendorId = v.Id, Account = v.HiPayAccountId!.Value })
            .ToListAsync(ct);

        var invoiceIds = invoices.Select(CashoutGenerator.InvoiceIdOf).Concat(backlog.Select(b => b.Row.InvoiceId)).Distinct(StringComparer.Ordinal).ToList();
        var recorded = new List<Leg>();
        foreach (var chunk in invoiceIds.Chunk(IdChunk))
        {
            recorded.AddRange(await db.Legs.AsNoTracking().Where(l => l.InvoiceId != null && chunk.Contains(l.InvoiceId)).ToListAsync(ct));
        }

        var legsByInvoice = recorded.GroupBy(l => l.InvoiceId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var debts = new DebtBook(await db.Legs.AsNoTracking()
            .Where(l => l.Status == LegStatus.PendingNetting && l.Kind == LegKind.SellerPayout && l.BeneficiaryAccountId != null)
            .OrderBy(l => l.Id).ToListAsync(ct));

        var rows = new List<CyclePreviewRow>();
        var planned = new HashSet<string>(StringComparer.Ordinal);
        var marketplaceId = CashoutGenerator.MarketplaceId(settings);
        foreach (var entry in backlog)
        {
            var row = entry.Row;
            if (legsByInvoice.ContainsKey(row.InvoiceId) || !planned.Add(row.InvoiceId))
            {
                continue;
            }

            var amounts = new InvoiceAmounts(row.InvoiceId, row.MiraklShopId, row.SellerAmountMinor, row.OperatorAmountMinor, Money.Currency.Of(row.Currency), row.CycleDate);
            rows.AddRange(Plan(amounts, entry.VendorId, entry.Account, debts, marketplaceId, settings.Accounts.OperatorAccountId, "from the invoice backlog"));
        }

        foreach (var invoice in invoices)
        {
            var invoiceId = CashoutGenerator.InvoiceIdOf(invoice);
            var vendor = vendorsByShop.GetValueOrDefault(invoice.ShopId);
            var (amounts, reason) = CashoutPlanning.Read(invoice, invoiceId, vendor?.Currency, window.CycleInstant);
            if (legsByInvoice.TryGetValue(invoiceId, out var legs))
            {
                rows.AddRange(Compare(invoiceId, invoice.ShopId, amounts, legs));
                continue;
            }

            if (!planned.Add(invoiceId))
            {
                continue;
            }

            if (amounts is null)
            {
                rows.Add(new CyclePreviewRow(PreviewChange.Invalid, invoiceId, invoice.ShopId, null, invoice.CurrencyIsoCode ?? vendor?.Currency ?? "",
                    null, null, null, null, null, null, null, null, reason));
            }
            else if (vendor?.HiPayAccountId is not { } account)
            {
                rows.Add(new CyclePreviewRow(PreviewChange.NoWallet, invoiceId, invoice.ShopId, LegKind.SellerPayout, amounts.Currency.Code,
                    null, amounts.SellerMinor, null, null, null, null, null, null, "shop has no wallet yet: held in the invoice backlog"));
            }
            else
            {
                rows.AddRange(Plan(amounts, vendor.Id, account, debts, marketplaceId, settings.Accounts.OperatorAccountId, null));
            }
        }

        var treasury = await AddDueAsync(db, rows, vendorsById, ct);
        var totals = rows.GroupBy(r => r.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CyclePreviewTotal(
            g.Key,
            g.Count(r => r.Change == PreviewChange.New),
            g.Where(r => r.Change == PreviewChange.New).Sum(r => Math.Max(0, r.AmountMinor ?? 0)),
            g.Count(r => r.Change == PreviewChange.RecordedDifferent),
            g.Count(r => r.Step is not null),
            g.Count(r => r.Blocked))).ToList();
        return new CyclePreviewResult(window, rows, totals, treasury);
    }

    private static IEnumerable<CyclePreviewRow> Plan(InvoiceAmounts amounts, long vendorId, long account, DebtBook debts, string marketplaceId, long operatorAccount, string? origin)
    {
        var plan = CashoutPlanning.PlanInvoice(amounts, vendorId, account, debts.Of(account, amounts.Currency.Code), marketplaceId, operatorAccount);
        var netted = debts.Settle(plan);
        foreach (var leg in plan.Legs)
        {
            var detail = leg.Kind == LegKind.SellerPayout
                ? string.Join("; ", new[]
                {
                    origin,
                    plan.SellerIsDebt ? "not positive: waits to be netted into the next payout" : null,
                    netted.Count > 0 ? "nets " + string.Join(", ", netted) : null,
                }.Where(t => t is not null))
                : origin;
            yield return new CyclePreviewRow(PreviewChange.New, leg.InvoiceId, leg.ShopId, leg.Kind, leg.Currency, leg.AmountMinor, leg.OriginAmountMinor, null, null, null,
                leg.MerchantUniqueId, null, null, detail is { Length: > 0 } ? detail : null);
        }
    }

    private static IEnumerable<CyclePreviewRow> Compare(string invoiceId, long shopId, InvoiceAmounts? amounts, List<Leg> legs)
    {
        foreach (var kind in new[] { LegKind.SellerPayout, LegKind.OperatorCommission })
        {
            var leg = legs.FirstOrDefault(l => l.Kind == kind);
            long? mirakl = amounts is null ? null : kind == LegKind.SellerPayout ? amounts.SellerMinor : amounts.OperatorMinor;
            if (leg is null)
            {
                if (mirakl is > 0)
                {
                    yield return new CyclePreviewRow(PreviewChange.RecordedDifferent, invoiceId, shopId, kind, amounts!.Currency.Code, null, mirakl, null, null, null, null, null, null,
                        "Mirakl asks for this leg but the invoice's legs were recorded without it");
                }

                continue;
            }

            var same = mirakl == leg.OriginAmountMinor && string.Equals(amounts?.Currency.Code, leg.Currency, StringComparison.OrdinalIgnoreCase);
            yield return new CyclePreviewRow(same ? PreviewChange.Recorded : PreviewChange.RecordedDifferent, invoiceId, shopId, kind, leg.Currency, leg.AmountMinor, mirakl,
                leg.OriginAmountMinor, leg.Id, leg.Status, leg.MerchantUniqueId, null, null, null);
        }
    }

    /// <summary>
    /// Gives each recorded leg due now its money step and pre-check (the window's rows in place, earlier cycles' legs
    /// as rows of their own) and returns the treasury figures, from one read of the technical wallet's balance.
    /// </summary>
    private async Task<List<TreasuryFigure>> AddDueAsync(ConnectorDbContext db, List<CyclePreviewRow> rows, Dictionary<long, Vendor> vendors, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var transfer = await PayoutExecutor.Due(db, PayoutExecutor.TransferReady, now).ToListAsync(ct);
        var withdraw = await PayoutExecutor.Due(db, PayoutExecutor.WithdrawReady, now).ToListAsync(ct);
        Dictionary<string, long>? balances = null;
        if (transfer.Count > 0 || rows.Any(r => r.Change == PreviewChange.New))
        {
            balances = await TechnicalBalancesAsync(ct);
        }

        var treasuryPlan = TreasuryPlan.Of(transfer.Select(l => new TreasuryLeg(l.Id, l.Currency, l.AmountMinor, l.CycleDate)), balances ?? []);
        var verdicts = new Dictionary<long, (string Step, string Verdict)>();
        foreach (var leg in transfer)
        {
            var verdict = PayoutPrecheck.Transfer(leg, Vendor(leg, vendors));
            if (verdict == PayoutPrecheck.Ready && !treasuryPlan.Covers(leg.Id))
            {
                verdict = balances is null ? PayoutPrecheck.BalanceUnknown : PayoutPrecheck.AwaitingFunds;
            }

            verdicts[leg.Id] = ("transfer", verdict);
        }

        foreach (var leg in withdraw)
        {
            verdicts[leg.Id] = ("withdraw", PayoutPrecheck.Withdrawal(leg, Vendor(leg, vendors)));
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].LegId is { } id && verdicts.Remove(id, out var due))
            {
                rows[i] = rows[i] with { Step = due.Step, Verdict = due.Verdict };
            }
        }

        foreach (var leg in transfer.Concat(withdraw).Where(l => verdicts.ContainsKey(l.Id)).OrderBy(l => l.Id))
        {
            var (step, verdict) = verdicts[leg.Id];
            rows.Add(new CyclePreviewRow(PreviewChange.Due, leg.InvoiceId, leg.MiraklShopId, leg.Kind, leg.Currency, leg.AmountMinor, null, leg.OriginAmountMinor, leg.Id,
                leg.Status, leg.MerchantUniqueId, step, verdict, leg.CycleDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        var currencies = transfer.Select(l => l.Currency.ToUpperInvariant())
            .Concat(rows.Where(r => r.Change == PreviewChange.New).Select(r => r.Currency.ToUpperInvariant()))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return currencies.Select(c =>
        {
            var dueNow = transfer.Where(l => l.AmountMinor > 0 && string.Equals(l.Currency, c, StringComparison.OrdinalIgnoreCase)).ToList();
            var next = rows.Where(r => r.Change == PreviewChange.New && r.AmountMinor > 0 && string.Equals(r.Currency, c, StringComparison.OrdinalIgnoreCase)).ToList();
            return new TreasuryFigure(c, balances is null ? null : balances.GetValueOrDefault(c), dueNow.Sum(l => l.AmountMinor), dueNow.Count,
                next.Sum(r => r.AmountMinor ?? 0), next.Count);
        }).ToList();
    }

    private async Task<Dictionary<string, long>?> TechnicalBalancesAsync(CancellationToken ct)
    {
        try
        {
            return TreasuryPlan.BalancesOf(await wallet.GetBalanceAsync(null, ct));
        }
        catch (Exception ex) when (ex is HiPayWalletApiException or HttpRequestException)
        {
            // The preview still shows every leg; only the treasury figures lack the balance.
            return null;
        }
    }

    private static Vendor? Vendor(Leg leg, Dictionary<long, Vendor> vendors) => leg.VendorId is { } id ? vendors.GetValueOrDefault(id) : null;

    /// <summary>
    /// The wallets' debts waiting to be netted, as the generator would find them invoice after invoice: a debt netted
    /// by one invoice is gone for the next, a new debt is there for the next.
    /// </summary>
    private sealed class DebtBook
    {
        private readonly Dictionary<(long Account, string Currency), List<(NettingDebt Debt, string Label)>> _open = [];
        private long _nextPlannedId = -1;

        public DebtBook(IEnumerable<Leg> recorded)
        {
            foreach (var leg in recorded)
            {
                Add(leg.BeneficiaryAccountId!.Value, leg.Currency, new NettingDebt(leg.Id, leg.AmountMinor),
                    string.Create(CultureInfo.InvariantCulture, $"debt leg {leg.Id} ({WalletAmount.Format(leg.AmountMinor, leg.Currency)} {leg.Currency})"));
            }
        }

        public List<NettingDebt> Of(long account, string currency) =>
            _open.TryGetValue((account, currency), out var debts) ? debts.Select(d => d.Debt).ToList() : [];

        /// <summary>Takes out the debts the plan nets and puts in the debt it creates; returns the labels of those netted.</summary>
        public List<string> Settle(InvoiceLegPlan plan)
        {
            var seller = plan.Seller;
            var key = (seller.BeneficiaryAccountId, seller.Currency);
            var netted = new List<string>();
            if (_open.TryGetValue(key, out var debts))
            {
                netted.AddRange(debts.Where(d => plan.AbsorbedDebtLegIds.Contains(d.Debt.LegId)).Select(d => d.Label));
                debts.RemoveAll(d => plan.AbsorbedDebtLegIds.Contains(d.Debt.LegId));
            }

            if (plan.SellerIsDebt)
            {
                Add(seller.BeneficiaryAccountId, seller.Currency, new NettingDebt(_nextPlannedId--, seller.AmountMinor),
                    string.Create(CultureInfo.InvariantCulture, $"debt of invoice {seller.InvoiceId} ({WalletAmount.Format(seller.AmountMinor, seller.Currency)} {seller.Currency})"));
            }

            return netted;
        }

        private void Add(long account, string currency, NettingDebt debt, string label)
        {
            if (!_open.TryGetValue((account, currency), out var debts))
            {
                _open[(account, currency)] = debts = [];
            }

            debts.Add((debt, label));
        }
    }
}

/// <summary>A cycle preview as CSV (RFC 4180, with the spreadsheet formula guard): one line per row, amounts in major units.</summary>
public static class CyclePreviewCsv
{
    public static readonly string[] Header =
        ["change", "invoice", "shop", "kind", "currency", "amount", "mirakl_amount", "recorded_amount", "leg", "status", "merchant_unique_id", "step", "verdict", "detail"];

    public static string Write(CyclePreviewResult preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var csv = new System.Text.StringBuilder();
        csv.Append(CsvText.Line(Header));
        foreach (var r in preview.Rows)
        {
            csv.Append(CsvText.Line([
                r.Change, r.InvoiceId, r.ShopId?.ToString(CultureInfo.InvariantCulture), r.Kind?.ToString(), r.Currency,
                Amount(r.AmountMinor, r.Currency), Amount(r.MiraklAmountMinor, r.Currency), Amount(r.RecordedAmountMinor, r.Currency),
                r.LegId?.ToString(CultureInfo.InvariantCulture), r.Status?.ToString(), r.MerchantUniqueId, r.Step, r.Verdict, r.Detail,
            ]));
        }

        return csv.ToString();
    }

    private static string? Amount(long? minor, string currency) =>
        minor is { } m && Money.Currency.TryOf(currency, out _) ? WalletAmount.Format(m, currency) : null;
}
