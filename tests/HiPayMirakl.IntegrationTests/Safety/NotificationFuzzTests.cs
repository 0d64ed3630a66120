using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;

namespace HiPayMirakl.IntegrationTests.Safety;

/// <summary>
/// The short version of the fuzzing run (bench/chaos `fuzz` sends 100,000 per endpoint): generated, mutated, forged
/// and hostile notifications at both notification endpoints.
/// </summary>
public sealed class NotificationFuzzTests
{
    private const int Cases = 2_500;

    [Fact]
    public async Task WalletEndpoint_ThousandsOfGeneratedNotifications_No5xxNoForgedAcceptedNoRowFromARefusedBody()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var fuzzer = new NotificationFuzzer(harness, seed: 14);
        await fuzzer.SeedAsync();

        var report = await fuzzer.WalletAsync(Cases);

        AssertClean(report);
    }

    [Fact]
    public async Task EnterpriseEndpoint_ThousandsOfGeneratedNotifications_No5xxNoForgedAcceptedNoRowFromARefusedBody()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false, enterprise: _ => { });
        var fuzzer = new NotificationFuzzer(harness, seed: 14);

        var report = await fuzzer.EnterpriseAsync(Cases);

        AssertClean(report);
    }

    private static void AssertClean(FuzzEndpointReport report)
    {
        var failures = string.Join('\n', report.Failures);
        Assert.True(report.ServerErrors == 0 && report.NoAnswer == 0, failures);
        Assert.True(report.ForgedAccepted == 0, failures);
        Assert.True(report.RowsFromRefusedBodies == 0, failures);
        // The generator must have produced every family, and the endpoint must have both accepted and refused some.
        Assert.True(report.ForgedCases > Cases / 5, $"only {report.ForgedCases} forged cases");
        Assert.InRange(report.Accepted, 1, report.Cases - report.ForgedCases);
        Assert.InRange(report.InboxRowsAfter - report.InboxRowsBefore, 1, report.Accepted);
    }
}
