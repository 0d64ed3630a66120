using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Access;

public sealed class AuthenticationTests
{
    private const string Password = "a long enough passphrase";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Login_RightPassword_CookieCarriesTheRoleUntilLogout(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await harness.AddUserAsync("olivia@example.test", Password, ConnectorRoles.Operator);
        var browser = harness.NewClient();

        using var login = await browser.PostAsJsonAsync("/account/login", new { email = "olivia@example.test", password = Password });
        using var legs = await browser.GetAsync("/api/legs");
        using var users = await browser.GetAsync("/api/users");
        using var me = await browser.GetAsync("/account/me");
        var who = JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement;
        using var logout = await browser.PostAsync("/account/logout", null);
        using var after = await browser.GetAsync("/api/legs");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.Contains("httponly", StringComparison.OrdinalIgnoreCase)
            && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, legs.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        Assert.Equal("olivia@example.test", who.GetProperty("name").GetString());
        Assert.Equal([ConnectorRoles.Operator], who.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Login_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await harness.AddUserAsync("mallory-target@example.test", Password, ConnectorRoles.Admin);
        var browser = harness.NewClient();

        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < AccessServices.MaxFailedSignIns; i++)
        {
            using var attempt = await browser.PostAsJsonAsync("/account/login", new { email = "mallory-target@example.test", password = "guess " + i });
            wrong.Add(attempt.StatusCode);
        }

        using var right = await browser.PostAsJsonAsync("/account/login", new { email = "mallory-target@example.test", password = Password });
        using var unknown = await browser.PostAsJsonAsync("/account/login", new { email = "nobody@example.test", password = Password });
        var body = JsonDocument.Parse(await right.Content.ReadAsStringAsync()).RootElement;
        var unknownBody = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement;

        Assert.All(wrong, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
        // The same answer as for an unknown e-mail: a refusal does not say which accounts exist.
        Assert.Equal(unknown.StatusCode, right.StatusCode);
        Assert.Equal(unknownBody.GetProperty("detail").GetString(), body.GetProperty("detail").GetString());
        Assert.Equal(unknownBody.GetProperty("title").GetString(), body.GetProperty("title").GetString());
        await using var db = harness.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == "mallory-target@example.test");
        Assert.NotNull(user.LockoutEnd);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10), $"locked until {user.LockoutEnd}");
        Assert.DoesNotContain(Password, user.PasswordHash, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DisabledUser_OpenSessionEndsAndSignInIsRefused(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        await harness.AddUserAsync("victor@example.test", Password, ConnectorRoles.Viewer);
        var browser = harness.NewClient();
        using (var login = await browser.PostAsJsonAsync("/account/login", new { email = "victor@example.test", password = Password }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using var before = await browser.GetAsync("/api/vendors");
        long id;
        await using (var db = harness.CreateDbContext())
        {
            id = (await db.Users.SingleAsync(u => u.Email == "victor@example.test")).Id;
        }

        using var disable = await (await harness.ClientAsync(ConnectorRoles.Admin)).PostAsync($"/api/users/{id}/disable", null);
        using var after = await browser.GetAsync("/api/vendors");
        using var again = await harness.NewClient().PostAsJsonAsync("/account/login", new { email = "victor@example.test", password = Password });

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        await using var check = harness.CreateDbContext();
        Assert.NotNull((await check.Users.SingleAsync(u => u.Id == id)).DisabledAt);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApiKey_CreatedByAdmin_StoredHashed_UsableUntilRevoked(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var admin = await harness.ClientAsync(ConnectorRoles.Admin);

        using var create = await admin.PostAsJsonAsync("/api/api-keys", new { name = "reporting", role = "viewer" });
        var created = JsonDocument.Parse(await create.Content.ReadAsStringAsync()).RootElement;
        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("apiKey").GetProperty("id").GetInt64();
        var client = harness.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        using var read = await client.GetAsync("/api/legs");
        using var write = await client.PostAsJsonAsync("/api/legs/1/hold", new { reason = "viewer may not" });
        using var list = await admin.GetAsync("/api/api-keys");
        var listed = await list.Content.ReadAsStringAsync();
        using var forged = await SendWithBearerAsync(harness, key[..^4] + "AAAA");
        using var malformed = await SendWithBearerAsync(harness, "not-a-key");
        using var revoke = await admin.PostAsync($"/api/api-keys/{id}/revoke", null);
        using var afterRevoke = await client.GetAsync("/api/legs");

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.StartsWith(ApiKeyService.KeyStart, key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);

        await using var db = harness.CreateDbContext();
        var row = await db.ApiKeys.SingleAsync(k => k.Id == id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), row.Hash);
        Assert.DoesNotContain(key[row.Prefix.Length..], row.Hash + row.Prefix + row.Name, StringComparison.Ordinal);
        Assert.Equal(ConnectorRoles.Viewer, row.Role);
        Assert.NotNull(row.LastUsedAt);
        Assert.NotNull(row.RevokedAt);
    }

    private static async Task<HttpResponseMessage> SendWithBearerAsync(ConnectorHarness harness, string token)
    {
        var client = harness.NewClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync("/api/legs");
    }
}
