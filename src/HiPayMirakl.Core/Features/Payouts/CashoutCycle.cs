using HiPayMirakl.Core.Configuration;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// The whole cash-out in order: generate → transfer → status sync → withdraw. Each step is safe to re-run, so a
/// cycle interrupted anywhere is finished by running it again.
/// </summary>
public sealed class CashoutCycle(
    CashoutGenerator generator,
    PayoutExecutor executor,
    PayoutStatusSync statusSync,
    ConnectorSettings settings,
    TimeProvider clock)
{
    /// <summary>The window for an explicit cycle date (local date in the cycle time zone) or for now.</summary>
    public CycleWindow ResolveWindow(DateOnly? cycleDate, TimeSpan? before = null, TimeSpan? after = null)
    {
        var options = settings.Cycle;
        var calendar = new CycleCalendar(options.Days, options.Hour, options.Minute,
            TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone), before ?? options.IntervalBefore, after ?? options.IntervalAfter);
        return cycleDate is { } date ? calendar.WindowOf(calendar.InstantOf(date)) : calendar.WindowAt(clock.GetUtcNow());
    }

    public async Task RunAsync(CycleWindow window, Func<string, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var generated = await generator.GenerateAsync(window, ct);
        await progress("generate: " + generated);
        var transferred = await executor.TransferAsync(ct);
        await progress("transfer: " + transferred);
        var synced = await statusSync.SyncAsync(ct);
        await progress("status-sync: " + synced);
        var withdrawn = await executor.WithdrawAsync(ct);
        await progress("withdraw: " + withdrawn);
    }
}
