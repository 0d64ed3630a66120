using System.Net;
using HiPayMirakl.Mirakl;

namespace HiPayMirakl.UnitTests.Mirakl;

public sealed class MiraklRequestIdTests
{
    [Theory]
    [InlineData("X-Request-Id")]
    [InlineData("X-Mirakl-Request-Id")]
    [InlineData("X-Correlation-Id")]
    public void RequestId_KnownHeader_Read(string header)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        response.Headers.TryAddWithoutValidation(header, "abc-123");

        Assert.Equal("abc-123", MiraklClient.RequestId(response));
    }

    [Fact]
    public void RequestId_NoHeader_Null()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);

        Assert.Null(MiraklClient.RequestId(response));
    }
}
