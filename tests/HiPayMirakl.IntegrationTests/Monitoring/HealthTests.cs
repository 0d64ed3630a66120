using System.Net;
using System.Text.Json;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using HiPayMirakl.Web;

namespace HiPayMirakl.IntegrationTests.Monitoring;

public sealed class HealthTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ready_EverythingUp_Is200WithOneEntryPerDependency(DatabaseProvider provider)
    {
        // Every dependency answers; a loaded test machine must not turn a slow answer into "down" (the 2 s production
        // default is for a real outage, and the failing cases below are tested on their own).
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false, enterprise: _ => { },
            configure: s => s.Monitoring.ReadinessTimeout = TimeSpan.FromSeconds(30));
        var viewer = await harness.ClientAsync(ConnectorPolicies.Viewer);

        var (status, body) = await GetAsync(viewer, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal(["database", "hipay-enterprise", "hipay-wallet", "mirakl"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("up", c.Value.GetProperty("status").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ready_MiraklFailing_Is503NamingItWithoutSecrets(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await harness.MiraklControl.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 500, method = "GET", pathRegex = "^/api/documents$" });
        var viewer = await harness.ClientAsync(ConnectorPolicies.Viewer);

        var (status, body) = await GetAsync(viewer, "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var checks = body.GetProperty("checks");
        Assert.Equal("down", checks.GetProperty("mirakl").GetProperty("status").GetString());
        Assert.Equal("up", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("up", checks.GetProperty("hipay-wallet").GetProperty("status").GetString());
        Assert.Equal("not-configured", checks.GetProperty("hipay-enterprise").GetProperty("status").GetString());
        var text = body.GetRawText();
        Assert.DoesNotContain(harness.Settings.Mirakl.OperatorKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Settings.HiPayWallet.WsPassword, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_AskedAgainWithinTheCacheDuration_DoesNotCallTheProvidersAgain()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var viewer = await harness.ClientAsync(ConnectorPolicies.Viewer);

        for (var i = 0; i < 5; i++)
        {
            var (status, _) = await GetAsync(viewer, "/health/ready");
            Assert.Equal(HttpStatusCode.OK, status);
        }

        var journal = await harness.MiraklControl.GetSimAsync("/_sim/journal");
        Assert.Single(journal.EnumerateArray(), e => e.GetProperty("path").GetString() == "/api/documents");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Live_IsAnonymous_ReadyIsNot(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);

        using var live = await harness.WebClient.GetAsync("/health/live");
        using var ready = await harness.WebClient.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ready.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
