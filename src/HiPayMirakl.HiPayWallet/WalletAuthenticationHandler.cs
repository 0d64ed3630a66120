using Microsoft.Extensions.Options;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// Adds the technical credentials to every request (php-auth-user / php-auth-pw, as the predecessor sends them) and
/// the sub-account header when the call names a wallet through <see cref="SubAccountKey"/>.
/// </summary>
internal sealed class WalletAuthenticationHandler(IOptionsMonitor<HiPayWalletClientOptions> options) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<HiPayAccountRef> SubAccountKey = new("HiPayWallet.SubAccount");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = options.CurrentValue;
        // Set, not added: a retried request message must not carry the headers twice.
        request.Headers.Remove("php-auth-user");
        request.Headers.Remove("php-auth-pw");
        request.Headers.Remove("php-auth-subaccount-id");
        request.Headers.Remove("php-auth-subaccount-login");
        request.Headers.TryAddWithoutValidation("php-auth-user", current.WsLogin);
        request.Headers.TryAddWithoutValidation("php-auth-pw", current.WsPassword);
        if (request.Options.TryGetValue(SubAccountKey, out var account))
        {
            if (account.AccountId is { } id)
            {
                request.Headers.TryAddWithoutValidation("php-auth-subaccount-id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (account.Login is { } login)
            {
                request.Headers.TryAddWithoutValidation("php-auth-subaccount-login", login);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
