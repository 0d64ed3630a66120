using HiPayMirakl.Core.Features.Inbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Web;

/// <summary>
/// Drives the inbox dispatcher in the background: batch after batch while rows are due, then waits for a receiver's
/// wake-up (a notification just stored) or the idle poll, whichever comes first. A database error is logged and
/// the loop goes on after the idle poll.
/// </summary>
public sealed partial class InboxProcessingService(
    InboxDispatcher dispatcher,
    InboxSignal signal,
    InboxOptions options,
    TimeProvider clock,
    ILogger<InboxProcessingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = 0;
            try
            {
                ran = await dispatcher.DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must survive a database hiccup; the next pass retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PassFailed(logger, ex);
            }

            if (ran > 0)
            {
                // More may be due: no sleep while work is queued.
                continue;
            }

            try
            {
                await signal.WaitAsync(options.IdlePollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbox processing pass failed; retrying")]
    private static partial void PassFailed(ILogger logger, Exception exception);
}
