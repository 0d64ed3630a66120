using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>Counts of one status-sync pass.</summary>
public sealed record StatusSyncSummary(int Checked, int Succeeded, int Failed, int Unchanged);

/// <summary>
/// Polls <c>GET /api/transaction/{id}</c> for legs still Requested, for when a notification is late or lost. The status
/// is read by <see cref="ProviderStatus"/> and applied by <see cref="PayoutSettlement"/>, exactly as a notification
/// saying the same would be.
/// </summary>
public sealed partial class PayoutStatusSync(
    Func<ConnectorDbContext> createContext,
    HiPayWalletClient wallet,
    ConnectorSettings settings,
    TimeProvider clock,
    LegClaims claims,
    ILogger<PayoutStatusSync> logger)
{
    public async Task<StatusSyncSummary> SyncAsync(CancellationToken ct)
    {
        List<long> ids;
        await using (var db = createContext())
        {
            ids = await db.Legs.AsNoTracking()
                .Where(l => l.Status == LegStatus.TransferRequested || l.Status == LegStatus.WithdrawRequested)
                .OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(ct);
        }

        int succeeded = 0, failed = 0, unchanged = 0;
        foreach (var id in ids)
        {
            try
            {
                switch (await SyncOneAsync(id, ct))
                {
                    case true:
                        succeeded++;
                        break;
                    case false:
                        failed++;
                        break;
                    default:
                        unchanged++;
                        break;
                }
            }
            catch (Exception ex) when (ex is HiPayWalletApiException or HttpRequestException or DbUpdateException)
            {
                unchanged++;
                SyncFailed(logger, id, ex);
            }
        }

        return new StatusSyncSummary(ids.Count, succeeded, failed, unchanged);
    }

    /// <summary>True: settled; false: failed; null: unchanged.</summary>
    private async Task<bool?> SyncOneAsync(long id, CancellationToken ct)
    {
        // Under the leg's claim like every money step: a failure found here makes the leg sendable again.
        await using var claim = await claims.TryAcquireAsync(id, ct);
        if (claim is null)
        {
            return null;
        }

        await using var db = createContext();
        var leg = await db.Legs.SingleAsync(l => l.Id == id, ct);
        var isTransfer = leg.Status == LegStatus.TransferRequested;
        if (!claim.Fences(leg) || (!isTransfer && leg.Status != LegStatus.WithdrawRequested))
        {
            return null;
        }

        var transactionId = isTransfer ? leg.TransferId : leg.WithdrawId;
        if (string.IsNullOrEmpty(transactionId))
        {
            return null;
        }

        HiPayAccountRef? account = isTransfer ? null : HiPayAccountRef.ById(leg.BeneficiaryAccountId!.Value);
        if (await wallet.GetTransactionAsync(transactionId, account, ct) is not TransactionLookup.Found { Transaction: var found })
        {
            // Not found by its own transaction id, or no answer: nothing to conclude, the next pass asks again.
            return null;
        }

        var now = clock.GetUtcNow();
        var outcome = ProviderStatus.OfTransaction(found.TransactionStatus);
        if (PayoutSettlement.Apply(db, leg, isTransfer ? PayoutSide.Transfer : PayoutSide.Withdrawal, outcome, null,
                "Status sync: " + found.TransactionStatus, now, settings.Cycle, logger) is null)
        {
            return null;
        }

        await db.SaveChangesAsync(ct);
        return outcome == ProviderOutcome.Settled;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status sync of leg {LegId} failed; retried on the next pass")]
    private static partial void SyncFailed(ILogger logger, long legId, Exception exception);
}
