using System.Net;
using Simulators.Tests.TestSupport;

namespace Simulators.Tests.Mirakl;

public sealed class MiraklAuthTests : MiraklSimulatorTestBase
{
    [Fact]
    public async Task Shops_RawOperatorKey_Returns200()
    {
        using var r = await Client.GetAsync("api/shops");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Shops_BearerOperatorKey_Returns200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/shops");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + OperatorKey);
        using var r = await Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("Bearer wrong-key")]
    [InlineData("front-key")]
    public async Task Shops_MissingOrWrongKey_Returns401WithMiraklBody(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/shops");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var r = await Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var body = await ReadJsonAsync(r);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Equal("Unauthorized", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Download_FrontKey_IsAcceptedOnlyThere()
    {
        await PostControlAsync("_sim/mirakl/documents",
            """{"shop_id":2001,"type":"ALL_PROOF_OF_BANK_ACCOUNT","file_name":"rib.pdf","content_base64":"JVBERi0xLjQK"}""");
        var docs = await GetJsonAsync("api/shops/documents?shop_ids=2001");
        var id = docs.GetProperty("shop_documents")[0].GetProperty("id").GetInt64();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/shops/documents/download?document_ids={id}");
        request.Headers.TryAddWithoutValidation("Authorization", "front-key");
        using var r = await Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Version_WithoutKey_Returns3210()
    {
        using var r = await Anonymous.GetAsync("api/version");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("3.210", (await ReadJsonAsync(r)).GetProperty("version").GetString());
    }
}
