using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Access;

public sealed partial class AccessCliTests
{
    private const string Password = "a long enough passphrase";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task UserCommands_AddPasswdDisableList(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var passwordFile = Path.Combine(Path.GetTempPath(), "hm-pw-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        try
        {
            var db = database.CliDatabaseArgs();
            var add = await CliRunner.RunAsync([.. db, "user", "add", "ada@example.test", "--role", "operator", "--password-file", passwordFile]);
            var duplicate = await CliRunner.RunAsync([.. db, "user", "add", "ada@example.test", "--role", "viewer", "--password-file", passwordFile]);
            var badRole = await CliRunner.RunAsync([.. db, "user", "add", "bob@example.test", "--role", "root", "--password-file", passwordFile]);
            var weak = await CliRunner.RunWithInputAsync("short\n", [.. db, "user", "add", "bob@example.test", "--role", "viewer"]);
            var fromStdin = await CliRunner.RunWithInputAsync(Password + "\n", [.. db, "user", "add", "bob@example.test", "--role", "viewer"]);
            string hashBefore;
            await using (var context = database.CreateContext())
            {
                hashBefore = (await context.Users.SingleAsync(u => u.Email == "ada@example.test")).PasswordHash!;
            }

            var passwd = await CliRunner.RunWithInputAsync("another long passphrase\n", [.. db, "user", "passwd", "ada@example.test"]);
            var disable = await CliRunner.RunAsync([.. db, "user", "disable", "bob@example.test"]);
            var missing = await CliRunner.RunAsync([.. db, "user", "disable", "nobody@example.test"]);
            var list = await CliRunner.RunAsync([.. db, "user", "list"]);
            var json = await CliRunner.RunAsync([.. db, "user", "list", "--json"]);

            Assert.True(add.ExitCode == 0, add.Error);
            Assert.Contains("ada@example.test (operator) added", add.Output, StringComparison.Ordinal);
            Assert.Equal(2, duplicate.ExitCode);
            Assert.Single(duplicate.Error.Trim().Split('\n'));
            Assert.Equal(2, badRole.ExitCode);
            Assert.Contains("role 'root' is not one of viewer, operator, admin", badRole.Error, StringComparison.Ordinal);
            Assert.Equal(2, weak.ExitCode);
            Assert.StartsWith("error: ", weak.Error, StringComparison.Ordinal);
            Assert.True(fromStdin.ExitCode == 0, fromStdin.Error);
            Assert.True(passwd.ExitCode == 0, passwd.Error);
            Assert.True(disable.ExitCode == 0, disable.Error);
            Assert.Equal(2, missing.ExitCode);
            Assert.Equal("error: user nobody@example.test does not exist", missing.Error.Trim());
            var lines = TableRows(list.Output);
            Assert.Equal(3, lines.Count);
            Assert.Matches(@"^\|\s*ID\s*\|\s*E-mail\s*\|\s*Role\s*\|\s*Created\s*\|\s*Disabled\s*\|\s*Locked until\s*\|$", lines[0]);
            Assert.Matches(@"^\|\s*1\s*\|\s*ada@example\.test\s*\|\s*operator\s*\|\s*\S+ \S+\s*\|\s*-\s*\|\s*-\s*\|$", lines[1]);
            Assert.Matches(@"^\|\s*2\s*\|\s*bob@example\.test\s*\|\s*viewer\s*\|\s*\S+ \S+\s*\|\s*\S+ \S+\s*\|\s*-\s*\|$", lines[2]);
            var users = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().ToList();
            Assert.Equal(["ada@example.test", "bob@example.test"], users.Select(u => u.GetProperty("email").GetString()));
            Assert.Equal(JsonValueKind.Null, users[0].GetProperty("disabledAt").ValueKind);
            Assert.NotEqual(JsonValueKind.Null, users[1].GetProperty("disabledAt").ValueKind);
            foreach (var output in new[] { add, fromStdin, passwd, list, json })
            {
                Assert.DoesNotContain(Password, output.Output + output.Error, StringComparison.Ordinal);
            }

            await using var check = database.CreateContext();
            Assert.Equal(2, await check.Users.CountAsync());
            Assert.NotEqual(hashBefore, (await check.Users.SingleAsync(u => u.Email == "ada@example.test")).PasswordHash);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApiKeyCommands_KeyShownOnce_WorksAgainstTheHost_NeverListed_RevokedIs401(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var cli = harness.CliArgs();

        var create = await CliRunner.RunAsync([.. cli, "apikey", "create", "--name", "erp export", "--role", "viewer"]);
        var key = KeyPattern().Match(create.Output).Value;
        var client = harness.NewClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var before = await client.GetAsync("/api/legs");
        var list = await CliRunner.RunAsync([.. cli, "apikey", "list"]);
        var json = await CliRunner.RunAsync([.. cli, "apikey", "list", "--json"]);
        var id = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Single().GetProperty("id").GetInt64();
        var badRole = await CliRunner.RunAsync([.. cli, "apikey", "create", "--name", "x", "--role", "root"]);
        var revoke = await CliRunner.RunAsync([.. cli, "apikey", "revoke", id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var revokeMissing = await CliRunner.RunAsync([.. cli, "apikey", "revoke", "999"]);
        using var after = await client.GetAsync("/api/legs");
        var listAfter = await CliRunner.RunAsync([.. cli, "apikey", "list"]);

        Assert.True(create.ExitCode == 0, create.Error);
        Assert.Single(KeyPattern().Matches(create.Output));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(0, list.ExitCode);
        var rows = TableRows(list.Output);
        Assert.Matches(@"^\|\s*ID\s*\|\s*Name\s*\|\s*Role\s*\|\s*Prefix\s*\|\s*Created\s*\|\s*Last used\s*\|\s*Revoked\s*\|$", rows[0]);
        Assert.Matches(@"^\|\s*1\s*\|\s*erp export\s*\|\s*viewer\s*\|\s*hmk_[0-9a-f]{12}\s*\|\s*\S+ \S+\s*\|\s*\S+ \S+\s*\|\s*-\s*\|$", rows[1]);
        foreach (var output in new[] { list, json, listAfter, revoke })
        {
            Assert.DoesNotContain(key, output.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(key[(key.LastIndexOf('_') + 1)..], output.Output, StringComparison.Ordinal);
        }

        Assert.Equal(2, badRole.ExitCode);
        Assert.Equal(0, revoke.ExitCode);
        Assert.Equal(2, revokeMissing.ExitCode);
        Assert.Equal("error: API key 999 does not exist", revokeMissing.Error.Trim());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await using var db = harness.CreateDbContext();
        var row = await db.ApiKeys.SingleAsync(k => k.Name == "erp export");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), row.Hash);
        Assert.NotNull(row.RevokedAt);
        Assert.Equal(1, await db.ApiKeys.CountAsync());
    }

    [GeneratedRegex(@"hmk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyPattern();

    /// <summary>The header and data rows of a printed table (border and separator lines left out).</summary>
    private static List<string> TableRows(string output) =>
        [.. output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("| ", StringComparison.Ordinal))];
}
