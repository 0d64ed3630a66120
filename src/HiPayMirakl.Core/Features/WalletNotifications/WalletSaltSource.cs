using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.WalletNotifications;

/// <summary>
/// Vendors' salts live on their rows; the operator's and technical wallets' salts are read from HiPay on first use
/// and kept. A look-up is one short attempt, within <see cref="SaltRefreshGate"/>'s limits.
/// </summary>
public sealed class WalletSaltSource(
    ConnectorDbContext db,
    HiPayWalletClient wallet,
    AccountsOptions accounts,
    HiPayWalletOptions walletOptions,
    SaltRefreshGate gate,
    ILogger<WalletSaltSource> logger) : IWalletSaltSource
{
    public async Task<string?> StoredSaltAsync(long accountId, CancellationToken ct) =>
        IsPlatformAccount(accountId)
            ? gate.PlatformSalt(accountId)
            : await db.Vendors.AsNoTracking().Where(v => v.HiPayAccountId == accountId).Select(v => v.CallbackSalt).FirstOrDefaultAsync(ct);

    public async Task<SaltRefresh> RefreshSaltAsync(long accountId, CancellationToken ct)
    {
        switch (gate.TryBegin(accountId))
        {
            case SaltRefreshGate.Decision.RecentlyRefreshed:
                return new SaltRefresh(SaltRefreshOutcome.AlreadyCurrent);
            case SaltRefreshGate.Decision.RecentlyFailed:
            case SaltRefreshGate.Decision.OverBudget:
                return new SaltRefresh(SaltRefreshOutcome.Unavailable);
        }

        HiPayAccount account;
        try
        {
            var timeout = TimeSpan.FromSeconds(walletOptions.SaltRefreshTimeoutSeconds);
            account = accountId == accounts.TechnicalAccountId
                ? await wallet.GetAccountOnceAsync(default, timeout, ct)
                : await wallet.GetAccountOnceAsync(HiPayAccountRef.ById(accountId), timeout, ct);
        }
        catch (HiPayWalletApiException ex)
        {
            WalletNotificationsLog.SaltUnavailable(logger, accountId, ex.HttpStatus);
            // HiPay answering that it has no such wallet (or refusing it to us) is an answer; anything else is not.
            var answered = ex.HttpStatus is < 500 and not 408 and not 429 && (ex.IsNotFound || ex.IsAuthenticationFailure);
            gate.Completed(accountId, answered);
            return new SaltRefresh(answered ? SaltRefreshOutcome.UnknownAccount : SaltRefreshOutcome.Unavailable);
        }

        gate.Completed(accountId, true);
        if (account.CallbackSalt is not { Length: > 0 } salt)
        {
            return new SaltRefresh(SaltRefreshOutcome.UnknownAccount);
        }

        if (IsPlatformAccount(accountId))
        {
            gate.KeepPlatformSalt(accountId, salt);
            return new SaltRefresh(SaltRefreshOutcome.Refreshed, salt);
        }

        var updated = await db.Vendors.Where(v => v.HiPayAccountId == accountId && v.CallbackSalt != salt)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.CallbackSalt, salt), ct);
        if (updated > 0)
        {
            WalletNotificationsLog.SaltRotated(logger, accountId);
        }

        return new SaltRefresh(SaltRefreshOutcome.Refreshed, salt);
    }

    private bool IsPlatformAccount(long accountId) =>
        accountId == accounts.OperatorAccountId || accountId == accounts.TechnicalAccountId;
}
