namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// Answer of <c>POST /v1/hpayment</c>: where to send the customer. No transaction and no debit agreement exist
/// yet; the agreement id arrives with the 142 notification.
/// </summary>
public sealed record HostedPaymentResult(Uri ForwardUrl, string? OrderId, bool? Test, string? Mid);
