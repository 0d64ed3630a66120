using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.IntegrationTests.Alerts;

/// <summary>The JSON log file written by the host and by commands: its shape, its levels, and what never appears in it.</summary>
public sealed partial class LogFileTests
{
    private static readonly string[] BankBlocks = ["payment_info", "billing_info"];

    [Fact]
    public async Task LogFile_HostAndVendorSyncCommandAtDebug_JsonLinesWithRequestsAndSqlAtDebugAndNoSecretSaltOrIban()
    {
        var path = Path.Combine(Path.GetTempPath(), "hm-log-" + Guid.NewGuid().ToString("N")[..12], "connector.json");
        try
        {
            await using (var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false, configure: s =>
            {
                s.Alerting.LogFilePath = path;
                s.Alerting.Debug = true;
                s.Alerting.SqlLogLevel = LogLevel.Debug;
            }))
            {
                await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 30, cyclesOfInvoices = 0, seed = 11 });
                using var health = await harness.WebClient.GetAsync(new Uri("/health/live", UriKind.Relative));
                var sync = await CliRunner.RunAsync([.. harness.CliArgs(), "vendor:process", "--since", "3650d"]);
                Assert.True(sync.ExitCode == 0, sync.Error + sync.Output);

                var lines = await ReadLinesAsync(path);
                var events = lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
                Assert.All(events, e => Assert.True(e.TryGetProperty("@t", out _) && e.TryGetProperty("@m", out _), e.ToString()));
                Assert.Contains(events, e => Level(e) == "Debug" && Text(e, "SourceContext") == "HiPayMirakl.Web.RequestLogging"
                    && (Text(e, "Method"), Text(e, "Path"), Text(e, "StatusCode")) == ("GET", "/health/live", "200") && Text(e, "@m").Contains("answered", StringComparison.Ordinal));
                Assert.DoesNotContain(events, e => Level(e) == "Information" && Text(e, "SourceContext").StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
                Assert.Contains(events, e => Level(e) == "Debug" && Text(e, "SourceContext") == ConnectorLogging.DatabaseCommandCategory);
                Assert.DoesNotContain(events, e => Level(e) == "Information" && Text(e, "SourceContext") == ConnectorLogging.DatabaseCommandCategory);
                // Only the command inserted vendors: its lines are in the same file.
                Assert.Contains(events, e => Text(e, "commandText").Contains("INSERT INTO \"vendors\"", StringComparison.Ordinal));

                await using var db = harness.CreateDbContext();
                var salts = await db.Vendors.Where(v => v.CallbackSalt != null).Select(v => v.CallbackSalt!).ToListAsync();
                var ibans = (await ShopIbansAsync(harness)).ToList();
                Assert.NotEmpty(salts);
                Assert.NotEmpty(ibans);
                var text = string.Join('\n', lines);
                var secrets = new[] { harness.Settings.Mirakl.OperatorKey, harness.Settings.HiPayWallet.WsPassword }.Concat(salts).Concat(ibans);
                Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
                Assert.DoesNotMatch(IbanShape(), text);
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task LogFile_ByDefault_NoRequestOrSqlLines()
    {
        var path = Path.Combine(Path.GetTempPath(), "hm-log-" + Guid.NewGuid().ToString("N")[..12], "connector.json");
        try
        {
            await using (var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false, configure: s => s.Alerting.LogFilePath = path))
            {
                using var health = await harness.WebClient.GetAsync(new Uri("/health/live", UriKind.Relative));
                Assert.True(health.IsSuccessStatusCode);
                // Something at Information, so the file exists and is being written.
                var sync = await CliRunner.RunAsync([.. harness.CliArgs(), "cashout:transfer"]);
                Assert.True(sync.ExitCode == 0, sync.Error + sync.Output);
            }

            var events = (await ReadLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
            Assert.DoesNotContain(events, e => Level(e) is "Debug" or "Verbose");
            Assert.DoesNotContain(events, e => Text(e, "SourceContext") is "HiPayMirakl.Web.RequestLogging" or ConnectorLogging.DatabaseCommandCategory);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    /// <summary>Serilog's compact format leaves @l out for Information.</summary>
    private static string Level(JsonElement e) => e.TryGetProperty("@l", out var l) ? l.GetString()! : "Information";

    private static string Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ToString() : "";

    private static async Task<List<string>> ReadLinesAsync(string path)
    {
        Assert.True(File.Exists(path), "no log file at " + path);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static async Task<IEnumerable<string>> ShopIbansAsync(ConnectorHarness harness)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/shops?paginate=false");
        request.Headers.TryAddWithoutValidation("Authorization", ConnectorHarness.OperatorKey);
        using var response = await harness.MiraklControl.SendAsync(request);
        var root = await response.Content.ReadFromJsonAsync<JsonElement>();
        return root.GetProperty("shops").EnumerateArray()
            .SelectMany(s => BankBlocks.Select(b => s.TryGetProperty(b, out var info) && info.ValueKind == JsonValueKind.Object
                && info.TryGetProperty("iban", out var iban) ? iban.GetString() : null))
            .Where(i => !string.IsNullOrEmpty(i))
            .Select(i => i!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
            .Distinct();
    }

    [GeneratedRegex("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")]
    private static partial Regex IbanShape();
}
