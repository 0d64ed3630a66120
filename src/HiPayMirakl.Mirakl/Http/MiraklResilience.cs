using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace HiPayMirakl.Mirakl.Http;

/// <summary>
/// The client's single resilience pipeline. Retry (outer) then a per-attempt timeout (inner).
/// GETs are retried on transient failures with jittered exponential back-off; every method is retried on 429,
/// because a 429 means Mirakl did not process the request; a PUT is never retried on anything else, since a 5xx
/// or a timeout may come after the update was applied.
/// </summary>
internal sealed class MiraklResilience
{
    /// <summary>Set per call: may a transient failure (not only 429) be retried?</summary>
    public static readonly ResiliencePropertyKey<bool> RetryTransientFailures = new("mirakl.retry-transient");

    public MiraklResilience(MiraklClientOptions options, TimeProvider timeProvider, ILogger<MiraklResilience>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var log = (ILogger?)logger ?? NullLogger.Instance;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, options, timeProvider)),
                // A 429 waits what Mirakl asked; null falls back to the back-off schedule.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } r
                        ? RetryAfter.From(r, timeProvider.GetUtcNow())
                        : null),
                // Operation and status only: URLs carry shop ids at most, but headers carry the key, so none are logged.
                OnRetry = args =>
                {
                    log.LogWarning(args.Outcome.Exception,
                        "Mirakl {Operation} attempt {Attempt} failed ({Status}); retrying in {Delay}",
                        args.Context.OperationKey, args.AttemptNumber + 1,
                        args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                            : args.Outcome.Exception?.GetType().Name, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(options.Timeout);
        Pipeline = builder.Build();
    }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context,
        MiraklClientOptions options, TimeProvider timeProvider)
    {
        if (outcome.Result is { } response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = RetryAfter.From(response, timeProvider.GetUtcNow());
                return wait is null || wait <= options.MaxRetryAfter;
            }

            return context.Properties.GetValue(RetryTransientFailures, false) && IsTransientStatus(response.StatusCode);
        }

        if (!context.Properties.GetValue(RetryTransientFailures, false) || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return outcome.Exception is HttpRequestException or TimeoutRejectedException;
    }

    internal static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
