using System.Net;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;

namespace HiPayMirakl.IntegrationTests.Dashboard;

/// <summary>The operations pages over HTTP on both databases: each renders its seeded rows, and the CSV export is well formed.</summary>
public sealed class OperationsPagesHttpTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OperationsPages_ForViewerWithSeededRows_Render200(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var seeded = await OperationsSeed.SeedAsync(harness);
        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);

        async Task<string> GetAsync(string url, HttpClient? client = null)
        {
            using var response = await (client ?? viewer).GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
            return body;
        }

        var jobs = await GetAsync("/jobs");
        Assert.Contains("data-job=\"vendor-sync\"", jobs, StringComparison.Ordinal);
        Assert.Contains("3 transferred", jobs, StringComparison.Ordinal);
        Assert.DoesNotContain("/run\"", jobs, StringComparison.Ordinal);
        var failedOnly = await GetAsync("/jobs?job=reconcile&status=Failed");
        Assert.Contains("boom", failedOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("3 transferred", failedOnly, StringComparison.Ordinal);

        var dead = await GetAsync("/notifications?state=DeadLetter");
        Assert.Contains($"data-inbox=\"{seeded.DeadLetterId}\"", dead, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-inbox=\"{seeded.AppliedId}\"", dead, StringComparison.Ordinal);
        var processed = await GetAsync("/notifications?state=Processed&source=HiPayEnterprise");
        Assert.Contains($"data-inbox=\"{seeded.AppliedId}\"", processed, StringComparison.Ordinal);

        // The detail shows the body's fields but neither the signature, nor the salt, nor the full IBAN.
        foreach (var id in new[] { seeded.DeadLetterId, seeded.AppliedId })
        {
            var detail = await GetAsync($"/notifications/{id}");
            Assert.DoesNotContain(OperationsSeed.Salt, detail, StringComparison.Ordinal);
            Assert.DoesNotContain(OperationsSeed.Md5, detail, StringComparison.Ordinal);
            Assert.DoesNotContain(OperationsSeed.Iban, detail, StringComparison.Ordinal);
            Assert.DoesNotContain("feedbeef", detail, StringComparison.Ordinal);
        }

        Assert.Contains("bank_info_validation", await GetAsync($"/notifications/{seeded.DeadLetterId}"), StringComparison.Ordinal);
        Assert.Contains("800000001", await GetAsync($"/notifications/{seeded.AppliedId}"), StringComparison.Ordinal);

        var vendorLog = await GetAsync("/logs?log=Vendor&shop=12&level=Warning");
        Assert.Contains($"data-log=\"{seeded.VendorLogIds[3]}\"", vendorLog, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-log=\"{seeded.VendorLogIds[0]}\"", vendorLog, StringComparison.Ordinal);
        Assert.Contains("generated from invoice INV-1", await GetAsync("/logs?log=Leg&shop=11&q=INVOICE"), StringComparison.Ordinal);
        Assert.Contains("wallet balance low", await GetAsync("/logs?log=General&level=Warning&q=balance"), StringComparison.Ordinal);

        // CSV of shop 11 over days 2 to 6 (operator's zone): rows 2 and 4 and 6 (the formula), newest first.
        using var csvResponse = await viewer.GetAsync("/logs?log=Vendor&shop=11&from=2026-03-03T00:00&to=2026-03-08T00:00&handler=csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var lines = (await csvResponse.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.StartsWith("id,time (", lines[0], StringComparison.Ordinal);
        var ids = lines.Skip(1).Where(l => l.Length > 0).Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([seeded.VendorLogIds[6], seeded.VendorLogIds[4], seeded.VendorLogIds[2]], ids);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",", lines[1], StringComparison.Ordinal);

        var admin = await harness.ClientAsync(ConnectorRoles.Admin);
        Assert.Contains("tests-viewer", await GetAsync("/admin/users", admin), StringComparison.Ordinal);
        using var refused = await viewer.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
