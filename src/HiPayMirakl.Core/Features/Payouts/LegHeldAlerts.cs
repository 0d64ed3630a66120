using System.Globalization;
using System.Runtime.CompilerServices;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// Raises <c>leg.held</c> when a leg becomes TransferHeld or WithdrawHeld, whichever code moved it: every move writes
/// its log_legs row through <see cref="LegJournal"/>, and this looks at those rows as they are saved. The alert is
/// raised only once the commit succeeded, so a move that was refused (a lost claim, a conflict) alerts nobody.
/// A hold by an operator is a warning (they know); a hold by the connector is an error (someone must decide).
/// </summary>
public sealed class LegHeldAlerts(IAlertSink sink) : SaveChangesInterceptor
{
    public const string Kind = "leg.held";

    private readonly ConditionalWeakTable<DbContext, List<LegLogEntry>> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData?.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Raise(eventData?.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Raise(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData?.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData?.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData?.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData?.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var held = context.ChangeTracker.Entries<LegLogEntry>()
            .Where(e => e.State == EntityState.Added && IsHeld(e.Entity.ToStatus) && e.Entity.FromStatus != e.Entity.ToStatus && e.Entity.Leg is not null)
            .Select(e => e.Entity)
            .ToList();
        if (held.Count > 0)
        {
            _pending.AddOrUpdate(context, held);
        }
    }

    private void Raise(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var held))
        {
            return;
        }

        _pending.Remove(context);
        foreach (var entry in held)
        {
            var leg = entry.Leg!;
            var byOperator = entry.Actor is not null;
            var shop = leg.MiraklShopId is { } shopId ? "shop " + shopId.ToString(CultureInfo.InvariantCulture) : "no shop";
            var subject = string.Create(CultureInfo.InvariantCulture,
                $"Leg {leg.Id} held ({leg.Kind}, {shop}, {Amount(leg.AmountMinor, leg.Currency)}): {entry.Message}");
            var next = byOperator ? $"Held by {entry.Actor}." : "Nothing is sent for it until an operator releases it (cashout:leg release).";
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"Leg {leg.Id} of invoice {leg.InvoiceId ?? "-"} went from {entry.FromStatus} to {entry.ToStatus} after {leg.AttemptCount} attempts.\n{next}");
            sink.Raise(new Alert(Kind, byOperator ? AlertSeverity.Warning : AlertSeverity.Error, subject, detail,
                leg.Id.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private static bool IsHeld(LegStatus? status) => status is LegStatus.TransferHeld or LegStatus.WithdrawHeld;

    /// <summary>The amount for a reader; a currency we cannot format (one reason to hold a leg) shows in minor units.</summary>
    internal static string Amount(long minor, string currency) =>
        Currency.TryOf(currency, out var known)
            ? new Money.Money(minor, known).ToString()
            : string.Create(CultureInfo.InvariantCulture, $"{minor} minor units of {currency}");
}
