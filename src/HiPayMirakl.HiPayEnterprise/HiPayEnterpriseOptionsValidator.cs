using Microsoft.Extensions.Options;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>Checks the settings at start-up; every failure names the configuration key, never its value.</summary>
internal sealed class HiPayEnterpriseOptionsValidator : IValidateOptions<HiPayEnterpriseOptions>
{
    public ValidateOptionsResult Validate(string? name, HiPayEnterpriseOptions options)
    {
        var failures = new List<string>();
        const string prefix = HiPayEnterpriseOptions.SectionName + ":";
        CheckAbsoluteHttp(options.BaseUrl, prefix + nameof(options.BaseUrl), required: true, failures);
        CheckAbsoluteHttp(options.HostedPageBaseUrl, prefix + nameof(options.HostedPageBaseUrl), required: false, failures);
        if (string.IsNullOrWhiteSpace(options.Username))
        {
            failures.Add($"{prefix}{nameof(options.Username)} is required.");
        }

        if (string.IsNullOrEmpty(options.Password))
        {
            failures.Add($"{prefix}{nameof(options.Password)} is required.");
        }

        if (string.IsNullOrEmpty(options.Passphrase))
        {
            failures.Add($"{prefix}{nameof(options.Passphrase)} is required to verify notifications.");
        }

        if (!Enum.IsDefined(options.SignatureAlgorithm))
        {
            failures.Add($"{prefix}{nameof(options.SignatureAlgorithm)} must be Sha1, Sha256 or Sha512.");
        }

        if (!Enum.IsDefined(options.ResponseFormat))
        {
            failures.Add($"{prefix}{nameof(options.ResponseFormat)} must be Json or Xml.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{prefix}{nameof(options.Timeout)} must be between 0 and 5 minutes.");
        }

        if (options.GetRetryCount is < 0 or > 10)
        {
            failures.Add($"{prefix}{nameof(options.GetRetryCount)} must be between 0 and 10.");
        }

        if (options.GetRetryBaseDelay < TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.GetRetryBaseDelay)} must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckAbsoluteHttp(Uri? uri, string key, bool required, List<string> failures)
    {
        if (uri is null)
        {
            if (required)
            {
                failures.Add($"{key} is required.");
            }

            return;
        }

        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} must be an absolute http(s) URL.");
        }
    }
}
