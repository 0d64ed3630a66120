using System.Net;
using System.Text.Json;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;

namespace HiPayMirakl.IntegrationTests.Web;

public sealed class HostEndpointsTests
{
    [Fact]
    public async Task OpenApi_Document_DescribesTheAdminApiAndNotificationEndpoints()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);

        using var response = await (await harness.ClientAsync(ConnectorRoles.Viewer)).GetAsync("/openapi/v1.json");
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        var names = paths.EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/notifications/hipay-wallet", names);
        Assert.Contains("/notifications/hipay-enterprise", names);
        Assert.Contains(names, n => n.StartsWith("/api/sdd/", StringComparison.Ordinal));
        Assert.Contains("/api/legs/{id}/hold", names);
        Assert.Contains("/api/users", names);
    }

    [Fact]
    public async Task UnknownRoute_IsProblemDetails404()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);

        using var response = await harness.WebClient.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
