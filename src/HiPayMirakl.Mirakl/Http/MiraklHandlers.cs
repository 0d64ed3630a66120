using System.Net.Http.Headers;

namespace HiPayMirakl.Mirakl.Http;

/// <summary>Adds the operator key to each request (each retry is a new request, so each gets it).</summary>
internal sealed class MiraklAuthHandler(MiraklClientOptions options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The raw key is not a valid "scheme parameter" credential, so it goes in without validation.
        request.Headers.TryAddWithoutValidation("Authorization", options.AuthorizationValue());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Takes a token from the shared bucket before every attempt, retries included.</summary>
internal sealed class MiraklRateLimitHandler(MiraklRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
