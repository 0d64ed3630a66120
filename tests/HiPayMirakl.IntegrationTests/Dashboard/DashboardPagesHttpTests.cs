using System.Globalization;
using System.Net;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;

namespace HiPayMirakl.IntegrationTests.Dashboard;

/// <summary>
/// The overview, vendors and legs pages render for a viewer over seeded rows on both providers, so PostgreSQL runs
/// their queries too (the browser tests run on SQLite).
/// </summary>
public sealed class DashboardPagesHttpTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_AsViewerWithSeededRows_Render200(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var seeded = await DashboardWorld.SeedAsync(harness);
        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
        var pages = new Dictionary<string, string>
        {
            ["/legs"] = "113.25 EUR",
            ["/legs?status=WithdrawSuccess&cycle=2026-03-11&currency=EUR&shop=2101&min=100&max=200.5"] = "113.25 EUR",
            ["/legs?currency=JPY&min=15000&max=15000"] = "15,000 JPY",
            ["/legs/" + Id(seeded.PaidLegId)] = "TRANSFER_",
            ["/legs/" + Id(seeded.HeldLegId)] = "WithdrawHeld",
            ["/vendors"] = "Cave du Sud",
            ["/vendors?q=BRICO&kyc=yes&bank=Validated&blocked=no&disabled=no&sort=Email&dir=desc"] = "Brico Nord",
            ["/vendors?q=2103&sort=Created"] = "Cave du Sud",
            ["/vendors/" + Id(seeded.BlockedVendorId)] = "/legs/" + Id(seeded.HeldLegId),
            ["/"] = "held: an operator decides",
        };
        foreach (var (url, expected) in pages)
        {
            using var response = await viewer.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            Assert.Contains(expected, body, StringComparison.Ordinal);
        }

        using var missing = await viewer.GetAsync("/legs/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
