using System.Net;
using HiPayMirakl.Mirakl;
using HiPayMirakl.Mirakl.Http;
using Polly;
using Polly.Timeout;

namespace HiPayMirakl.UnitTests.Mirakl;

public sealed class MiraklOptionsAndResilienceTests
{
    private static MiraklClientOptions Valid() => new() { BaseUrl = new Uri("https://acme.mirakl.net"), OperatorKey = "secret-key" };

    [Fact]
    public void Validate_Defaults_Valid()
    {
        Assert.Empty(Valid().Validate());
    }

    [Fact]
    public void Validate_MissingKeyAndBadUrl_NamesEachKey()
    {
        var o = new MiraklClientOptions { BaseUrl = new Uri("ftp://x"), OperatorKey = " ", RequestsPerSecond = 0, MaxRetries = -1 };

        var errors = o.Validate();

        Assert.Contains(errors, e => e.Contains("Mirakl:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mirakl:OperatorKey", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mirakl:RequestsPerSecond", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mirakl:MaxRetries", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateOrThrow_InvalidTimeout_MessageHasNoKeyValue()
    {
        var o = Valid();
        o.Timeout = TimeSpan.Zero;

        var ex = Assert.Throws<ArgumentException>(o.ValidateOrThrow);

        Assert.Contains("Mirakl:Timeout", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(true, HttpStatusCode.InternalServerError, true)]
    [InlineData(true, HttpStatusCode.BadRequest, false)]
    [InlineData(true, HttpStatusCode.Unauthorized, false)]
    [InlineData(false, HttpStatusCode.InternalServerError, false)]
    [InlineData(false, HttpStatusCode.ServiceUnavailable, false)]
    [InlineData(false, HttpStatusCode.TooManyRequests, true)]
    [InlineData(true, HttpStatusCode.TooManyRequests, true)]
    public void ShouldRetry_ByMethodKindAndStatus_Decides(bool retryTransient, HttpStatusCode status, bool expected)
    {
        using var response = new HttpResponseMessage(status);
        response.Headers.TryAddWithoutValidation("Retry-After", "1");

        Assert.Equal(expected, Decide(retryTransient, Outcome.FromResult(response)));
    }

    [Fact]
    public void ShouldRetry_429AskingLongerThanCap_NotRetried()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "3600");

        Assert.False(Decide(true, Outcome.FromResult(response)));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void ShouldRetry_TransportFailures_OnlyWhenTransientRetriesAllowed(bool retryTransient, bool expected)
    {
        Assert.Equal(expected, Decide(retryTransient, Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset"))));
        Assert.Equal(expected, Decide(retryTransient, Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
    }

    private static bool Decide(bool retryTransient, Outcome<HttpResponseMessage> outcome)
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            context.Properties.Set(MiraklResilience.RetryTransientFailures, retryTransient);
            return MiraklResilience.ShouldRetry(outcome, context, Valid(), TimeProvider.System);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
