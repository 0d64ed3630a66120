namespace HiPayMirakl.HiPayWallet;

#pragma warning disable CA1034 // A closed set of outcomes: nested cases read as TransactionLookup.Found at the call site.

/// <summary>
/// What <c>GET /api/transaction/{id}</c> told us. Only <see cref="NotFound"/> says HiPay does not know the transaction;
/// <see cref="Unknown"/> says nothing either way and must never be read as "the money did not move".
/// </summary>
public abstract record TransactionLookup
{
    private TransactionLookup()
    {
    }

    /// <summary>HiPay answered with the transaction.</summary>
    public sealed record Found(HiPayTransaction Transaction) : TransactionLookup;

    /// <summary>
    /// HiPay answered, in its own envelope (HTTP 2xx, <c>code</c> 7), that it has no such transaction. A bare HTTP 404
    /// is not this: a proxy, a wrong base URL or a maintenance page answers 404 too.
    /// </summary>
    public sealed record NotFound(string? Message) : TransactionLookup;

    /// <summary>Timeout, dropped connection, HTTP 404 or 5xx, an unreadable or unexpected answer: no conclusion.</summary>
    public sealed record Unknown(string Reason) : TransactionLookup;
}
