using System.Collections.Concurrent;
using System.Net;
using System.Text;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Features.WalletNotifications;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Simulator.HiPayWallet;

namespace HiPayMirakl.IntegrationTests.WalletNotifications;

/// <summary>The wallet notification endpoint at the wire level: encodings, ambiguous documents, salt look-up limits, logs.</summary>
public sealed class WalletNotificationWireTests
{
    private const long AccountId = 600400;
    private const string Salt = "wire-salt";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(NotificationFormEncoding.Php)]
    [InlineData(NotificationFormEncoding.Rfc3986)]
    public async Task SimulatorNotify_PlusOrPercent20FormEncoding_IsStored(NotificationFormEncoding encoding)
    {
        await using var harness = await StartAsync(wallet: o => o.NotificationFormEncoding = encoding);

        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = AccountId, operation = "identification", status = "ok" });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(5));

        await using var db = harness.CreateDbContext();
        var stored = await db.Inbox.SingleAsync();
        var body = Encoding.ASCII.GetString(stored.RawBody);
        Assert.Equal(encoding == NotificationFormEncoding.Php, body.Contains('+', StringComparison.Ordinal));
        Assert.Equal(encoding == NotificationFormEncoding.Rfc3986, body.Contains("%20", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("text/xml")]
    [InlineData("application/xml; charset=utf-8")]
    public async Task Post_RawXmlBody_IsStoredAndProcessed(string contentType)
    {
        await using var harness = await StartAsync();
        var xml = Signed(Notification("identification", "ok", T0));

        using var response = await PostRawAsync(harness, Encoding.UTF8.GetBytes(xml), contentType);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await harness.DrainInboxAsync();

        await using var db = harness.CreateDbContext();
        Assert.Equal(InboxOutcome.Applied, (await db.Inbox.SingleAsync()).Outcome);
        Assert.True((await db.Vendors.SingleAsync()).Identified);
    }

    [Fact]
    public async Task Post_UnsupportedContentType_Is415AndStoresNothing()
    {
        await using var harness = await StartAsync();

        using var response = await PostRawAsync(harness, Encoding.UTF8.GetBytes(Signed(Notification("identification", "ok", T0))), "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertInboxCountAsync(harness, 0);
    }

    [Theory]
    [InlineData("comment")]
    [InlineData("cdata")]
    [InlineData("two results")]
    [InlineData("processing instruction")]
    public async Task Post_SignedBlockHiddenBesideAForgedResult_Is400AndStoresNothing(string trick)
    {
        await using var harness = await StartAsync();
        var genuine = Signed(Notification("bank_info_validation", "nok", T0));
        var start = genuine.IndexOf("<result>", StringComparison.Ordinal);
        var end = genuine.IndexOf("</result>", StringComparison.Ordinal) + "</result>".Length;
        var signedBlock = genuine[start..end];
        var forged = signedBlock.Replace("<status>nok</status>", "<status>ok</status>", StringComparison.Ordinal)
            .Replace("</result>", "</result >", StringComparison.Ordinal);
        var hidden = trick switch
        {
            "comment" => $"<!--{signedBlock}-->{forged}",
            "cdata" => $"<x><![CDATA[{signedBlock}]]></x>{forged}",
            "processing instruction" => $"<?x {signedBlock}?>{forged}",
            _ => signedBlock + forged,
        };
        var xml = genuine[..start] + hidden + genuine[end..];

        using var response = await PostFormAsync(harness, xml, php: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertInboxCountAsync(harness, 0);
    }

    [Fact]
    public async Task Post_SignedTimeOffsetOutOfRange_IsStoredNot5xx()
    {
        await using var harness = await StartAsync();
        var xml = Signed(Notification("identification", "ok", T0).Replace("UTC+0000", "UTC+9959", StringComparison.Ordinal));

        using var response = await PostFormAsync(harness, xml, php: true);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertInboxCountAsync(harness, 1);
    }

    [Fact]
    public async Task Post_200ForgedForRandomAccounts_SpendsAtMostTheLookUpBudget()
    {
        const int budget = 5;
        var clock = new FakeTimeProvider(T0);
        await using var harness = await StartAsync(services: s => s.AddSingleton(new SaltRefreshGate(
            new HiPayWalletOptions { SaltRefreshesPerMinute = budget, SaltRefreshInterval = TimeSpan.FromMinutes(5) }, clock)));
        await harness.WalletControl.DeleteAsync("/_sim/journal");
        var random = new Random(1234);

        var statuses = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            var account = random.NextInt64(1_000_000, 9_000_000);
            var xml = WalletNotificationSignature.WithSignature(Notification("identification", "ok", T0, account), "guessed-" + i);
            using var response = await PostFormAsync(harness, xml, php: true);
            statuses.Add((int)response.StatusCode);
        }

        var lookUps = await CountSaltLookUpsAsync(harness);
        Assert.InRange(lookUps, 1, budget);
        Assert.All(statuses, s => Assert.True(s is 403 or 503, $"HTTP {s}"));
        await AssertInboxCountAsync(harness, 0);
    }

    [Fact]
    public async Task Post_HiPayHangsOnTheSaltLookUp_Answers503WithinTheShortTimeout()
    {
        await using var harness = await StartAsync();
        harness.Settings.HiPayWallet.SaltRefreshTimeoutSeconds = 1;
        // HiPay rotated the salt: our copy no longer matches, so verifying needs HiPay, which does not answer.
        await harness.WalletControl.PostSimAsync("/_sim/faults", new { kind = "Hang", method = "GET", pathRegex = "^/api/user-account$" });
        using var client = new HttpClient { BaseAddress = harness.WebBaseAddress, Timeout = TimeSpan.FromSeconds(20) };

        using var response = await client.PostAsync("/notifications/hipay-wallet", FormContent(WalletNotificationSignature.WithSignature(Notification("identification", "ok", T0), "rotated-salt"), php: true));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        await AssertInboxCountAsync(harness, 0);
    }

    [Fact]
    public async Task SimulatorNotify_OperatorAccountWithHiPayDownAfterItsSaltWasRead_IsStillVerified()
    {
        await using var harness = await StartAsync();
        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = ConnectorHarness.OperatorAccountId, operation = "bank_info_validation", status = "ok" });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(5));
        await harness.WalletControl.PostSimAsync("/_sim/faults", new { kind = "Status", statusCode = 503, method = "GET", pathRegex = "^/api/user-account$" });

        await harness.WalletControl.PostSimAsync("/_sim/wallet/notify", new { accountId = ConnectorHarness.OperatorAccountId, operation = "identification", status = "ok" });
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromSeconds(5));

        await using var db = harness.CreateDbContext();
        Assert.Equal(["bank_info_validation", "identification"], (await db.Inbox.OrderBy(m => m.Id).ToListAsync()).Select(m => m.Kind));
    }

    [Fact]
    public async Task Post_Redelivered_IsLoggedOnceAtDebugWithoutErrors()
    {
        var logs = new RecordingLoggerProvider();
        await using var harness = await StartAsync(services: s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            s.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(RecordingLoggerProvider).FullName, null, LogLevel.Debug, null)));
        });
        var xml = Signed(Notification("identification", "ok", T0));

        using var first = await PostFormAsync(harness, xml, php: true);
        using var second = await PostFormAsync(harness, xml, php: false);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (first.StatusCode, second.StatusCode));
        await AssertInboxCountAsync(harness, 1);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Debug && e.Message.Contains("already stored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_ByDefault_DoesNotLogSqlStatementsAtInformation()
    {
        await using var harness = await StartAsync();
        var factory = harness.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(factory.CreateLogger(ConnectorLogging.DatabaseCommandCategory).IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger(ConnectorLogging.DatabaseCommandCategory).IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("HiPayMirakl.Core").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Post_ThousandsOfMutatedBodies_NeverAnswer5xxAndRefusedOnesStoreNothing()
    {
        // A budget large enough that no look-up is refused: here only parsing and verifying are under test.
        await using var harness = await StartAsync(services: s => s.AddSingleton(new SaltRefreshGate(
            new HiPayWalletOptions { SaltRefreshesPerMinute = 100_000, SaltRefreshInterval = TimeSpan.FromMinutes(5) }, new FakeTimeProvider(T0))));
        var random = new Random(20_000);
        var seeds = new[]
        {
            Signed(Notification("identification", "ok", T0)),
            Signed(Notification("capture", "ok", T0).Replace("<account_id>", "<transid>5d935783d9cd316415</transid><account_id>", StringComparison.Ordinal)
                .Replace("</account_id>", "</account_id><amount>113.25</amount><currency>EUR</currency><label>public – 1</label>", StringComparison.Ordinal)),
        };

        var failures = new List<string>();
        var accepted = 0;
        for (var i = 0; i < 2500; i++)
        {
            var (body, contentType) = WireFuzz.Mutate(random, seeds[i % seeds.Length], i);
            int status;
            try
            {
                using var response = await PostRawAsync(harness, body, contentType);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"#{i} ({body.Length} bytes) no answer: {ex.Message}");
                continue;
            }

            if (status >= 500)
            {
                failures.Add($"#{i} HTTP {status}: {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)])}");
            }
            else if (status == 204)
            {
                accepted++;
            }
            else if (status is not (400 or 403 or 413 or 415))
            {
                failures.Add($"#{i} unexpected HTTP {status}");
            }
        }

        Assert.Empty(failures);
        // Only bodies answered 204 may have left a row (a redelivery stores none).
        await using var db = harness.CreateDbContext();
        Assert.InRange(await db.Inbox.CountAsync(), 0, accepted);
    }

    internal static async Task<ConnectorHarness> StartAsync(Action<HiPayWalletSimulatorOptions>? wallet = null, Action<IServiceCollection>? services = null)
    {
        var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, wallet: wallet, services: services, processInbox: false);
        await harness.WalletControl.PostSimAsync("/_sim/wallet/accounts", new { accountId = AccountId, email = "wire@example.com", currency = "EUR", callbackSalt = Salt });
        await using var db = harness.CreateDbContext();
        db.Vendors.Add(new Vendor { MiraklShopId = 2001, HiPayAccountId = AccountId, Email = "wire@example.com", CallbackSalt = Salt });
        await db.SaveChangesAsync();
        return harness;
    }

    internal static string Notification(string operation, string status, DateTimeOffset at, long accountId = AccountId) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <notification>
            <md5content>0</md5content>
            <result>
                <operation>{operation}</operation>
                <status>{status}</status>
                <date>{at:yyyy-MM-dd}</date>
                <time>{at:HH:mm:ss} UTC+0000</time>
                <account_id>{accountId}</account_id>
            </result>
        </notification>
        """;

    internal static string Signed(string xml) => WalletNotificationSignature.WithSignature(xml, Salt);

    private static StringContent FormContent(string xml, bool php)
    {
        var encoded = php ? WireFuzz.PhpUrlEncode(xml) : Uri.EscapeDataString(xml);
        return new StringContent("xml=" + encoded, Encoding.ASCII, "application/x-www-form-urlencoded");
    }

    private static Task<HttpResponseMessage> PostFormAsync(ConnectorHarness harness, string xml, bool php) =>
        harness.WebClient.PostAsync("/notifications/hipay-wallet", FormContent(xml, php));

    private static Task<HttpResponseMessage> PostRawAsync(ConnectorHarness harness, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return harness.WebClient.PostAsync("/notifications/hipay-wallet", content);
    }

    private static async Task<int> CountSaltLookUpsAsync(ConnectorHarness harness)
    {
        var journal = await harness.WalletControl.GetSimAsync("/_sim/journal");
        return journal.EnumerateArray().Count(e => e.GetProperty("method").GetString() == "GET" && e.GetProperty("path").GetString() == "/api/user-account");
    }

    private static async Task AssertInboxCountAsync(ConnectorHarness harness, int expected)
    {
        await using var db = harness.CreateDbContext();
        Assert.Equal(expected, await db.Inbox.CountAsync());
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
