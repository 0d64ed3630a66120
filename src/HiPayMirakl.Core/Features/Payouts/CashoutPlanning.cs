using HiPayMirakl.Core.Money;
using HiPayMirakl.Currencies;
using HiPayMirakl.Mirakl;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>What an invoice owes, checked and in minor units: the same whether it comes from Mirakl or the backlog.</summary>
public sealed record InvoiceAmounts(string InvoiceId, long ShopId, long SellerMinor, long OperatorMinor, Currency Currency, DateTimeOffset CycleDate);

/// <summary>One leg as the generator records it: amount after netting, the amount Mirakl asked for, and its idempotency key.</summary>
public sealed record PlannedLeg(
    LegKind Kind,
    string InvoiceId,
    long ShopId,
    long VendorId,
    long BeneficiaryAccountId,
    long AmountMinor,
    long OriginAmountMinor,
    string Currency,
    string MerchantUniqueId,
    DateTimeOffset CycleDate);

/// <summary>
/// The legs of one invoice: the seller leg (a debt waiting to be netted when its amount is not positive, otherwise
/// netted with the wallet's open debts) and the commission leg when the operator is owed something.
/// </summary>
public sealed record InvoiceLegPlan(PlannedLeg Seller, PlannedLeg? Commission, bool SellerIsDebt, IReadOnlyList<long> AbsorbedDebtLegIds)
{
    public IEnumerable<PlannedLeg> Legs => Commission is null ? [Seller] : [Seller, Commission];
}

/// <summary>
/// The generator's computation, free of I/O: what an invoice owes and which legs it becomes. The generator records
/// what this returns; the cycle preview shows it without recording anything, so both always agree.
/// </summary>
public static class CashoutPlanning
{
    /// <summary>The invoice's amounts in minor units, or why it cannot be paid as it stands.</summary>
    public static (InvoiceAmounts? Amounts, string? Reason) Read(MiraklInvoice invoice, string invoiceId, string? vendorCurrency, DateTimeOffset cycleInstant)
    {
        ArgumentNullException.ThrowIfNull(invoice);
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

    /// <summary>
    /// The legs of one invoice for a shop's wallet. <paramref name="walletDebtsOldestFirst"/> are the wallet's debts
    /// waiting to be netted in the invoice's currency (a debt a direct debit is collecting is not one of them).
    /// </summary>
    public static InvoiceLegPlan PlanInvoice(InvoiceAmounts amounts, long vendorId, long account, IReadOnlyList<NettingDebt> walletDebtsOldestFirst,
        string marketplaceId, long operatorAccount)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        ArgumentNullException.ThrowIfNull(walletDebtsOldestFirst);
        var (invoiceId, shopId, sellerMinor, operatorMinor, currency, cycleDate) = amounts;
        var sellerIsDebt = sellerMinor <= 0;
        var net = sellerMinor;
        IReadOnlyList<long> absorbed = [];
        if (!sellerIsDebt && walletDebtsOldestFirst.Count > 0)
        {
            var netting = PayoutNetting.Plan(sellerMinor, walletDebtsOldestFirst);
            net = netting.NetAmountMinor;
            absorbed = netting.AbsorbedLegIds;
        }

        var seller = new PlannedLeg(LegKind.SellerPayout, invoiceId, shopId, vendorId, account, net, sellerMinor, currency.Code,
            Leg.MintMerchantUniqueId(LegKind.SellerPayout, invoiceId, marketplaceId, account), cycleDate);

        // The operator is paid even when the seller amount is not positive (the predecessor skipped it: a bug).
        var commission = operatorMinor > 0
            ? new PlannedLeg(LegKind.OperatorCommission, invoiceId, shopId, vendorId, operatorAccount, operatorMinor, operatorMinor, currency.Code,
                Leg.MintMerchantUniqueId(LegKind.OperatorCommission, invoiceId, marketplaceId, operatorAccount), cycleDate)
            : null;
        return new InvoiceLegPlan(seller, commission, sellerIsDebt, absorbed);
    }
}
