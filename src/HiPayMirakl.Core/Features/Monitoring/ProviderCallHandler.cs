using System.Net;

namespace HiPayMirakl.Core.Features.Monitoring;

/// <summary>
/// Sits next to the wire on a provider's HttpClient: every attempt (retries included) is counted by outcome and
/// reported to the outage monitor. It observes only; the answer or the exception goes back to the caller unchanged.
/// </summary>
public sealed class ProviderCallHandler(string api, ConnectorMetrics metrics, ProviderOutageMonitor outages) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ProviderCallOutcome outcome;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            outcome = Classify(response.StatusCode);
            Record(outcome);
            return response;
        }
        catch (OperationCanceledException)
        {
            // HttpClient's timeout and the per-attempt timeouts of the resilience pipelines arrive as a cancellation.
            Record(ProviderCallOutcome.Timeout);
            throw;
        }
        catch (HttpRequestException)
        {
            Record(ProviderCallOutcome.TransportError);
            throw;
        }
        catch (IOException)
        {
            Record(ProviderCallOutcome.TransportError);
            throw;
        }
    }

    public static ProviderCallOutcome Classify(HttpStatusCode status) => (int)status switch
    {
        429 => ProviderCallOutcome.Throttled,
        >= 500 => ProviderCallOutcome.ServerError,
        >= 400 => ProviderCallOutcome.ClientError,
        _ => ProviderCallOutcome.Ok,
    };

    private void Record(ProviderCallOutcome outcome)
    {
        metrics.ProviderCall(api, outcome);
        outages.Record(api, outcome);
    }
}
