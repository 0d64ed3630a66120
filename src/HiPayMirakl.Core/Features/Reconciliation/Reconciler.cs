using System.Globalization;
using System.Text.RegularExpressions;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Reconciliation;

/// <summary>What a run found, with the stored run.</summary>
public sealed record ReconciliationResult(ReconciliationRun Run, IReadOnlyList<ReconciliationFinding> Findings)
{
    public bool Drift => Findings.Count > 0;
}

/// <summary>
/// Three-way reconciliation of a cycle window: what Mirakl says is owed (IV01), what we recorded (legs) and what
/// HiPay moved (each transfer and withdrawal looked up by its merchant_unique_id, HiPay's transaction list read back
/// against our keys, and the wallets still holding money). Every run and its findings are stored, and each finding
/// raises a drift alert. Read-only: GETs only, it reports drift and never repairs it.
/// </summary>
public sealed partial class Reconciler(
    Func<ConnectorDbContext> createContext,
    IMiraklClient mirakl,
    HiPayWalletClient wallet,
    IAlertSink alerts,
    ConnectorSettings settings,
    TimeProvider clock,
    ILogger<Reconciler> logger)
{
    public const string DriftAlertKind = "reconciliation.drift";

    private const string TransferPrefix = "TRANSFER_";
    private const string WithdrawalPrefix = "WITHDRAWAL_";

    public async Task<ReconciliationResult> RunAsync(CycleWindow window, string trigger, long? batchId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trigger);
        var run = new ReconciliationRun
        {
            // Stored in UTC: the cycle calendar gives local offsets, and PostgreSQL's timestamptz takes UTC only.
            CycleInstant = window.CycleInstant.ToUniversalTime(), WindowStart = window.Start.ToUniversalTime(), WindowEnd = window.End.ToUniversalTime(),
            StartedAt = clock.GetUtcNow(),
            Trigger = trigger, BatchId = batchId,
        };
        await using (var db = createContext())
        {
            db.ReconciliationRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }

        var findings = new Findings();
        try
        {
            await CompareAsync(window, findings, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await using var db = createContext();
            db.ReconciliationRuns.Attach(run);
            run.FinishedAt = clock.GetUtcNow();
            run.Error = Truncate(ex.Message, ReconciliationRun.ErrorLength);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        var stored = findings.List;
        await using (var db = createContext())
        {
            db.ReconciliationRuns.Attach(run);
            foreach (var finding in stored)
            {
                finding.RunId = run.Id;
            }

            db.ReconciliationFindings.AddRange(stored);
            run.FinishedAt = clock.GetUtcNow();
            run.FindingCount = stored.Count;
            run.Counts = ReconciliationCounts.Format(stored);
            await db.SaveChangesAsync(ct);
        }

        // Each difference is its own alert, keyed by what it is about: the digest names every one, and a daily run
        // that finds the same drift again repeats it.
        foreach (var finding in stored)
        {
            alerts.Raise(new Alert(
                DriftAlertKind,
                AlertSeverity.Error,
                Truncate($"{Subject(finding)}: {finding.Kind}", AlertLogEntry.SubjectLength),
                string.Create(CultureInfo.InvariantCulture,
                    $"{finding.Detail}\nCycle window {window.Start:yyyy-MM-dd HH:mm}–{window.End:yyyy-MM-dd HH:mm} UTC, reconciliation run {run.Id}."),
                Truncate(finding.Reference + "/" + finding.Kind, AlertLogEntry.KeyLength)));
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Reconciliation run {RunId} of cycle {Cycle:O}: {Count} finding(s) {Counts}", run.Id, window.CycleInstant, stored.Count, run.Counts);
        }

        return new ReconciliationResult(run, stored);
    }

    private async Task CompareAsync(CycleWindow window, Findings findings, CancellationToken ct)
    {
        var windowLegs = new List<Leg>();
        await using (var db = createContext())
        {
            await foreach (var invoice in mirakl.GetInvoicesAsync(window.Start, window.End, MiraklInvoiceTypes.AutoInvoice, ct: ct))
            {
                var invoiceId = invoice.InvoiceId.ToString(CultureInfo.InvariantCulture);
                var legs = await db.Legs.AsNoTracking().Where(l => l.InvoiceId == invoiceId).ToListAsync(ct);
                windowLegs.AddRange(legs);
                var currency = (invoice.CurrencyIsoCode ?? "EUR").ToUpperInvariant();
                CompareInvoice(findings, invoiceId, legs, LegKind.SellerPayout, invoice.Summary?.AmountTransferred, currency, always: true);
                CompareInvoice(findings, invoiceId, legs, LegKind.OperatorCommission, invoice.Summary?.AmountTransferredToOperator, currency, always: false);
            }
        }

        foreach (var leg in windowLegs)
        {
            await CompareTransferAsync(findings, leg, ct);
            await CompareWithdrawalAsync(findings, leg, ct);
        }

        await CompareTransactionListAsync(findings, window, windowLegs, ct);
        await CompareWalletsAsync(findings, ct);
    }

    private static void CompareInvoice(Findings findings, string invoiceId, List<Leg> legs, LegKind kind, decimal? owed, string currency, bool always)
    {
        var reference = invoiceId + "/" + kind;
        long owedMinor;
        try
        {
            owedMinor = WalletAmount.ToMinor(owed ?? 0m, currency);
        }
        catch (FormatException ex)
        {
            findings.Add(FindingKinds.UnreadableAmount, reference, invoiceId, null, currency, null, ex.Message);
            return;
        }

        var matching = legs.Where(l => l.Kind == kind).ToList();
        if (matching.Count == 0)
        {
            if (always || owedMinor > 0)
            {
                findings.Add(FindingKinds.MissingLeg, reference, invoiceId, null, currency, owedMinor,
                    $"{kind} owed {WalletAmount.Format(owedMinor, currency)} {currency}, no leg");
            }

            return;
        }

        if (matching.Count > 1)
        {
            findings.Add(FindingKinds.DuplicateLeg, reference, invoiceId, matching[1].Id, currency, null, $"{matching.Count} {kind} legs");
        }

        var leg = matching[0];
        if (leg.OriginAmountMinor != owedMinor || !string.Equals(leg.Currency, currency, StringComparison.Ordinal))
        {
            findings.Add(FindingKinds.AmountMismatch, reference, invoiceId, leg.Id, leg.Currency, leg.OriginAmountMinor,
                $"{kind}: invoice {WalletAmount.Format(owedMinor, currency)} {currency}, leg {WalletAmount.Format(leg.OriginAmountMinor, leg.Currency)} {leg.Currency}");
        }
    }

    private async Task CompareTransferAsync(Findings findings, Leg leg, CancellationToken ct)
    {
        if (!LegMoneyStatuses.Transferred.Contains(leg.Status))
        {
            return;
        }

        var key = leg.TransferMerchantUniqueId;
        var lookup = await wallet.GetTransactionAsync(key, null, ct);
        CompareLookup(findings, leg, "transfer", key, lookup, leg.AmountMinor, leg.TransferId);
    }

    private async Task CompareWithdrawalAsync(Findings findings, Leg leg, CancellationToken ct)
    {
        if (!LegMoneyStatuses.Withdrawn.Contains(leg.Status))
        {
            return;
        }

        var key = leg.WithdrawalMerchantUniqueId;
        if (leg.BeneficiaryAccountId is not > 0)
        {
            findings.Add(FindingKinds.UnverifiedAtHiPay, key, leg.InvoiceId, leg.Id, leg.Currency, leg.AmountMinor,
                $"{leg.Kind} leg {leg.Id} is {leg.Status} but names no wallet to look its withdrawal up in");
            return;
        }

        // Withdrawals are looked up on behalf of the wallet they left, as they were sent.
        var lookup = await wallet.GetTransactionAsync(key, HiPayAccountRef.ById(leg.BeneficiaryAccountId.Value), ct);
        CompareLookup(findings, leg, "withdrawal", key, lookup, leg.WithdrawnAmountMinor ?? leg.AmountMinor, leg.WithdrawId);
    }

    private static void CompareLookup(Findings findings, Leg leg, string what, string key, TransactionLookup lookup, long expectedMinor, string? recordedId)
    {
        var subject = string.Create(CultureInfo.InvariantCulture, $"{leg.Kind} leg {leg.Id} {what}");
        switch (lookup)
        {
            case TransactionLookup.Unknown unknown:
                findings.Add(FindingKinds.UnverifiedAtHiPay, key, leg.InvoiceId, leg.Id, leg.Currency, expectedMinor,
                    $"{subject}: HiPay lookup gave no answer ({unknown.Reason})");
                break;
            case TransactionLookup.NotFound:
                findings.Add(FindingKinds.MissingAtHiPay, key, leg.InvoiceId, leg.Id, leg.Currency, expectedMinor,
                    $"{subject}: the leg is {leg.Status} but HiPay has no {key}");
                break;
            case TransactionLookup.Found { Transaction: var found } when found.AmountMinor != expectedMinor:
                findings.Add(FindingKinds.AmountMismatchAtHiPay, key, leg.InvoiceId, leg.Id, leg.Currency, expectedMinor,
                    $"{subject}: leg {WalletAmount.Format(expectedMinor, leg.Currency)} {leg.Currency}, HiPay "
                    + (found.AmountMinor is { } amount ? $"{WalletAmount.Format(amount, found.Currency ?? leg.Currency)} {found.Currency}" : "no amount"));
                break;
            case TransactionLookup.Found { Transaction: var found } when recordedId is not null && !string.Equals(recordedId, found.TransactionId, StringComparison.Ordinal):
                findings.Add(FindingKinds.DuplicateAtHiPay, key, leg.InvoiceId, leg.Id, leg.Currency, expectedMinor,
                    $"{subject}: recorded {recordedId}, HiPay answers {found.TransactionId}");
                break;
        }
    }

    /// <summary>
    /// Reads HiPay's transaction list of the technical account and of every wallet the window's legs pay, from the
    /// window's start on (at most the span HiPay lists at once), and looks each transfer and withdrawal up among our
    /// keys: one with no leg, a generation we never minted, or one key booked twice is drift.
    /// </summary>
    private async Task CompareTransactionListAsync(Findings findings, CycleWindow window, List<Leg> windowLegs, CancellationToken ct)
    {
        var start = DateOnly.FromDateTime(window.Start.UtcDateTime);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var end = start.AddDays(HiPayWalletClient.MaxTransactionListDays);
        end = today < end ? today : end;
        end = end < start ? start : end;

        var accounts = new List<HiPayAccountRef?> { null };
        accounts.AddRange(windowLegs.Where(l => l.BeneficiaryAccountId is > 0).Select(l => l.BeneficiaryAccountId!.Value).Distinct().Order()
            .Select(id => (HiPayAccountRef?)HiPayAccountRef.ById(id)));
        var listed = new Dictionary<string, HiPayTransaction>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            IReadOnlyList<HiPayTransaction> page;
            try
            {
                page = await wallet.ListTransactionsAsync(start, end, account, ct: ct);
            }
            catch (HiPayWalletApiException ex)
            {
                var whose = account?.ToString() ?? "technical account";
                findings.Add(FindingKinds.UnverifiedAtHiPay, "list/" + whose, null, null, null, null,
                    $"HiPay's transaction list of the {whose} could not be read ({ex.Message})");
                continue;
            }

            foreach (var transaction in page)
            {
                // The same transfer is listed by its sender and by its recipient.
                listed.TryAdd(transaction.TransactionId, transaction);
            }
        }

        var ours = listed.Values.Select(t => (Transaction: t, Key: OurKey.Parse(t.MerchantReference)))
            .Where(t => t.Key is not null || IsTransferOrWithdrawal(t.Transaction))
            .ToList();
        var bases = ours.Where(t => t.Key is not null).Select(t => t.Key!.Value.Base).Distinct(StringComparer.Ordinal).ToList();
        var legs = new Dictionary<string, Leg>(StringComparer.Ordinal);
        await using (var db = createContext())
        {
            foreach (var chunk in bases.Chunk(200))
            {
                foreach (var leg in await db.Legs.AsNoTracking().Where(l => chunk.Contains(l.MerchantUniqueId)).ToListAsync(ct))
                {
                    legs[leg.MerchantUniqueId] = leg;
                }
            }
        }

        foreach (var (transaction, key) in ours)
        {
            var amount = transaction.AmountMinor;
            var money = amount is { } a && transaction.Currency is { } c ? $"{WalletAmount.Format(a, c)} {c}" : "no amount";
            if (key is not { } k)
            {
                findings.Add(FindingKinds.UnrecordedAtHiPay, "tx/" + transaction.TransactionId, null, null, transaction.Currency, amount,
                    $"HiPay {transaction.Type?.Trim()} {transaction.TransactionId} of {money} ({transaction.TransactionStatus}) carries no merchant reference of ours");
                continue;
            }

            if (!legs.TryGetValue(k.Base, out var leg))
            {
                findings.Add(FindingKinds.UnrecordedAtHiPay, transaction.MerchantReference!, null, null, transaction.Currency, amount,
                    $"HiPay {transaction.TransactionId} of {money} ({transaction.TransactionStatus}) for {transaction.MerchantReference}: no leg of ours");
            }
            else if (k.Generation > (k.IsTransfer ? leg.TransferGeneration : leg.WithdrawGeneration))
            {
                findings.Add(FindingKinds.UnrecordedAtHiPay, transaction.MerchantReference!, leg.InvoiceId, leg.Id, transaction.Currency, amount,
                    string.Create(CultureInfo.InvariantCulture,
                        $"HiPay {transaction.TransactionId} of {money} for {transaction.MerchantReference}: leg {leg.Id} never minted generation {k.Generation}"));
            }
        }

        foreach (var booked in ours.Where(t => t.Key is not null).GroupBy(t => t.Transaction.MerchantReference!, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = booked.First();
            var leg = legs.GetValueOrDefault(first.Key!.Value.Base);
            findings.Add(FindingKinds.DuplicateAtHiPay, booked.Key, leg?.InvoiceId, leg?.Id, first.Transaction.Currency, first.Transaction.AmountMinor,
                $"HiPay booked {booked.Key} {booked.Count()} times: {string.Join(", ", booked.Select(b => b.Transaction.TransactionId))}");
        }
    }

    /// <summary>
    /// Money left in wallets: each leg transferred and not withdrawn for longer than the idle limit, and each wallet
    /// whose balance (one GET per wallet holding such legs) exceeds what they add up to.
    /// </summary>
    private async Task CompareWalletsAsync(Findings findings, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var idleSince = now.AddDays(-settings.Reconciliation.WalletIdleDays);
        List<Leg> open;
        await using (var db = createContext())
        {
            var statuses = LegMoneyStatuses.InWallet.ToList();
            open = await db.Legs.AsNoTracking().Where(l => statuses.Contains(l.Status) && l.BeneficiaryAccountId != null).OrderBy(l => l.Id).ToListAsync(ct);
        }

        foreach (var leg in open)
        {
            var transferredAt = leg.TransferRequestedAt ?? leg.CreatedAt;
            if (transferredAt < idleSince)
            {
                var days = (int)(now - transferredAt).TotalDays;
                findings.Add(FindingKinds.MoneyLeftInWallet, leg.WithdrawalMerchantUniqueId, leg.InvoiceId, leg.Id, leg.Currency, leg.AmountMinor,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{leg.Kind} leg {leg.Id}: {WalletAmount.Format(leg.AmountMinor, leg.Currency)} {leg.Currency} transferred to wallet {leg.BeneficiaryAccountId} {days} days ago, still {leg.Status}"));
            }
        }

        foreach (var group in open.GroupBy(l => l.BeneficiaryAccountId!.Value).OrderBy(g => g.Key))
        {
            HiPayBalance balance;
            try
            {
                balance = await wallet.GetBalanceAsync(HiPayAccountRef.ById(group.Key), ct);
            }
            catch (HiPayWalletApiException ex)
            {
                findings.Add(FindingKinds.UnverifiedAtHiPay, "balance/" + group.Key.ToString(CultureInfo.InvariantCulture), null, null, null, null,
                    $"Balance of wallet {group.Key} could not be read ({ex.Message})");
                continue;
            }

            foreach (var line in balance.Balances.GroupBy(b => b.Currency, StringComparer.Ordinal))
            {
                var held = line.Sum(b => b.BalanceMinor);
                var explained = group.Where(l => string.Equals(l.Currency, line.Key, StringComparison.Ordinal)).Sum(l => l.AmountMinor);
                if (held > explained)
                {
                    findings.Add(FindingKinds.UnexplainedWalletBalance, string.Create(CultureInfo.InvariantCulture, $"wallet/{group.Key}/{line.Key}"), null, null,
                        line.Key, held - explained,
                        string.Create(CultureInfo.InvariantCulture,
                            $"Wallet {group.Key} holds {WalletAmount.Format(held, line.Key)} {line.Key}; its {group.Count()} leg(s) awaiting withdrawal explain {WalletAmount.Format(explained, line.Key)} {line.Key}"));
                }
            }
        }
    }

    private static bool IsTransferOrWithdrawal(HiPayTransaction transaction) =>
        transaction.Type?.Trim() is "Envoi" or "Retrait";

    private static string Subject(ReconciliationFinding finding) =>
        finding.InvoiceId is { } invoice ? "Invoice " + invoice
        : finding.LegId is { } leg ? "Leg " + leg.ToString(CultureInfo.InvariantCulture)
        : finding.Reference;

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;

    /// <summary>One of our merchant references read back: TRANSFER_/WITHDRAWAL_, the leg's key, and the generation suffix.</summary>
    private readonly partial record struct OurKey(bool IsTransfer, string Base, int Generation)
    {
        public static OurKey? Parse(string? reference)
        {
            bool isTransfer;
            string rest;
            if (reference is null)
            {
                return null;
            }

            if (reference.StartsWith(TransferPrefix, StringComparison.Ordinal))
            {
                isTransfer = true;
                rest = reference[TransferPrefix.Length..];
            }
            else if (reference.StartsWith(WithdrawalPrefix, StringComparison.Ordinal))
            {
                isTransfer = false;
                rest = reference[WithdrawalPrefix.Length..];
            }
            else
            {
                return null;
            }

            var match = GenerationSuffix().Match(rest);
            return match.Success
                ? new OurKey(isTransfer, match.Groups[1].Value, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
                : new OurKey(isTransfer, rest, 0);
        }

        [GeneratedRegex(@"^(.+)_G([1-9][0-9]{0,8})$", RegexOptions.CultureInvariant)]
        private static partial Regex GenerationSuffix();
    }

    /// <summary>The run's findings, one per kind and reference (the first wins; a second look at the same thing adds nothing).</summary>
    private sealed class Findings
    {
        private readonly HashSet<(string, string)> _seen = [];

        public List<ReconciliationFinding> List { get; } = [];

        public void Add(string kind, string reference, string? invoiceId, long? legId, string? currency, long? amountMinor, string detail)
        {
            reference = Truncate(reference, ReconciliationFinding.ReferenceLength);
            if (_seen.Add((kind, reference)))
            {
                List.Add(new ReconciliationFinding
                {
                    Kind = kind, Reference = reference, InvoiceId = invoiceId, LegId = legId, Currency = currency, AmountMinor = amountMinor,
                    Detail = Truncate(detail, ReconciliationFinding.DetailLength),
                });
            }
        }
    }
}
