using HiPayMirakl.Core.Features.WalletNotifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Web;

/// <summary>Applies stored notifications shortly after they are acknowledged, and retries the ones that failed.</summary>
public sealed partial class InboxProcessingService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<InboxProcessingService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var processor = scope.ServiceProvider.GetRequiredService<WalletNotificationProcessor>();
                while (await processor.ProcessPendingAsync(50, stoppingToken) > 0)
                {
                    // Drain what is waiting before sleeping again.
                }

                await scope.ServiceProvider.GetRequiredService<Core.Features.Payouts.PayoutNotificationProcessor>().ProcessPendingAsync(200, stoppingToken);
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

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
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
