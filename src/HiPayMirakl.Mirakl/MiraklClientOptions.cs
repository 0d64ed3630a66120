using System.Globalization;

namespace HiPayMirakl.Mirakl;

/// <summary>Settings of the Mirakl operator API client. Validated once, when the client is registered.</summary>
public sealed class MiraklClientOptions
{
    /// <summary>Configuration section the keys in validation messages are named after.</summary>
    public const string SectionName = "Mirakl";

    /// <summary>Instance root, e.g. https://acme.mirakl.net/ (every path starts with /api/).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Operator API key, sent raw in the Authorization header. Secret: never logged.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>Send "Bearer &lt;key&gt;" instead of the raw key (instances using operator bearer tokens).</summary>
    public bool UseBearerToken { get; set; }

    /// <summary>Sustained request rate of the token bucket shared by every caller of the process.</summary>
    public int RequestsPerSecond { get; set; } = 5;

    /// <summary>Time allowed for one attempt (headers received), not for the whole retried call.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt, for transient failures and for 429 alike.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay of the jittered exponential schedule.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of one back-off delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A 429 asking to wait longer than this is not waited for: the call fails instead of stalling a job.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Every problem found, each naming its configuration key; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri ||
            (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{SectionName}:BaseUrl must be an absolute http or https URL.");
        }

        if (string.IsNullOrWhiteSpace(OperatorKey))
        {
            errors.Add($"{SectionName}:OperatorKey is required.");
        }

        if (RequestsPerSecond < 1)
        {
            errors.Add($"{SectionName}:RequestsPerSecond must be at least 1.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:Timeout must be positive.");
        }

        if (MaxRetries is < 0 or > 10)
        {
            errors.Add($"{SectionName}:MaxRetries must be between 0 and 10.");
        }

        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            errors.Add($"{SectionName}:RetryBaseDelay must be positive and not above {SectionName}:RetryMaxDelay.");
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:MaxRetryAfter must not be negative.");
        }

        return errors;
    }

    /// <summary>Throws one exception listing every problem (the key's value is never part of it).</summary>
    public void ValidateOrThrow()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(MiraklClientOptions));
        }
    }

    /// <summary>Base URL with a trailing slash so relative "api/…" paths keep any path prefix of the instance.</summary>
    internal Uri NormalizedBaseUrl()
    {
        var text = BaseUrl!.ToString();
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }

    internal string AuthorizationValue() =>
        UseBearerToken ? string.Create(CultureInfo.InvariantCulture, $"Bearer {OperatorKey}") : OperatorKey!;
}
