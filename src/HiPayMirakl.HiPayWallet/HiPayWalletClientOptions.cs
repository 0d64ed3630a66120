namespace HiPayMirakl.HiPayWallet;

/// <summary>Settings of the HiPay Wallet REST client. <see cref="WsPassword"/> is a secret.</summary>
public sealed class HiPayWalletClientOptions
{
    public const string SectionName = "HiPayWallet";

    /// <summary>Root of the REST API, e.g. https://test-merchant.hipaywallet.com (calls go to {BaseUrl}/api/...).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Web-service login of the technical account.</summary>
    public string WsLogin { get; set; } = "";

    /// <summary>Web-service password of the technical account. Never logged, never echoed in errors.</summary>
    public string WsPassword { get; set; } = "";

    /// <summary>Entity code given by HiPay (sent as <c>entity</c> / <c>entity_code</c>).</summary>
    public string Entity { get; set; } = "";

    /// <summary>Locale of created accounts and of bank-info labels, HiPay style (fr_FR).</summary>
    public string Locale { get; set; } = "fr_FR";

    /// <summary>Time zone of created accounts (IANA id).</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>
    /// Requests per second the whole process may send to HiPay (every attempt counts, retries included); calls beyond
    /// it wait their turn instead of being refused by HiPay.
    /// </summary>
    public int RequestsPerSecond { get; set; } = 10;

    /// <summary>Per-attempt HTTP timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a GET on transient errors (and of a POST the provider said it did not process).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest Retry-After the client is willing to wait for; a longer one ends the retries.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest one call can last from its first attempt to the end of its last: each attempt may run to the
    /// timeout, and between attempts the client may wait up to the longest Retry-After it honours (or its own
    /// back-off). A money POST whose ending was unknown can still be applied by HiPay until then.
    /// </summary>
    public TimeSpan LongestCall
    {
        get
        {
            var retries = Math.Max(0, MaxRetries);
            var backoff = RetryBaseDelay * Math.Pow(2, retries);
            var pause = MaxRetryAfter > backoff ? MaxRetryAfter : backoff;
            return (Timeout * (retries + 1)) + (pause * retries);
        }
    }
}
