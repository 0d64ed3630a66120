using System.Globalization;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>Counts of one transfer or withdrawal pass.</summary>
public sealed record PayoutStepSummary(int Resolved, int Attempted, int Requested, int Failed, int Unknown, int Held, int Skipped);

/// <summary>
/// Moves money for legs, exactly once. The discipline: a leg is marked …Unknown and committed before the POST; an
/// …Unknown leg is only ever resolved by looking its merchant_unique_id up at HiPay, never by sending again. Each leg
/// has its own context and transaction; at most <see cref="CycleOptions.Concurrency"/> legs are in flight. Every step
/// of a leg runs under its claim (<see cref="LegClaims"/>), whichever command or instance runs it: a leg another
/// instance is working on is skipped, and a write after the claim was taken over is refused.
/// </summary>
public sealed partial class PayoutExecutor(
    Func<ConnectorDbContext> createContext,
    HiPayWalletClient wallet,
    ConnectorSettings settings,
    TimeProvider clock,
    LegClaims claims,
    IPayoutCallObserver observer,
    IAlertSink alerts,
    ILogger<PayoutExecutor> logger,
    Approvals.ApprovalService approvals)
{
    public const string LowBalanceAlertKind = "wallet.balance-low";

    internal static readonly LegStatus[] TransferReady =
        [LegStatus.Created, LegStatus.TransferFailed, LegStatus.TransferNegative, LegStatus.TransferVendorDisabled];

    internal static readonly LegStatus[] WithdrawReady =
        [
            LegStatus.TransferSuccess, LegStatus.WithdrawFailed, LegStatus.WithdrawNegative, LegStatus.WithdrawPaymentBlocked, LegStatus.WithdrawVendorDisabled,
            LegStatus.WithdrawCanceled,
        ];

    private enum Result
    {
        Requested,
        Failed,
        Unknown,
        Held,
        Skipped,
    }

    public async Task<PayoutStepSummary> TransferAsync(CancellationToken ct)
    {
        var resolved = await ResolveUnknownAsync(LegStatus.TransferUnknown, ct);
        var ids = await DueAsync(TransferReady, ct);
        var (ledger, waiting) = await BudgetTechnicalBalanceAsync(ids, ct);
        var results = ledger is null ? new List<Result>() : await RunAsync(ids.Where(id => !waiting.Contains(id)).ToList(), (id, token) => TransferOneAsync(id, ledger, token), ct);
        results.AddRange(Enumerable.Repeat(Result.Skipped, ledger is null ? ids.Count : waiting.Count));
        return Summarise(resolved, results);
    }

    public async Task<PayoutStepSummary> WithdrawAsync(CancellationToken ct)
    {
        var resolved = await ResolveUnknownAsync(LegStatus.WithdrawUnknown, ct);
        var ids = await DueAsync(WithdrawReady, ct);
        var results = await RunAsync(ids, WithdrawOneAsync, ct);
        return Summarise(resolved, results);
    }

    /// <summary>
    /// Reads the technical wallet's balance once for the whole run and splits the legs due between those it covers
    /// (<see cref="TreasuryPlan"/>: oldest cycle first, then oldest leg) and those that wait. Before any transfer is
    /// sent, each currency that falls short raises <c>wallet.balance-low</c> and each waiting leg gets a line in its
    /// log; the waiting legs keep their status and their attempts, and the next run looks again. When the balance
    /// cannot be read, nothing is sent in this run (no ledger).
    /// </summary>
    private async Task<(TreasuryLedger? Ledger, HashSet<long> Waiting)> BudgetTechnicalBalanceAsync(List<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return (new TreasuryLedger(new Dictionary<string, long>()), []);
        }

        Dictionary<string, long> balances;
        try
        {
            balances = TreasuryPlan.BalancesOf(await wallet.GetBalanceAsync(null, ct));
        }
        catch (Exception ex) when (ex is HiPayWalletApiException or HttpRequestException)
        {
            // Nothing can be sent without knowing what the wallet holds: the legs wait for the next run.
            BalanceUnread(logger, ex);
            return (null, []);
        }

        List<TreasuryLeg> due;
        await using (var db = createContext())
        {
            // A leg in a currency the table does not know cannot be budgeted: the transfer step holds it unprepared.
            due = (await db.Legs.AsNoTracking().Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, l.Currency, l.AmountMinor, l.CycleDate }).ToListAsync(ct))
                .Where(l => Core.Money.Currency.TryOf(l.Currency, out _))
                .Select(l => new TreasuryLeg(l.Id, l.Currency, l.AmountMinor, l.CycleDate)).ToList();
        }

        var plan = TreasuryPlan.Of(due, balances);
        var waiting = plan.Shortfalls.SelectMany(s => s.UncoveredLegIds).ToHashSet();
        if (waiting.Count > 0)
        {
            await NoteWaitingAsync(plan, ct);
        }

        foreach (var shortfall in plan.Shortfalls)
        {
            var (currency, available, needed) = (shortfall.Currency, shortfall.BalanceMinor, shortfall.NeededMinor);
            var count = due.Count(l => l.AmountMinor > 0 && string.Equals(l.Currency, currency, StringComparison.OrdinalIgnoreCase));
            alerts.Raise(new Alert(
                LowBalanceAlertKind,
                AlertSeverity.Error,
                string.Create(CultureInfo.InvariantCulture,
                    $"Technical wallet {currency}: {LegHeldAlerts.Amount(available, currency)} available, {LegHeldAlerts.Amount(needed, currency)} needed by {count} legs ready to transfer"),
                string.Create(CultureInfo.InvariantCulture,
                    $"Short by {LegHeldAlerts.Amount(shortfall.ShortMinor, currency)}. {shortfall.UncoveredLegIds.Count} legs the balance cannot cover were not sent in this run (oldest cycle first is paid first); they keep their status and are sent once the wallet is funded."),
                currency));
        }

        return (new TreasuryLedger(balances), waiting);
    }

    private async Task NoteWaitingAsync(TreasuryPlan plan, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = createContext();
        foreach (var shortfall in plan.Shortfalls)
        {
            var ids = shortfall.UncoveredLegIds;
            var statuses = await db.Legs.AsNoTracking().Where(l => ids.Contains(l.Id)).Select(l => new { l.Id, l.Status }).ToListAsync(ct);
            var message = string.Create(CultureInfo.InvariantCulture,
                $"Not sent in this run: the technical wallet holds {WalletAmount.Format(shortfall.BalanceMinor, shortfall.Currency)} {shortfall.Currency}, short by {WalletAmount.Format(shortfall.ShortMinor, shortfall.Currency)} for the legs due; older legs are paid first, this one waits for funds");
            db.LegLog.AddRange(statuses.Select(l => new Logs.LegLogEntry
            {
                LegId = l.Id, FromStatus = l.Status, ToStatus = l.Status, Message = message, BalanceMinor = shortfall.BalanceMinor, CreatedAt = now,
            }));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Looks every leg of an unknown outcome up at HiPay by its prefixed merchant_unique_id.</summary>
    public async Task<int> ResolveUnknownAsync(LegStatus unknown, CancellationToken ct)
    {
        List<long> ids;
        await using (var db = createContext())
        {
            ids = await db.Legs.AsNoTracking().Where(l => l.Status == unknown).OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(ct);
        }

        var resolved = 0;
        foreach (var id in ids)
        {
            try
            {
                if (await ResolveOneAsync(id, unknown, ct))
                {
                    resolved++;
                }
            }
            catch (Exception ex) when (ex is HiPayWalletApiException or HttpRequestException or DbUpdateException)
            {
                // Still unknown: the next pass looks again. Nothing is sent meanwhile.
                StepFailed(logger, id, "lookup", ex);
            }
        }

        return resolved;
    }

    /// <summary>
    /// How long after the in-flight marker a "not found" at HiPay can be believed: longer than the client can take
    /// over one POST, retries included, so a request still on its way cannot be overtaken by a second one.
    /// </summary>
    private TimeSpan NotFoundGrace => wallet.LongestCall + TimeSpan.FromSeconds(30);

    private async Task<bool> ResolveOneAsync(long id, LegStatus unknown, CancellationToken ct)
    {
        // A live claim means the POST may still be on its way from another instance: leave the leg to it.
        await using var claim = await claims.TryAcquireAsync(id, ct);
        if (claim is null)
        {
            return false;
        }

        await using var db = createContext();
        var leg = await db.Legs.SingleAsync(l => l.Id == id, ct);
        if (!claim.Fences(leg) || leg.Status != unknown)
        {
            return false;
        }

        var isTransfer = unknown == LegStatus.TransferUnknown;
        var now = clock.GetUtcNow();
        HiPayAccountRef? account = isTransfer ? null : HiPayAccountRef.ById(leg.BeneficiaryAccountId!.Value);
        var lookup = await wallet.GetTransactionAsync(isTransfer ? leg.TransferMerchantUniqueId : leg.WithdrawalMerchantUniqueId, account, ct);
        if (lookup is TransactionLookup.Unknown)
        {
            // No answer is no evidence: the leg stays unknown for the next pass.
            return false;
        }

        var inFlightSince = (isTransfer ? leg.TransferRequestedAt : leg.WithdrawRequestedAt) ?? leg.UpdatedAt;
        if (lookup is TransactionLookup.NotFound && now < inFlightSince + NotFoundGrace)
        {
            // Too early to believe it: the POST may not have reached HiPay yet.
            return false;
        }

        if (lookup is not TransactionLookup.Found { Transaction: var found })
        {
            // HiPay never saw it, long after the POST could have arrived: sending again (same merchant_unique_id) is
            // safe, within the attempts every other failure spends.
            const string reason = "Not found at HiPay after an unknown outcome";
            if (leg.AttemptCount >= settings.Cycle.MaxAttempts)
            {
                LegJournal.Move(db, leg, isTransfer ? LegStatus.TransferHeld : LegStatus.WithdrawHeld, now, reason);
                leg.NextAttemptAt = null;
                LegHeld(logger, leg.Id, leg.InvoiceId, leg.AttemptCount, reason);
            }
            else
            {
                LegJournal.Move(db, leg, isTransfer ? LegStatus.TransferFailed : LegStatus.WithdrawFailed, now, reason);
                leg.NextAttemptAt = now;
            }
        }
        else
        {
            if (isTransfer)
            {
                leg.TransferRequestedAt ??= now;
            }

            PayoutSettlement.Apply(db, leg, isTransfer ? PayoutSide.Transfer : PayoutSide.Withdrawal, ProviderStatus.OfTransaction(found.TransactionStatus),
                found.TransactionId, "Found at HiPay: " + found.TransactionStatus, now, settings.Cycle, logger);
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<List<long>> DueAsync(LegStatus[] statuses, CancellationToken ct)
    {
        await using var db = createContext();
        return await Due(db, statuses, clock.GetUtcNow()).Select(l => l.Id).ToListAsync(ct);
    }

    /// <summary>The legs a money step takes now: in one of its statuses and past their backoff, oldest first.</summary>
    internal static IQueryable<Leg> Due(ConnectorDbContext db, LegStatus[] statuses, DateTimeOffset now) =>
        db.Legs.AsNoTracking()
            .Where(l => statuses.Contains(l.Status) && (l.NextAttemptAt == null || l.NextAttemptAt <= now)
                && (l.Kind == LegKind.SellerPayout || l.Kind == LegKind.OperatorCommission))
            .OrderBy(l => l.Id);

    private async Task<List<Result>> RunAsync(List<long> ids, Func<long, CancellationToken, Task<Result>> step, CancellationToken ct)
    {
        var results = new List<Result>();
        var gate = new object();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Cycle.Concurrency), CancellationToken = ct };
        await Parallel.ForEachAsync(ids, options, async (id, token) =>
        {
            Result result;
            try
            {
                result = await step(id, token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                // One leg's surprise must not stop the others; the leg keeps the status it committed last.
                StepFailed(logger, id, "money step", ex);
                result = Result.Unknown;
            }

            lock (gate)
            {
                results.Add(result);
            }
        });
        return results;
    }

    private async Task<Result> TransferOneAsync(long id, TreasuryLedger ledger, CancellationToken ct)
    {
        await using var claim = await claims.TryAcquireAsync(id, ct);
        if (claim is null)
        {
            return Result.Skipped;
        }

        await using var db = createContext();
        var leg = await db.Legs.SingleAsync(l => l.Id == id, ct);
        if (!claim.Fences(leg) || !TransferReady.Contains(leg.Status))
        {
            return Result.Skipped;
        }

        var now = clock.GetUtcNow();
        var vendor = leg.VendorId is { } vendorId ? await db.Vendors.AsNoTracking().SingleOrDefaultAsync(v => v.Id == vendorId, ct) : null;
        if (leg.BeneficiaryAccountId is not { } beneficiary || beneficiary <= 0 || vendor is null)
        {
            return await FailAsync(db, leg, LegStatus.TransferFailed, LegStatus.TransferHeld, "Wallet not found", now, ct);
        }

        if (!vendor.Enabled)
        {
            if (leg.Status != LegStatus.TransferVendorDisabled)
            {
                LegJournal.Move(db, leg, LegStatus.TransferVendorDisabled, now, $"Vendor of shop {vendor.MiraklShopId} is disabled");
                await db.SaveChangesAsync(ct);
            }

            return Result.Skipped;
        }

        if (leg.AmountMinor <= 0)
        {
            LegJournal.Move(db, leg, LegStatus.InvalidAmount, now, "Amount is not positive");
            await db.SaveChangesAsync(ct);
            return Result.Skipped;
        }

        // Approval rules stop a leg before anything about its transfer is read or sent, under its claim.
        if (await approvals.HoldIfRequiredAsync(db, leg, vendor, now, ct))
        {
            return Result.Skipped;
        }

        // Everything that can throw is computed before the in-flight marker: an exception after it would leave an
        // Unknown leg that is looked up, found missing and sent again, for ever.
        HiPayTransferRequest request;
        try
        {
            var labels = Labels(leg, vendor, now);
            request = new HiPayTransferRequest(
                beneficiary, "", leg.AmountMinor, leg.Currency, leg.TransferMerchantUniqueId,
                PayoutLabels.Public(settings.Labels, labels), PayoutLabels.Private(settings.Labels, labels));
            _ = WalletAmount.Format(request.AmountMinor, request.Currency);
        }
        catch (Exception ex) when (IsPreparationFailure(ex))
        {
            return await HoldUnpreparedAsync(db, leg, LegStatus.TransferHeld, "transfer", ex, now, ct);
        }

        // The balance read once for the run, less what this run's transfers already took.
        if (!ledger.TryTake(leg.Currency, leg.AmountMinor, out var available))
        {
            return await FailAsync(db, leg, LegStatus.TransferNegative, LegStatus.TransferHeld,
                $"Technical balance {WalletAmount.Format(available, leg.Currency)} below {WalletAmount.Format(leg.AmountMinor, leg.Currency)}", now, ct, available);
        }

        // The in-flight marker: committed before the POST, so a crash leaves a leg that is looked up, not resent.
        leg.AttemptCount++;
        leg.TransferRequestedAt = now;
        LegJournal.Move(db, leg, LegStatus.TransferUnknown, now, "Transfer being sent as " + leg.TransferMerchantUniqueId, available);
        await db.SaveChangesAsync(ct);

        var outcome = await wallet.TransferAsync(request, ct);
        await observer.AfterMoneyCallAsync(leg, "transfer", ct);

        now = clock.GetUtcNow();
        switch (outcome)
        {
            case TransferOutcome.Accepted accepted:
                // A replayed merchant_unique_id answers with the original transaction, whatever became of it: its
                // status is read like any other answer, never taken for a fresh acceptance.
                var moved = PayoutSettlement.Apply(db, leg, PayoutSide.Transfer, AcceptedOutcome(accepted.Status), accepted.TransactionId,
                    "Transfer accepted: " + accepted.Status, now, settings.Cycle, logger);
                await db.SaveChangesAsync(ct);
                return AcceptedResult(moved);
            case TransferOutcome.Rejected rejected:
                ledger.GiveBack(leg.Currency, leg.AmountMinor);
                return await FailAsync(db, leg, LegStatus.TransferFailed, LegStatus.TransferHeld,
                    string.Create(CultureInfo.InvariantCulture, $"Transfer rejected: code {rejected.Code} {rejected.Message}"), now, ct, counted: true);
            case TransferOutcome.Unknown unknown:
                leg.LastError = "Transfer outcome unknown: " + unknown.Reason;
                await db.SaveChangesAsync(ct);
                return Result.Unknown;
            default:
                throw new InvalidOperationException("Unexpected transfer outcome " + outcome.GetType().Name);
        }
    }

    private async Task<Result> WithdrawOneAsync(long id, CancellationToken ct)
    {
        await using var claim = await claims.TryAcquireAsync(id, ct);
        if (claim is null)
        {
            return Result.Skipped;
        }

        await using var db = createContext();
        var leg = await db.Legs.SingleAsync(l => l.Id == id, ct);
        if (!claim.Fences(leg) || !WithdrawReady.Contains(leg.Status))
        {
            return Result.Skipped;
        }

        var now = clock.GetUtcNow();
        var isOperator = leg.Kind == LegKind.OperatorCommission;
        var vendor = leg.VendorId is { } vendorId ? await db.Vendors.AsNoTracking().SingleOrDefaultAsync(v => v.Id == vendorId, ct) : null;
        if (leg.BeneficiaryAccountId is not { } beneficiary || beneficiary <= 0 || vendor is null)
        {
            return await FailAsync(db, leg, LegStatus.WithdrawFailed, LegStatus.WithdrawHeld, "Wallet not found", now, ct);
        }

        var verdict = PayoutPrecheck.Withdrawal(leg, vendor);
        if (verdict == PayoutPrecheck.AwaitingNewBankDetails)
        {
            // The bank cancelled the last withdrawal: sending the next generation to the same details would fail the
            // same way. It waits, without spending attempts, until new details are validated (or an operator acts).
            return Result.Skipped;
        }

        if (leg.Status == LegStatus.TransferSuccess)
        {
            // A fresh withdrawal starts its own attempt count.
            leg.AttemptCount = 0;
        }

        switch (verdict)
        {
            case PayoutPrecheck.VendorDisabled:
                if (leg.Status != LegStatus.WithdrawVendorDisabled)
                {
                    LegJournal.Move(db, leg, LegStatus.WithdrawVendorDisabled, now, $"Vendor of shop {vendor.MiraklShopId} is disabled");
                    await db.SaveChangesAsync(ct);
                }

                return Result.Skipped;
            case PayoutPrecheck.NotIdentified:
                return await FailAsync(db, leg, LegStatus.WithdrawFailed, LegStatus.WithdrawHeld, "Wallet not identified", now, ct);
            case PayoutPrecheck.PaymentBlocked:
                return await FailAsync(db, leg, LegStatus.WithdrawPaymentBlocked, LegStatus.WithdrawHeld, "Payment blocked", now, ct);
            case PayoutPrecheck.BankNotValidated:
                return await FailAsync(db, leg, LegStatus.WithdrawFailed, LegStatus.WithdrawHeld, "Bank account not validated", now, ct);
        }

        string label;
        try
        {
            label = PayoutLabels.Withdraw(settings.Labels, Labels(leg, vendor, now));
            _ = WalletAmount.Format(leg.AmountMinor, leg.Currency);
        }
        catch (Exception ex) when (IsPreparationFailure(ex))
        {
            return await HoldUnpreparedAsync(db, leg, LegStatus.WithdrawHeld, "withdrawal", ex, now, ct);
        }

        var account = HiPayAccountRef.ById(beneficiary);
        var balance = await wallet.GetBalanceAsync(account, ct);
        var available = balance.Balances.FirstOrDefault(b => string.Equals(b.Currency, leg.Currency, StringComparison.OrdinalIgnoreCase))?.AvailableForWithdrawalMinor ?? 0;
        var amount = leg.AmountMinor;
        if (available < amount)
        {
            if (!isOperator || available <= 0)
            {
                return await FailAsync(db, leg, LegStatus.WithdrawNegative, LegStatus.WithdrawHeld,
                    $"Available {WalletAmount.Format(available, leg.Currency)} below {WalletAmount.Format(amount, leg.Currency)}", now, ct, available);
            }

            // The operator's wallet pays out what it has (the predecessor's rule).
            amount = available;
        }

        leg.AttemptCount++;
        leg.WithdrawnAmountMinor = amount;
        leg.WithdrawBankFingerprint = isOperator ? null : vendor.BankInfoFingerprint;
        leg.WithdrawRequestedAt = now;
        LegJournal.Move(db, leg, LegStatus.WithdrawUnknown, now, "Withdrawal being sent as " + leg.WithdrawalMerchantUniqueId, available);
        await db.SaveChangesAsync(ct);

        var outcome = await wallet.WithdrawAsync(new HiPayWithdrawalRequest(account, amount, leg.Currency, leg.WithdrawalMerchantUniqueId, label), ct);
        await observer.AfterMoneyCallAsync(leg, "withdrawal", ct);

        now = clock.GetUtcNow();
        switch (outcome)
        {
            case WithdrawalOutcome.Accepted accepted:
                var moved = PayoutSettlement.Apply(db, leg, PayoutSide.Withdrawal, AcceptedOutcome(accepted.Status), accepted.TransactionId,
                    "Withdrawal accepted: " + accepted.Status, now, settings.Cycle, logger);
                await db.SaveChangesAsync(ct);
                return AcceptedResult(moved);
            case WithdrawalOutcome.Rejected rejected:
                return await FailAsync(db, leg, LegStatus.WithdrawFailed, LegStatus.WithdrawHeld,
                    string.Create(CultureInfo.InvariantCulture, $"Withdrawal rejected: code {rejected.Code} {rejected.Message}"), now, ct, counted: true);
            case WithdrawalOutcome.Unknown unknown:
                leg.LastError = "Withdrawal outcome unknown: " + unknown.Reason;
                await db.SaveChangesAsync(ct);
                return Result.Unknown;
            default:
                throw new InvalidOperationException("Unexpected withdrawal outcome " + outcome.GetType().Name);
        }
    }

    /// <summary>Records a retryable failure with backoff, or holds the leg once the attempts are spent (an alert).</summary>
    private async Task<Result> FailAsync(ConnectorDbContext db, Leg leg, LegStatus failed, LegStatus held, string reason,
        DateTimeOffset now, CancellationToken ct, long? balance = null, bool counted = false)
    {
        if (!counted)
        {
            leg.AttemptCount++;
        }

        if (leg.AttemptCount >= settings.Cycle.MaxAttempts)
        {
            LegJournal.Move(db, leg, held, now, reason, balance);
            leg.NextAttemptAt = null;
            await db.SaveChangesAsync(ct);
            LegHeld(logger, leg.Id, leg.InvoiceId, leg.AttemptCount, reason);
            return Result.Held;
        }

        LegJournal.Move(db, leg, failed, now, reason, balance);
        leg.NextAttemptAt = now + RetryBackoff.Delay(leg.AttemptCount, settings.Cycle.RetryBaseDelay, settings.Cycle.RetryMaxDelay, Random.Shared.NextDouble());
        await db.SaveChangesAsync(ct);
        LegFailed(logger, leg.Id, leg.InvoiceId, failed, reason);
        return Result.Failed;
    }

    /// <summary>The status an acceptance carries, when it carries one; otherwise HiPay holds the transaction (pending).</summary>
    private static ProviderOutcome AcceptedOutcome(string? status) =>
        string.IsNullOrWhiteSpace(status) ? ProviderOutcome.Pending : ProviderStatus.OfTransaction(status);

    private static Result AcceptedResult(LegStatus? moved) => moved switch
    {
        LegStatus.TransferHeld or LegStatus.WithdrawHeld => Result.Held,
        LegStatus.TransferFailed or LegStatus.WithdrawCanceled => Result.Failed,
        _ => Result.Requested,
    };

    /// <summary>Failures of building a request from our own data and configuration (an unsupported currency, a bad template).</summary>
    private static bool IsPreparationFailure(Exception ex) =>
        ex is ArgumentException or FormatException or OverflowException or InvalidOperationException or KeyNotFoundException;

    /// <summary>
    /// A request that cannot be built will not build on the next pass either: the leg is held with the reason,
    /// nothing was sent and no attempt is spent.
    /// </summary>
    private async Task<Result> HoldUnpreparedAsync(ConnectorDbContext db, Leg leg, LegStatus held, string what, Exception ex, DateTimeOffset now, CancellationToken ct)
    {
        var reason = $"The {what} could not be prepared, nothing was sent: {ex.Message}";
        LegJournal.Move(db, leg, held, now, reason);
        leg.NextAttemptAt = null;
        await db.SaveChangesAsync(ct);
        LegHeld(logger, leg.Id, leg.InvoiceId, leg.AttemptCount, reason);
        return Result.Held;
    }

    private LabelValues Labels(Leg leg, Vendor vendor, DateTimeOffset now) => new(
        leg.Kind == LegKind.OperatorCommission ? null : vendor.MiraklShopId.ToString(CultureInfo.InvariantCulture),
        leg.AmountMinor,
        leg.Currency,
        leg.BeneficiaryAccountId ?? 0,
        leg.CycleDate,
        // No voucher column on legs: the invoice id is what identifies the payment on both sides.
        leg.InvoiceId,
        now,
        ZoneOrUtc(settings.Cycle.TimeZone));

    private static TimeZoneInfo ZoneOrUtc(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    private static PayoutStepSummary Summarise(int resolved, List<Result> results) => new(
        resolved,
        results.Count(r => r != Result.Skipped),
        results.Count(r => r == Result.Requested),
        results.Count(r => r == Result.Failed),
        results.Count(r => r == Result.Unknown),
        results.Count(r => r == Result.Held),
        results.Count(r => r == Result.Skipped));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leg {LegId} ({InvoiceId}) {Status}: {Reason}")]
    private static partial void LegFailed(ILogger logger, long legId, string? invoiceId, LegStatus status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Leg {LegId} ({InvoiceId}) HELD after {Attempts} attempts: {Reason}. An operator must decide.")]
    private static partial void LegHeld(ILogger logger, long legId, string? invoiceId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Technical wallet balance could not be read before the transfer run")]
    private static partial void BalanceUnread(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Leg {LegId}: {Step} failed; the leg keeps its last committed status")]
    private static partial void StepFailed(ILogger logger, long legId, string step, Exception exception);
}
