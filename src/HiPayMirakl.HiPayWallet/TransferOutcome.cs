namespace HiPayMirakl.HiPayWallet;

#pragma warning disable CA1034 // A closed set of outcomes: nested cases read as TransferOutcome.Accepted at the call site.

/// <summary>
/// What became of <c>POST /api/transfer</c>, as far as the caller can know. <see cref="Unknown"/> means the money
/// may or may not have moved: resolve with <c>GetTransactionAsync(merchant_unique_id)</c>, never by re-posting blindly.
/// </summary>
public abstract record TransferOutcome
{
    private TransferOutcome()
    {
    }

    /// <summary>HiPay created (or, on a replayed merchant_unique_id, returned) the transfer.</summary>
    public sealed record Accepted(string TransactionId, string? Status) : TransferOutcome;

    /// <summary>HiPay answered and refused it; nothing moved.</summary>
    public sealed record Rejected(int Code, string Message) : TransferOutcome;

    /// <summary>Timeout, dropped connection, 5xx, unreadable answer or "in progress": the outcome is not known.</summary>
    public sealed record Unknown(string Reason) : TransferOutcome;
}
