using System.Globalization;
using System.Net;
using System.Text;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.DirectDebit;

/// <summary>The Enterprise notification endpoint under oversized and signed-but-hostile bodies: 4xx or 204, never 5xx.</summary>
public sealed class EnterpriseNotificationWireTests
{
    private const string Seed = "state=completed&transaction_reference=800000000123&status=118&currency=EUR&order%5Bid%5D=WIRE-1&order%5Bamount%5D=12.50&operation%5Bid%5D=op-1";

    [Fact]
    public async Task Post_BodyOver64KiB_Is413AndStoresNothing()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        var body = Encoding.ASCII.GetBytes(Seed + "&custom_data%5Bx%5D=" + new string('a', 70_000));

        using var response = await PostAsync(harness, body, Sign(harness, body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertInboxEmptyAsync(harness);
    }

    [Theory]
    [InlineData("currency=EUR", "currency=EURO")]
    [InlineData("currency=EUR", "currency=EUR&decimals=5")]
    public async Task Post_SignedButUnusableValue_Is204StoredAndDeadLettered(string from, string to)
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Postgres);
        var body = Encoding.ASCII.GetBytes(Seed.Replace(from, to, StringComparison.Ordinal));

        using var response = await PostAsync(harness, body, Sign(harness, body));
        await harness.DrainInboxAsync();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var db = harness.CreateDbContext();
        var row = await db.Inbox.AsNoTracking().SingleAsync();
        Assert.Equal(InboxOutcome.DeadLetter, row.Outcome);
        Assert.Equal(body, row.RawBody);
    }

    [Fact]
    public async Task Post_SignedReferenceLongerThanTheInboxKey_Is400AndStoresNothing()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Postgres);
        var body = Encoding.ASCII.GetBytes(Seed.Replace("transaction_reference=800000000123", "transaction_reference=" + "800000000123" + new string('x', 260), StringComparison.Ordinal));

        using var response = await PostAsync(harness, body, Sign(harness, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertInboxEmptyAsync(harness);
    }

    [Fact]
    public async Task Post_ThousandsOfSignedMutations_NeverAnswer5xx()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        var random = new Random(4242);
        var xmlSeed = "<notification><transaction_reference>800000000124</transaction_reference><status>118</status><state>completed</state>"
            + "<order><id>WIRE-2</id><amount>1.00</amount><currency>EUR</currency></order></notification>";
        var failures = new List<string>();
        for (var i = 0; i < 2000; i++)
        {
            var body = Mutate(random, i % 2 == 0 ? Seed : xmlSeed, i);
            int status;
            try
            {
                using var response = await PostAsync(harness, body, i % 7 == 0 ? "bad" : Sign(harness, body));
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"#{i} ({body.Length} bytes) no answer: {ex.Message}");
                continue;
            }

            if (status >= 500 || status is not (204 or 400 or 403 or 413 or 415))
            {
                failures.Add($"#{i} HTTP {status}: {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)])}");
            }
        }

        Assert.Empty(failures);
    }

    private static byte[] Mutate(Random random, string seed, int round)
    {
        var text = seed;
        switch (round % 8)
        {
            case 0:
                return Encoding.UTF8.GetBytes(text[..random.Next(text.Length)]);
            case 1:
                var bytes = Encoding.UTF8.GetBytes(text);
                for (var n = random.Next(1, 5); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 2:
                var depth = random.Next(10, 9_000);
                var nested = string.Concat(Enumerable.Repeat("<a>", depth)) + "x" + string.Concat(Enumerable.Repeat("</a>", depth));
                return Encoding.UTF8.GetBytes(text.StartsWith('<') ? text.Replace("<state>", nested + "<state>", StringComparison.Ordinal) : text + "&" + string.Concat(Enumerable.Repeat("a%5B", depth)) + "=1");
            case 3:
                return Encoding.UTF8.GetBytes(text.StartsWith('<')
                    ? "<!DOCTYPE n [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>" + text.Replace("completed", "&b;", StringComparison.Ordinal)
                    : text + "&custom_data[" + new string('[', random.Next(1, 500)) + "]=x&status[]=1&order[id][]=2");
            case 4:
                return Encoding.UTF8.GetBytes(text.Replace("800000000", new string('9', random.Next(1, 400)), StringComparison.Ordinal));
            case 5:
                return Encoding.Unicode.GetBytes(text);
            case 6:
                string[] values = ["decimals=" + random.Next(-5, 40).ToString(CultureInfo.InvariantCulture), "currency=" + new string('Z', random.Next(0, 6)), "status=" + random.NextInt64().ToString(CultureInfo.InvariantCulture), "order%5Bamount%5D=1e400", "date_updated=9999-99-99T99:99:99+9999", "attempt_id=99999999999"];
                return Encoding.UTF8.GetBytes(text.StartsWith('<') ? text : text + "&" + values[random.Next(values.Length)]);
            default:
                var noise = new byte[random.Next(1, 3_000)];
                random.NextBytes(noise);
                return noise;
        }
    }

    private static string Sign(ConnectorHarness harness, byte[] body) =>
        HiPayEnterpriseSignature.Compute(body, harness.Settings.HiPayEnterprise.Passphrase, HiPayEnterpriseSignatureAlgorithm.Sha256);

    private static async Task<HttpResponseMessage> PostAsync(ConnectorHarness harness, byte[] body, string signature)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        content.Headers.Add("X-ALLOPASS-SIGNATURE", signature);
        return await harness.WebClient.PostAsync("/notifications/hipay-enterprise", content);
    }

    private static async Task AssertInboxEmptyAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        Assert.Equal(0, await db.Inbox.CountAsync());
    }
}
