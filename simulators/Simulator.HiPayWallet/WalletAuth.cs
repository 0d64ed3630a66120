using System.Text;
using Microsoft.AspNetCore.Http;

namespace Simulator.HiPayWallet;

/// <summary>The account a request acts on, and whether a sub-account header chose it.</summary>
internal readonly record struct WalletCaller(long AccountId, bool ViaSubAccount);

/// <summary>
/// HiPay Wallet authentication: technical credentials as php-auth-user/php-auth-pw (what LIB sends) or HTTP Basic; the acting
/// account from php-auth-subaccount-id or php-auth-subaccount-login. Every failure is a 401, which LIB relies on.
/// </summary>
internal static class WalletAuth
{
    public static WalletCaller? Authenticate(HttpRequest request, WalletState state)
    {
        if (!TryReadCredentials(request, out var login, out var password) || !state.IsTechnicalCredential(login, password))
        {
            return null;
        }

        var subId = request.Headers["php-auth-subaccount-id"].ToString();
        if (!string.IsNullOrWhiteSpace(subId))
        {
            return state.ResolveSubAccountById(subId.Trim()) is { } id ? new WalletCaller(id, true) : null;
        }

        var subLogin = request.Headers["php-auth-subaccount-login"].ToString();
        if (!string.IsNullOrWhiteSpace(subLogin))
        {
            return state.ResolveSubAccountByLogin(subLogin.Trim()) is { } id ? new WalletCaller(id, true) : null;
        }

        return new WalletCaller(state.TechnicalAccountId, false);
    }

    private static bool TryReadCredentials(HttpRequest request, out string login, out string password)
    {
        login = request.Headers["php-auth-user"].ToString();
        password = request.Headers["php-auth-pw"].ToString();
        if (login.Length > 0)
        {
            return true;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            login = decoded[..colon];
            password = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            // A malformed Basic header is simply not a credential.
            return false;
        }
    }
}
