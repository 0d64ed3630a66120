using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.Reconciliation;

/// <summary>The reconciliation over HTTP: operators run it, viewers read runs and findings; and our client's paged transaction list.</summary>
public sealed class ReconciliationApiTests
{
    [Fact]
    public async Task RunEndpoint_Viewer_Forbidden_NoRunStored()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);

        using var response = await viewer.PostAsync("/api/reconciliation/run", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = harness.CreateDbContext();
        Assert.False(await db.ReconciliationRuns.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunEndpoint_Operator_StoresApiRunThatViewersReadWithFindingsByKind(DatabaseProvider provider)
    {
        // The latest cycle of "now" is reconciled: its invoice has no leg.
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await PayoutWorld.SeedVendorAsync(harness, 2001);
        var latest = CycleCalendar.FromOptions(harness.Settings.Cycle).WindowAt(DateTimeOffset.UtcNow);
        await PayoutWorld.SeedInvoiceAsync(harness, 9701, 2001, 12.00m, 0m, created: latest.CycleInstant.AddHours(-1));
        var operatorClient = await harness.ClientAsync(ConnectorRoles.Operator);
        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);

        using var run = await operatorClient.PostAsync("/api/reconciliation/run", null);
        var runBody = await run.Content.ReadFromJsonAsync<JsonElement>();
        using var runs = await viewer.GetAsync("/api/reconciliation/runs");
        var id = runBody.GetProperty("id").GetInt64();
        var missing = await viewer.GetFromJsonAsync<JsonElement>($"/api/reconciliation/runs/{id}?kind=missing-leg");
        var none = await viewer.GetFromJsonAsync<JsonElement>($"/api/reconciliation/runs/{id}?kind=duplicate-leg");
        using var badKind = await viewer.GetAsync($"/api/reconciliation/runs/{id}?kind=nonsense");
        using var unknown = await viewer.GetAsync("/api/reconciliation/runs/999999");

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal("api", runBody.GetProperty("trigger").GetString());
        Assert.Equal(1, runBody.GetProperty("findingCount").GetInt32());
        Assert.Equal(1, runBody.GetProperty("counts").GetProperty("missing-leg").GetInt32());
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        var listed = Assert.Single((await runs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetInt64());
        var finding = Assert.Single(missing.GetProperty("findings").GetProperty("items").EnumerateArray());
        Assert.Equal("9701", finding.GetProperty("invoiceId").GetString());
        Assert.Equal(1200, finding.GetProperty("amountMinor").GetInt64());
        Assert.Empty(none.GetProperty("findings").GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Equal("application/problem+json", badKind.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ListTransactions_PagesOfOne_ReadsEveryPage()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        await ReconciliationWorld.PaidCycleAsync(harness);
        var client = harness.Services.GetRequiredService<HiPayWalletClient>();
        var day = DateOnly.FromDateTime(PayoutWorld.CycleInstant.UtcDateTime);

        var all = await client.ListTransactionsAsync(day, day.AddDays(1), pageSize: 1);
        var wallet = await client.ListTransactionsAsync(day, day.AddDays(1), HiPayAccountRef.ById(PayoutWorld.AccountOf(2001)), pageSize: 1);

        // The technical account: its funding and the two transfers it sent.
        Assert.Equal(3, all.Count);
        Assert.Equal(3, all.Select(t => t.TransactionId).Distinct().Count());
        Assert.Equal(2, all.Count(t => t.MerchantReference?.StartsWith("TRANSFER_", StringComparison.Ordinal) == true));
        // Shop 2001's wallet: the transfer in and the withdrawal out.
        Assert.Equal([3000L, 3000L], wallet.Select(t => t.AmountMinor ?? 0));
        Assert.Equal(["Envoi", "Retrait"], wallet.Select(t => t.Type));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListTransactionsAsync(day, day.AddDays(93)));
    }
}
