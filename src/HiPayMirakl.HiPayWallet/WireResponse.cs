namespace HiPayMirakl.HiPayWallet;

/// <summary>One attempt's raw ending: an HTTP answer, or a transport failure (timeout, reset) with no status.</summary>
internal sealed record WireResponse(bool IsRead, int? Status, string Body, string? Failure, Exception? Exception, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Failure is null && Status is >= 200 and < 300;
}
