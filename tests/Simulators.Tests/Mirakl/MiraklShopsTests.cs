using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Simulator.Common;
using Simulators.Tests.TestSupport;

namespace Simulators.Tests.Mirakl;

public sealed partial class MiraklShopsTests : MiraklSimulatorTestBase
{
    private static readonly string[] ShopStates = ["OPEN", "SUSPENDED", "CLOSE"];
    private static readonly JsonValueKind[] Booleans = [JsonValueKind.True, JsonValueKind.False];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex MiraklInstant();

    [GeneratedRegex(@"<([^>]+)>;\s*rel=""(\w+)""")]
    private static partial Regex LinkPart();

    [Fact]
    public async Task S20_SeededShop_HasReferenceFieldNamesAndTypes()
    {
        await SeedAsync(40);

        var body = await GetJsonAsync("api/shops?max=40");

        Assert.Equal(JsonValueKind.Number, body.GetProperty("total_count").ValueKind);
        var shops = body.GetProperty("shops").EnumerateArray().ToList();
        Assert.Equal(40, shops.Count);
        foreach (var shop in shops)
        {
            Assert.Equal(JsonValueKind.Number, shop.GetProperty("shop_id").ValueKind);
            Assert.Equal(JsonValueKind.String, shop.GetProperty("shop_name").ValueKind);
            Assert.Contains(shop.GetProperty("shop_state").GetString(), ShopStates);
            Assert.Matches("^(EUR|GBP)$", shop.GetProperty("currency_iso_code").GetString()!);
            Assert.Matches(MiraklInstant(), shop.GetProperty("last_updated_date").GetString()!);
            Assert.Matches(MiraklInstant(), shop.GetProperty("date_created").GetString()!);
            var contact = shop.GetProperty("contact_informations");
            Assert.Equal(3, contact.GetProperty("country").GetString()!.Length);
            Assert.Contains("@", contact.GetProperty("email").GetString(), StringComparison.Ordinal);
            Assert.True(contact.TryGetProperty("phone", out _));
            Assert.True(contact.TryGetProperty("street1", out _));
            Assert.True(contact.TryGetProperty("zip_code", out _));
            Assert.True(shop.GetProperty("pro_details").TryGetProperty("VAT_number", out _));
            Assert.True(shop.GetProperty("pro_details").TryGetProperty("corporate_name", out _));
            Assert.Contains(shop.GetProperty("payment_details").GetProperty("payment_blocked").ValueKind,
                Booleans);
            Assert.Equal(JsonValueKind.String, shop.GetProperty("kyc").GetProperty("status").ValueKind);
            Assert.Equal(JsonValueKind.Number, shop.GetProperty("payment_details").GetProperty("payable_balance").ValueKind);
            foreach (var field in shop.GetProperty("shop_additional_fields").EnumerateArray())
            {
                var names = field.EnumerateObject().Select(p => p.Name).ToList();
                Assert.Equal(["code", "type", "value"], names);
            }

            if (shop.GetProperty("payment_info").ValueKind == JsonValueKind.Object)
            {
                var pi = shop.GetProperty("payment_info");
                Assert.Equal("IBAN", pi.GetProperty("@type").GetString());
                foreach (var name in new[] { "iban", "bic", "owner", "bank_name", "bank_street", "bank_zip", "bank_city" })
                {
                    Assert.Equal(JsonValueKind.String, pi.GetProperty(name).ValueKind);
                }
            }
            else
            {
                Assert.Equal(JsonValueKind.String, shop.GetProperty("billing_info").GetProperty("iban").ValueKind);
            }
        }

        Assert.Contains(shops, s => s.GetProperty("shop_additional_fields").EnumerateArray()
            .Any(f => f.GetProperty("code").GetString() == "hipay-process" && f.GetProperty("type").GetString() == "BOOLEAN" && f.GetProperty("value").GetString() == "true"));
    }

