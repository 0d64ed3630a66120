using Microsoft.Extensions.Options;

namespace HiPayMirakl.HiPayWallet;

/// <summary>Checks the settings at start-up; every failure names the configuration key, never its value.</summary>
internal sealed class HiPayWalletClientOptionsValidator : IValidateOptions<HiPayWalletClientOptions>
{
    public ValidateOptionsResult Validate(string? name, HiPayWalletClientOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Check(HiPayWalletClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string prefix = HiPayWalletClientOptions.SectionName + ":";
        if (options.BaseUrl is null)
        {
            failures.Add($"{prefix}{nameof(options.BaseUrl)} is required.");
        }
        else if (!options.BaseUrl.IsAbsoluteUri || (options.BaseUrl.Scheme != Uri.UriSchemeHttps && options.BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{prefix}{nameof(options.BaseUrl)} must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.WsLogin))
        {
            failures.Add($"{prefix}{nameof(options.WsLogin)} is required.");
        }

        if (string.IsNullOrEmpty(options.WsPassword))
        {
            failures.Add($"{prefix}{nameof(options.WsPassword)} is required.");
        }

        if (string.IsNullOrWhiteSpace(options.Entity))
        {
            failures.Add($"{prefix}{nameof(options.Entity)} is required.");
        }

        if (string.IsNullOrWhiteSpace(options.Locale) || options.Locale.Length != 5 || options.Locale[2] != '_')
        {
            failures.Add($"{prefix}{nameof(options.Locale)} must look like fr_FR.");
        }

        if (string.IsNullOrWhiteSpace(options.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"{prefix}{nameof(options.TimeZone)} must be a known time zone id.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{prefix}{nameof(options.Timeout)} must be between 0 and 5 minutes.");
        }

        if (options.RequestsPerSecond is < 1 or > 1000)
        {
            failures.Add($"{prefix}{nameof(options.RequestsPerSecond)} must be between 1 and 1000.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{prefix}{nameof(options.MaxRetries)} must be between 0 and 10.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.RetryBaseDelay)} must not be negative.");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.MaxRetryAfter)} must not be negative.");
        }

        return failures;
    }
}
