using System.Globalization;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>One difference between Mirakl's invoices, our legs and HiPay's transactions.</summary>
public sealed record ReconciliationIssue(string Kind, string InvoiceId, string Detail);

/// <summary>
/// Compares, for a cycle window, what Mirakl says is owed (IV01), what we recorded (legs) and what HiPay moved
/// (transactions looked up by their merchant_unique_id). Read-only: it reports drift, it never repairs it.
/// </summary>
public sealed class PayoutReconciler(Func<ConnectorDbContext> createContext, IMiraklClient mirakl, HiPayWalletClient wallet, IAlertSink alerts)
{
    public const string DriftAlertKind = "reconciliation.drift";

    private static readonly LegStatus[] Transferred =
    [
        LegStatus.TransferRequested, LegStatus.TransferSuccess, LegStatus.WithdrawRequested, LegStatus.WithdrawSuccess,
        LegStatus.WithdrawUnknown, LegStatus.WithdrawFailed, LegStatus.WithdrawNegative, LegStatus.WithdrawPaymentBlocked,
        LegStatus.WithdrawVendorDisabled, LegStatus.WithdrawHeld, LegStatus.WithdrawCanceled,
    ];

    public async Task<IReadOnlyList<ReconciliationIssue>> ReconcileAsync(CycleWindow window, CancellationToken ct)
    {
        var issues = new List<ReconciliationIssue>();
        await using var db = createContext();
        await foreach (var invoice in mirakl.GetInvoicesAsync(window.Start, window.End, MiraklInvoiceTypes.AutoInvoice, ct: ct))
        {
            var invoiceId = invoice.InvoiceId.ToString(CultureInfo.InvariantCulture);
            var legs = await db.Legs.AsNoTracking().Where(l => l.InvoiceId == invoiceId).ToListAsync(ct);
            var currency = (invoice.CurrencyIsoCode ?? "EUR").ToUpperInvariant();
            await CheckAsync(issues, invoiceId, legs, LegKind.SellerPayout, invoice.Summary?.AmountTransferred, currency, always: true, ct);
            await CheckAsync(issues, invoiceId, legs, LegKind.OperatorCommission, invoice.Summary?.AmountTransferredToOperator, currency, always: false, ct);
        }

        // Each difference is its own alert, keyed by invoice and kind: the digest names every invoice, and a daily run
        // that finds the same drift again repeats it.
        foreach (var issue in issues)
        {
            alerts.Raise(new Alert(
                DriftAlertKind,
                AlertSeverity.Error,
                $"Invoice {issue.InvoiceId}: {issue.Kind}",
                string.Create(CultureInfo.InvariantCulture, $"{issue.Detail}\nCycle window {window.Start:yyyy-MM-dd HH:mm}–{window.End:yyyy-MM-dd HH:mm} UTC."),
                issue.InvoiceId + "/" + issue.Kind));
        }

        return issues;
    }

    private async Task CheckAsync(List<ReconciliationIssue> issues, string invoiceId, List<Leg> legs, LegKind kind, decimal? owed,
        string currency, bool always, CancellationToken ct)
    {
        long owedMinor;
        try
        {
            owedMinor = WalletAmount.ToMinor(owed ?? 0m, currency);
        }
        catch (FormatException ex)
        {
            issues.Add(new ReconciliationIssue("unreadable-amount", invoiceId, ex.Message));
            return;
        }

        var matching = legs.Where(l => l.Kind == kind).ToList();
        if (matching.Count == 0)
        {
            if (always || owedMinor > 0)
            {
                issues.Add(new ReconciliationIssue("missing-leg", invoiceId, $"{kind} owed {WalletAmount.Format(owedMinor, currency)} {currency}, no leg"));
            }

            return;
        }

        if (matching.Count > 1)
        {
            issues.Add(new ReconciliationIssue("duplicate-leg", invoiceId, $"{matching.Count} {kind} legs"));
        }

        var leg = matching[0];
        if (leg.OriginAmountMinor != owedMinor || !string.Equals(leg.Currency, currency, StringComparison.Ordinal))
        {
            issues.Add(new ReconciliationIssue("amount-mismatch", invoiceId,
                $"{kind}: invoice {WalletAmount.Format(owedMinor, currency)} {currency}, leg {WalletAmount.Format(leg.OriginAmountMinor, leg.Currency)} {leg.Currency}"));
        }

        if (!Transferred.Contains(leg.Status))
        {
            return;
        }

        var lookup = await wallet.GetTransactionAsync(leg.TransferMerchantUniqueId, null, ct);
        if (lookup is TransactionLookup.Unknown unknown)
        {
            issues.Add(new ReconciliationIssue("unverified-at-hipay", invoiceId, $"{kind} leg {leg.Id}: HiPay lookup gave no answer ({unknown.Reason})"));
        }
        else if (lookup is not TransactionLookup.Found { Transaction: var found })
        {
            issues.Add(new ReconciliationIssue("missing-at-hipay", invoiceId, $"{kind} leg {leg.Id} is {leg.Status} but HiPay has no {leg.TransferMerchantUniqueId}"));
        }
        else if (found.AmountMinor != leg.AmountMinor)
        {
            issues.Add(new ReconciliationIssue("amount-mismatch-at-hipay", invoiceId,
                string.Create(CultureInfo.InvariantCulture, $"{kind} leg {leg.Id}: leg {leg.AmountMinor}, HiPay {found.AmountMinor} (minor units)")));
        }
        else if (leg.TransferId is { } id && !string.Equals(id, found.TransactionId, StringComparison.Ordinal))
        {
            issues.Add(new ReconciliationIssue("duplicate-at-hipay", invoiceId, $"{kind} leg {leg.Id}: recorded {id}, HiPay answers {found.TransactionId}"));
        }

    }
}