    [Fact]
    public async Task S20_FollowingLinkNext_SeesEveryShopExactlyOnce()
    {
        await SeedAsync(23);
        var seen = new List<long>();
        string? next = "api/shops?max=10";
        var pages = 0;
        var previousSeenOnLaterPages = true;
        while (next is not null)
        {
            using var r = await Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var body = await ReadJsonAsync(r);
            Assert.Equal(23, body.GetProperty("total_count").GetInt32());
            seen.AddRange(body.GetProperty("shops").EnumerateArray().Select(s => s.GetProperty("shop_id").GetInt64()));
            var links = r.Headers.TryGetValues("Link", out var values)
                ? LinkPart().Matches(string.Join(",", values)).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value)
                : [];
            if (pages > 0)
            {
                previousSeenOnLaterPages &= links.ContainsKey("previous");
            }
            else
            {
                Assert.False(links.ContainsKey("previous"));
            }

            next = links.GetValueOrDefault("next");
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.True(previousSeenOnLaterPages);
        Assert.Equal(23, seen.Count);
        Assert.Equal(23, seen.Distinct().Count());
        Assert.Equal(seen.Order(), seen);
    }

    [Fact]
    public async Task S20_MaxAbove100_IsClampedAndDefaultIs10()
    {
        await SeedAsync(130);

        var clamped = await GetJsonAsync("api/shops?max=500");
        var byDefault = await GetJsonAsync("api/shops");
        var all = await GetJsonAsync("api/shops?paginate=false");
        var allPhpStyle = await GetJsonAsync("api/shops?paginate=0");
        using var invalid = await Client.GetAsync("api/shops?paginate=maybe");

        Assert.Equal(100, clamped.GetProperty("shops").GetArrayLength());
        Assert.Equal(10, byDefault.GetProperty("shops").GetArrayLength());
        Assert.Equal(130, all.GetProperty("shops").GetArrayLength());
        Assert.Equal(130, clamped.GetProperty("total_count").GetInt32());
        Assert.Equal(130, allPhpStyle.GetProperty("shops").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task S20_ShopIdsAndUpdatedSince_FilterAndSkipUnknownIds()
    {
        await PostControlAsync("_sim/mirakl/shops", "[" + ShopJson(1, "2025-01-10T10:00:00Z") + "," +
            ShopJson(2, "2025-03-01T00:00:00Z") + "," + ShopJson(3, "2025-05-01T00:00:00Z") + "]");

        var byIds = await GetJsonAsync("api/shops?shop_ids=3,1,999");
        var sinceDate = await GetJsonAsync("api/shops?updated_since=2025-03-01");
        var sinceBasicOffset = await GetJsonAsync("api/shops?updated_since=" + Uri.EscapeDataString("2025-02-01T00:00:00+0000"));

        Assert.Equal([1L, 3L], byIds.GetProperty("shops").EnumerateArray().Select(s => s.GetProperty("shop_id").GetInt64()));
        Assert.Equal(2, byIds.GetProperty("total_count").GetInt32());
        Assert.Equal([2L, 3L], sinceDate.GetProperty("shops").EnumerateArray().Select(s => s.GetProperty("shop_id").GetInt64()));
        Assert.Equal(2, sinceBasicOffset.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task S07_MixedBatch_UpdatesKnownShopsAndReportsErrorPerShop()
    {
        await PostControlAsync("_sim/mirakl/shops", "[" + ShopJson(1) + "," + ShopJson(2) + "]");
        await Host.Get<VirtualClock>().AdvanceAsync(TimeSpan.FromDays(200));
        var body = """
            {"shops":[
              {"kyc":{"reason":"","status":"APPROVED"},"shop_id":1,"payment_blocked":true,"suspend":false},
              {"kyc":{"reason":"Bank info not valid, please upload a new one.","status":"REFUSED"},"shop_id":2,"suspend":true},
              {"kyc":{"status":"APPROVED"},"shop_id":404}
            ]}
            """;

        using var r = await Client.PutAsync("api/shops", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var returns = (await ReadJsonAsync(r)).GetProperty("shop_returns").EnumerateArray().ToList();
        Assert.Equal(3, returns.Count);
        Assert.Equal(1, returns[0].GetProperty("shop_updated").GetProperty("shop_id").GetInt64());
        Assert.Equal(2, returns[1].GetProperty("shop_updated").GetProperty("shop_id").GetInt64());
        Assert.False(returns[2].TryGetProperty("shop_updated", out _));
        Assert.Equal(404, returns[2].GetProperty("shop_error").GetProperty("shop_id").GetInt64());

        var shops = (await GetJsonAsync("api/shops?shop_ids=1,2")).GetProperty("shops").EnumerateArray().ToList();
        Assert.Equal("APPROVED", shops[0].GetProperty("kyc").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, shops[0].GetProperty("kyc").GetProperty("reason").ValueKind);
        Assert.True(shops[0].GetProperty("payment_details").GetProperty("payment_blocked").GetBoolean());
        Assert.Equal("OPEN", shops[0].GetProperty("shop_state").GetString());
        Assert.Equal("REFUSED", shops[1].GetProperty("kyc").GetProperty("status").GetString());
        Assert.Equal("Bank info not valid, please upload a new one.", shops[1].GetProperty("kyc").GetProperty("reason").GetString());
        Assert.Equal("SUSPENDED", shops[1].GetProperty("shop_state").GetString());
        Assert.Equal("2026-07-20T00:00:00Z", shops[0].GetProperty("last_updated_date").GetString());

        var updates = await GetJsonAsync("_sim/mirakl/shop-updates");
        Assert.Equal(["shop_updated", "shop_updated", "shop_error"], updates.EnumerateArray().Select(u => u.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task S07_AdditionalFields_UpsertsByCodeKeepingCodeTypeValueShape()
    {
        await PostControlAsync("_sim/mirakl/shops", ShopJson(1));

        using var r = await Client.PutAsync("api/shops", new StringContent(
            """{"shops":[{"shop_id":1,"shop_additional_fields":[{"code":"hipay-process","value":"false"},{"code":"stripe-url","value":"x"}]}]}""",
            Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var fields = (await GetJsonAsync("api/shops?shop_ids=1")).GetProperty("shops")[0].GetProperty("shop_additional_fields")
            .EnumerateArray().Select(f => (f.GetProperty("code").GetString(), f.GetProperty("type").GetString(), f.GetProperty("value").GetString())).ToList();
        Assert.Equal([("hipay-process", "BOOLEAN", "false"), ("stripe-url", "STRING", "x")], fields);
    }

    [Fact]
    public async Task S07_InvalidKycStatus_IsAShopErrorAndLeavesShopUnchanged()
    {
        await PostControlAsync("_sim/mirakl/shops", ShopJson(1));

        using var r = await Client.PutAsync("api/shops", new StringContent(
            """{"shops":[{"shop_id":1,"kyc":{"status":"MAYBE"},"payment_blocked":true}]}""", Encoding.UTF8, "application/json"));

        var ret = (await ReadJsonAsync(r)).GetProperty("shop_returns")[0];
        Assert.True(ret.TryGetProperty("shop_error", out _));
        var shop = (await GetJsonAsync("api/shops?shop_ids=1")).GetProperty("shops")[0];
        Assert.False(shop.GetProperty("payment_details").GetProperty("payment_blocked").GetBoolean());
    }

    [Fact]
    public async Task S07_FailAfterApplyFault_AppliesUpdateButAnswers500()
    {
        await PostControlAsync("_sim/mirakl/shops", ShopJson(1));
        using (var f = await Client.PostAsJsonAsync("_sim/faults", new { kind = "FailAfterApply", method = "PUT", pathRegex = "^/api/shops$", count = 1 }))
        {
            f.EnsureSuccessStatusCode();
        }

        using var r = await Client.PutAsync("api/shops", new StringContent(
            """{"shops":[{"shop_id":1,"payment_blocked":true}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        var shop = (await GetJsonAsync("api/shops?shop_ids=1")).GetProperty("shops")[0];
        Assert.True(shop.GetProperty("payment_details").GetProperty("payment_blocked").GetBoolean());
    }

    [Fact]
    public async Task S20_RateLimitConfigured_Returns429WithRetryAfterAndMiraklBody()
    {
        await PostControlAsync("_sim/ratelimits", """{"routeKey":"S20","capacity":1,"refillSeconds":60}""");

        using var first = await Client.GetAsync("api/shops");
        using var second = await Client.GetAsync("api/shops");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter?.Delta);
        var body = await ReadJsonAsync(second);
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.Equal("Too Many Requests", body.GetProperty("message").GetString());
    }
}
