namespace HiPayMirakl.Core.Features.Payouts;

public enum LegKind
{
    /// <summary>The seller's share of an invoice (<c>summary.amount_transferred</c>), paid to the shop's wallet.</summary>
    SellerPayout = 1,

    /// <summary>The operator's commission of an invoice (<c>summary.amount_transferred_to_operator</c>).</summary>
    OperatorCommission = 2,

    /// <summary>A withdrawal not tied to one invoice (e.g. the operator's wallet balance to its bank).</summary>
    Withdrawal = 3,
}
