namespace HiPayMirakl.HiPayEnterprise;

/// <summary>Connection settings for the HiPay Enterprise gateway (section <c>HiPayEnterprise</c>).</summary>
public sealed class HiPayEnterpriseOptions
{
    public const string SectionName = "HiPayEnterprise";

    /// <summary>Gateway root, e.g. https://stage-secure-gateway.hipay-tpp.com/ (paths start with rest/).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Host of the v2 hosted page (api.hipay.com); the gateway root when not set.</summary>
    public Uri? HostedPageBaseUrl { get; set; }

    public string Username { get; set; } = "";

    /// <summary>API password. Secret: never logged, never part of an exception.</summary>
    public string Password { get; set; } = "";

    /// <summary>Secret passphrase of the notification signature. Secret.</summary>
    public string Passphrase { get; set; } = "";

    public HiPayEnterpriseSignatureAlgorithm SignatureAlgorithm { get; set; } = HiPayEnterpriseSignatureAlgorithm.Sha256;

    public HiPayEnterpriseResponseFormat ResponseFormat { get; set; } = HiPayEnterpriseResponseFormat.Json;

    /// <summary>Per-attempt timeout. A POST that times out is an unknown outcome, never retried blindly.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(35);

    /// <summary>Retries of a GET on transient failures (lookups are safe to repeat).</summary>
    public int GetRetryCount { get; set; } = 3;

    public TimeSpan GetRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    internal Uri HostedPageRoot => HostedPageBaseUrl ?? BaseUrl!;
}
