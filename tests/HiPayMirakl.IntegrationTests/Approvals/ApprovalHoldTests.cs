using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Approvals;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Approvals;

/// <summary>Approval rules stop legs before any money call; decisions follow maker-checker. Against the wallet simulator.</summary>
public sealed class ApprovalHoldTests
{
    private const long ShopA = 3101;
    private const long ShopB = 3102;

    private static async Task<ConnectorHarness> StartAsync(DatabaseProvider provider, Action<ApprovalsOptions>? rules = null)
    {
        var harness = await ConnectorHarness.StartAsync(provider, configure: s => rules?.Invoke(s.Approvals));
        await PayoutWorld.SeedVendorAsync(harness, ShopA);
        await PayoutWorld.SeedVendorAsync(harness, ShopB);
        await PayoutWorld.FundTechnicalAsync(harness, 10_000_000);
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        return harness;
    }

    private static async Task<List<Leg>> LegsAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Legs.AsNoTracking().OrderBy(l => l.Id).ToListAsync();
    }

    private static async Task<Leg> SellerLegAsync(ConnectorHarness harness, long invoiceId) =>
        (await LegsAsync(harness)).Single(l => l.InvoiceId == invoiceId.ToString(System.Globalization.CultureInfo.InvariantCulture) && l.Kind == LegKind.SellerPayout);

    /// <summary>Transfer POSTs the wallet simulator saw on the wire for this leg's keys (any generation).</summary>
    private static async Task<int> TransferPostsAsync(ConnectorHarness harness, Leg leg) =>
        (await WalletPosts.TallyAsync(harness)).Where(t => t.Kind == "Transfer" && t.MerchantUniqueId.StartsWith(leg.TransferKey(0), StringComparison.Ordinal)).Sum(t => t.Posts);

    private static async Task AssertAwaitingAndNeverSentAsync(ConnectorHarness harness, Leg leg, string rule)
    {
        Assert.Equal(LegStatus.AwaitingApproval, leg.Status);
        Assert.Equal(0, await TransferPostsAsync(harness, leg));
        await using var db = harness.CreateDbContext();
        var hold = await db.Set<ApprovalHold>().AsNoTracking().SingleAsync(h => h.LegId == leg.Id);
        Assert.Contains(rule, hold.Rules, StringComparison.Ordinal);
        Assert.Contains(await db.LegLog.AsNoTracking().Where(e => e.LegId == leg.Id).ToListAsync(), e => e.ToStatus == LegStatus.AwaitingApproval);
    }

    private static async Task AssertPaidAsync(ConnectorHarness harness, Leg leg)
    {
        Assert.True(leg.Status is LegStatus.TransferSuccess or LegStatus.WithdrawRequested or LegStatus.WithdrawSuccess, $"leg {leg.Id} is {leg.Status}");
        var tally = (await WalletPosts.TallyAsync(harness)).Single(t => t.Kind == "Transfer" && t.MerchantUniqueId == leg.TransferMerchantUniqueId);
        Assert.Equal(1, tally.Booked);
        Assert.Equal(leg.AmountMinor, tally.Bookings[0].Amount);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AmountRule_LegAboveThreshold_AwaitsApprovalNeverSentOthersPaid(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider, r => r.AmountAbove["EUR"] = "100.00");
        await PayoutWorld.SeedInvoiceAsync(harness, 9101, ShopA, 100.01m, 250m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9102, ShopB, 100.00m, 0m);

        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        await AssertAwaitingAndNeverSentAsync(harness, await SellerLegAsync(harness, 9101), "above 100.00 EUR");
        await AssertPaidAsync(harness, await SellerLegAsync(harness, 9102));
        // The commission goes to the operator's own wallet: no rule stops it, whatever its amount.
        await AssertPaidAsync(harness, (await LegsAsync(harness)).Single(l => l.Kind == LegKind.OperatorCommission));
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));

        // Finance is told (a warning alert naming the leg); alerts are stored by a background queue.
        var held = await SellerLegAsync(harness, 9101);
        var alerted = false;
        for (var i = 0; i < 100 && !alerted; i++)
        {
            await using var db = harness.CreateDbContext();
            alerted = await db.AlertLog.AsNoTracking().AnyAsync(a => a.Kind == ApprovalService.AlertKind && a.Severity == Core.Features.Alerts.AlertSeverity.Warning
                && a.Key == held.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!alerted)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(alerted, "no leg.awaiting-approval alert for the held leg");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DailyTotalRule_ShopOverTheDay_AllItsLegsAwaitOthersPaid(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider, r => r.DailyTotalAbove["EUR"] = "100");
        await PayoutWorld.SeedInvoiceAsync(harness, 9201, ShopA, 60m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9202, ShopA, 40.01m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9203, ShopB, 100m, 0m);

        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        await AssertAwaitingAndNeverSentAsync(harness, await SellerLegAsync(harness, 9201), "total 100.01 EUR, above 100.00 EUR");
        await AssertAwaitingAndNeverSentAsync(harness, await SellerLegAsync(harness, 9202), "total 100.01 EUR");
        await AssertPaidAsync(harness, await SellerLegAsync(harness, 9203));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FirstPayoutRule_NewShopAwaits_ShopPaidBeforeIsPaid(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        await PayoutWorld.SeedInvoiceAsync(harness, 9301, ShopB, 10m, 0m);
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        await AssertPaidAsync(harness, await SellerLegAsync(harness, 9301));

        harness.Settings.Approvals.FirstPayout = true;
        await PayoutWorld.SeedInvoiceAsync(harness, 9302, ShopB, 20m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9303, ShopA, 20m, 0m);
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        await AssertPaidAsync(harness, await SellerLegAsync(harness, 9302));
        await AssertAwaitingAndNeverSentAsync(harness, await SellerLegAsync(harness, 9303), $"first payout of shop {ShopA}");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BankDetailsRule_ChangedWithinTheDays_Awaits_ChangedLongAgoPaid(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider, r => r.BankDetailsChangedWithinDays = 7);
        await using (var db = harness.CreateDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var vendor in await db.Vendors.ToListAsync())
            {
                vendor.BankInfoChangedAt = vendor.MiraklShopId == ShopA ? now.AddDays(-2) : now.AddDays(-8);
            }

            await db.SaveChangesAsync();
        }

        await PayoutWorld.SeedInvoiceAsync(harness, 9401, ShopA, 30m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9402, ShopB, 30m, 0m);
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        await AssertAwaitingAndNeverSentAsync(harness, await SellerLegAsync(harness, 9401), "bank details changed");
        await AssertPaidAsync(harness, await SellerLegAsync(harness, 9402));
    }

    /// <summary>The admin stores rules holding ShopA's leg; the leg is held by version 1 of the rules.</summary>
    private static async Task<(ConnectorHarness Harness, Leg Leg)> HeldByStoredRulesAsync(DatabaseProvider provider)
    {
        var harness = await StartAsync(provider);
        var admin = await harness.ClientAsync(ConnectorRoles.Admin);
        using var put = await admin.PutAsJsonAsync("/api/approval-rules", new { amountAbove = new Dictionary<string, string> { ["eur"] = "50" } });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        await PayoutWorld.SeedInvoiceAsync(harness, 9501, ShopA, 75m, 0m);
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        var leg = await SellerLegAsync(harness, 9501);
        await AssertAwaitingAndNeverSentAsync(harness, leg, "above 50.00 EUR");
        return (harness, leg);
    }

    private static async Task<List<ApprovalDecision>> DecisionsAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Set<ApprovalDecision>().AsNoTracking().ToListAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Approve_ByAnotherOperator_PaidOnTheNextRunExactlyOnce(DatabaseProvider provider)
    {
        var (harness, held) = await HeldByStoredRulesAsync(provider);
        await using var _ = harness;
        var viewer = await harness.ClientAsync(ConnectorRoles.Viewer);
        var listed = await viewer.GetFromJsonAsync<JsonElement>("/api/approvals");
        Assert.Equal(held.Id, listed.GetProperty("items")[0].GetProperty("leg").GetProperty("id").GetInt64());
        Assert.Contains("above 50.00 EUR", listed.GetProperty("items")[0].GetProperty("rules").GetString(), StringComparison.Ordinal);

        using var approve = await (await harness.ClientAsync(ConnectorRoles.Operator)).PostAsJsonAsync($"/api/legs/{held.Id}/approve", new { reason = "seller known" });
        Assert.True(approve.StatusCode == HttpStatusCode.OK, await approve.Content.ReadAsStringAsync());
        Assert.Equal(LegStatus.Created, (await SellerLegAsync(harness, 9501)).Status);

        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        var leg = await SellerLegAsync(harness, 9501);
        await AssertPaidAsync(harness, leg);
        Assert.Equal(1, await TransferPostsAsync(harness, leg));
        var decision = Assert.Single(await DecisionsAsync(harness));
        Assert.Equal((ApprovalVerdict.Approved, "apikey:tests-operator", "seller known", (int?)1), (decision.Verdict, decision.DecidedBy, decision.Reason, decision.RulesVersion));
        await using var db = harness.CreateDbContext();
        Assert.Contains(await db.LegLog.AsNoTracking().Where(e => e.LegId == leg.Id).ToListAsync(),
            e => e.FromStatus == LegStatus.AwaitingApproval && e.ToStatus == LegStatus.Created && e.Actor == "apikey:tests-operator");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Approve_ByWhoChangedTheRules_RefusedNothingChanged(DatabaseProvider provider)
    {
        var (harness, held) = await HeldByStoredRulesAsync(provider);
        await using var _ = harness;

        using var approve = await (await harness.ClientAsync(ConnectorRoles.Admin)).PostAsJsonAsync($"/api/legs/{held.Id}/approve", new { reason = "mine" });
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Equal("application/problem+json", approve.Content.Headers.ContentType?.MediaType);
        Assert.Contains("changed the approval rules", await approve.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var leg = await SellerLegAsync(harness, 9501);
        Assert.Equal(LegStatus.AwaitingApproval, leg.Status);
        Assert.Equal(0, await TransferPostsAsync(harness, leg));
        Assert.Empty(await DecisionsAsync(harness));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reject_WithReason_NeverPaidAndRecorded(DatabaseProvider provider)
    {
        var (harness, held) = await HeldByStoredRulesAsync(provider);
        await using var _ = harness;
        var operatorClient = await harness.ClientAsync(ConnectorRoles.Operator);

        using var noReason = await operatorClient.PostAsJsonAsync($"/api/legs/{held.Id}/reject", new { reason = " " });
        using var reject = await operatorClient.PostAsJsonAsync($"/api/legs/{held.Id}/reject", new { reason = "fraud suspected" });
        using var approveAfter = await operatorClient.PostAsJsonAsync($"/api/legs/{held.Id}/approve", new { reason = "oops" });
        await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True(reject.StatusCode == HttpStatusCode.OK, await reject.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, approveAfter.StatusCode);
        var leg = await SellerLegAsync(harness, 9501);
        Assert.Equal(LegStatus.ApprovalRejected, leg.Status);
        Assert.Equal(0, await TransferPostsAsync(harness, leg));
        var decision = Assert.Single(await DecisionsAsync(harness));
        Assert.Equal((ApprovalVerdict.Rejected, "fraud suspected"), (decision.Verdict, decision.Reason));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RulesPut_AdminCreatesVersions_ViewerAndOperatorForbidden_InvalidRefused(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider, r => r.AmountAbove["EUR"] = "1000");
        var admin = await harness.ClientAsync(ConnectorRoles.Admin);
        var body = new { amountAbove = new Dictionary<string, string> { ["EUR"] = "500.5" }, firstPayout = true };

        using var asViewer = await (await harness.ClientAsync(ConnectorRoles.Viewer)).PutAsJsonAsync("/api/approval-rules", body);
        using var asOperator = await (await harness.ClientAsync(ConnectorRoles.Operator)).PutAsJsonAsync("/api/approval-rules", body);
        using var tooPrecise = await admin.PutAsJsonAsync("/api/approval-rules", new { amountAbove = new Dictionary<string, string> { ["EUR"] = "1.005" } });
        using var first = await admin.PutAsJsonAsync("/api/approval-rules", body);
        using var second = await admin.PutAsJsonAsync("/api/approval-rules", new { dailyTotalAbove = new Dictionary<string, string> { ["JPY"] = "50000" } });
        var current = await (await harness.ClientAsync(ConnectorRoles.Viewer)).GetFromJsonAsync<JsonElement>("/api/approval-rules");

        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asOperator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooPrecise.StatusCode);
        Assert.Contains("AmountAbove:EUR", await tooPrecise.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Equal("50000", current.GetProperty("rules").GetProperty("dailyTotalAbove").GetProperty("JPY").GetString());

        await using var db = harness.CreateDbContext();
        var versions = await db.Set<ApprovalRulesVersion>().AsNoTracking().OrderBy(v => v.Number).ToListAsync();
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        Assert.All(versions, v => Assert.Equal("apikey:tests-admin", v.ChangedBy));
        Assert.Contains("\"EUR\":\"1000.00\"", versions[0].PreviousJson, StringComparison.Ordinal);
        Assert.Contains("\"EUR\":\"500.50\"", versions[0].RulesJson, StringComparison.Ordinal);
        Assert.Equal(versions[0].RulesJson, versions[1].PreviousJson);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cli_ApproveByTheRulesAuthorRefused_ByAnotherApproves(DatabaseProvider provider)
    {
        var (harness, held) = await HeldByStoredRulesAsync(provider);
        await using var _ = harness;
        var id = held.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var list = await CliRunner.RunAsync([.. harness.CliArgs(), "approvals", "list"]);
        var refused = await CliRunner.RunAsync([.. harness.CliArgs(), "approvals", "approve", id, "--by", "apikey:tests-admin"]);
        var statusAfterRefusal = (await SellerLegAsync(harness, 9501)).Status;
        var approved = await CliRunner.RunAsync([.. harness.CliArgs(), "approvals", "approve", id, "--by", "carol", "--reason", "checked"]);

        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("above 50.00 EUR", list.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Single(refused.Error.Trim().Split('\n'));
        Assert.Contains("someone else must decide", refused.Error, StringComparison.Ordinal);
        Assert.Equal(LegStatus.AwaitingApproval, statusAfterRefusal);
        Assert.True(approved.ExitCode == 0, approved.Error);
        Assert.Equal(LegStatus.Created, (await SellerLegAsync(harness, 9501)).Status);
        Assert.Equal("carol", Assert.Single(await DecisionsAsync(harness)).DecidedBy);
    }
}
