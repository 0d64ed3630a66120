using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Alerts;

/// <summary>
/// Drains the alert queue into the alert log as alerts arrive, and sends the digest when its window has passed.
/// Sleeps until new alerts are queued or the next digest is due (on the injected clock). A database or SMTP failure
/// is logged and retried on the next pass; the queue keeps what could not be stored yet.
/// </summary>
public sealed partial class AlertingService(
    QueuedAlertSink sink,
    AlertDigestMailer mailer,
    TimeProvider clock,
    ILogger<AlertingService> logger) : BackgroundService
{
    /// <summary>Longest sleep between two looks at the digest: another process may have stored alerts meanwhile.</summary>
    private static readonly TimeSpan MaxIdle = TimeSpan.FromMinutes(1);

    /// <summary>Pause after a failed pass, so that an unreachable database is not hammered by queued alerts.</summary>
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? due = null;
            var failed = false;
            try
            {
                await sink.StoreQueuedAsync(stoppingToken);
                await mailer.SendDueAsync(stoppingToken);
                due = await mailer.NextDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive a database or SMTP hiccup: the next pass retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failed = true;
                using (AlertingScope.Enter())
                {
                    PassFailed(logger, ex);
                }
            }

            if (failed)
            {
                await WaitAsync(AfterFailure, wakeOnAlert: false, stoppingToken);
                continue;
            }

            var sleep = MaxIdle;
            if (due is { } at)
            {
                var untilDue = at - clock.GetUtcNow();
                sleep = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue < sleep ? untilDue : sleep;
            }

            if (sleep > TimeSpan.Zero)
            {
                await WaitAsync(sleep, wakeOnAlert: true, stoppingToken);
            }
        }
    }

    /// <summary>Stores what is still queued before the host stops.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await sink.StoreQueuedAsync(cancellationToken);
        }
#pragma warning disable CA1031 // Stopping must complete; the sources logged their alerts when they raised them.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            using (AlertingScope.Enter())
            {
                PassFailed(logger, ex);
            }
        }
    }

    private async Task WaitAsync(TimeSpan sleep, bool wakeOnAlert, CancellationToken stoppingToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var queued = wakeOnAlert ? sink.WaitToReadAsync(wake.Token).AsTask() : Task.Delay(Timeout.Infinite, wake.Token);
        var timer = Task.Delay(sleep, clock, wake.Token);
        await Task.WhenAny(queued, timer);
        await wake.CancelAsync();
        try
        {
            await Task.WhenAll(queued, timer);
        }
        catch (OperationCanceledException)
        {
            // The other wait was cancelled on purpose (or the host is stopping: the loop sees it).
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alerting pass failed; retrying on the next pass")]
    private static partial void PassFailed(ILogger logger, Exception exception);
}
