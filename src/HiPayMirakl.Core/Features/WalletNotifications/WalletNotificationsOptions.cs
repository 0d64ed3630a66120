namespace HiPayMirakl.Core.Features.WalletNotifications;

/// <summary>Where HiPay Wallet's notifications are received.</summary>
public sealed class WalletNotificationsOptions
{
    public const string SectionName = "WalletNotifications";

    /// <summary>The endpoint's own path; always mapped.</summary>
    public const string Path = "/notifications/hipay-wallet";

    /// <summary>Paths the endpoint may not take: they belong to the host's other routes.</summary>
    private static readonly string[] Reserved = ["/notifications", "/api", "/account", "/health", "/metrics", "/openapi"];

    /// <summary>
    /// A second path for the same endpoint, e.g. the URL the PHP integration answered on (it took notifications on any
    /// POST path), so the callback URL registered at HiPay keeps working on the day of the switch. Anonymous like the
    /// main one. Empty (the default): only <see cref="Path"/>.
    /// </summary>
    public string ExtraPath { get; set; } = "";

    /// <summary>Errors naming the key; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(ExtraPath))
        {
            yield break;
        }

        var key = $"{SectionName}:{nameof(ExtraPath)}";
        if (!ExtraPath.StartsWith('/'))
        {
            yield return $"{key}: '{ExtraPath}' must be an absolute path, like /index.php.";
        }
        else if (ExtraPath.Any(c => char.IsWhiteSpace(c) || c is '{' or '}' or '*' or '?' or '#' or '%' or '\\') || ExtraPath.Contains("//", StringComparison.Ordinal)
            || ExtraPath.Split('/').Any(s => s is "." or ".."))
        {
            yield return $"{key}: '{ExtraPath}' must be a plain path (no spaces, route parameters, wildcards, query or dot segments).";
        }
        else if (Reserved.Any(r => ExtraPath.Equals(r, StringComparison.OrdinalIgnoreCase) || ExtraPath.StartsWith(r + "/", StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"{key}: '{ExtraPath}' is taken by the host's own routes ({string.Join(", ", Reserved)}).";
        }
    }
}
