using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.WalletNotifications;

/// <summary>Vendors' salts live on their rows; the operator's and technical wallets' salts are read from HiPay.</summary>
public sealed class WalletSaltSource(
    ConnectorDbContext db,
    HiPayWalletClient wallet,
    AccountsOptions accounts,
    ILogger<WalletSaltSource> logger) : IWalletSaltSource
{
    public Task<string?> StoredSaltAsync(long accountId, CancellationToken ct) =>
        db.Vendors.AsNoTracking().Where(v => v.HiPayAccountId == accountId).Select(v => v.CallbackSalt).FirstOrDefaultAsync(ct);

    public async Task<string?> RefreshSaltAsync(long accountId, CancellationToken ct)
    {
        HiPayAccount account;
        try
        {
            account = accountId == accounts.TechnicalAccountId
                ? await wallet.GetAccountAsync(default, ct)
                : await wallet.GetAccountAsync(HiPayAccountRef.ById(accountId), ct);
        }
        catch (HiPayWalletApiException ex)
        {
            WalletNotificationsLog.SaltUnavailable(logger, accountId, ex.HttpStatus);
            return null;
        }

        if (account.CallbackSalt is { Length: > 0 } salt)
        {
            var updated = await db.Vendors.Where(v => v.HiPayAccountId == accountId && v.CallbackSalt != salt)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.CallbackSalt, salt), ct);
            if (updated > 0)
            {
                WalletNotificationsLog.SaltRotated(logger, accountId);
            }

            return salt;
        }

        return null;
    }
}
