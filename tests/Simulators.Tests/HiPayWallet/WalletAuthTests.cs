using System.Net;
using System.Text;
using System.Text.Json;

namespace Simulators.Tests.HiPayWallet;

public sealed class WalletAuthTests : IAsyncLifetime
{
    private WalletTestHost _wallet = null!;

    public async Task InitializeAsync() => _wallet = await WalletTestHost.StartAsync();

    public async Task DisposeAsync() => await _wallet.DisposeAsync();

    [Fact]
    public async Task Request_WithoutCredentials_Answers401WithProviderBody()
    {
        var reply = await _wallet.SendAsync(HttpMethod.Get, "api/user-account", null, null, _ => { });

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal(JsonValueKind.Number, reply.Json.GetProperty("code").ValueKind);
        Assert.Equal(401, reply.Code);
        Assert.Equal("Authentication Failed.", reply.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Request_WithWrongPassword_Answers401()
    {
        var reply = await _wallet.SendAsync(HttpMethod.Get, "api/user-account", null, null, r =>
        {
            r.Headers.Add("php-auth-user", WalletTestHost.Login);
            r.Headers.Add("php-auth-pw", "not-the-password");
        });

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
    }

    [Fact]
    public async Task Request_WithBasicAuthentication_ActsAsTechnicalAccount()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WalletTestHost.Login}:{WalletTestHost.Password}"));
        var reply = await _wallet.SendAsync(HttpMethod.Get, "api/user-account", null, null, r => r.Headers.Add("Authorization", "Basic " + basic));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(0, reply.Code);
        Assert.Equal(WalletTestHost.TechnicalId, reply.Json.GetProperty("user_account_id").GetInt64());
    }

    [Fact]
    public async Task SubAccountId_Unknown_Answers401()
    {
        var reply = await _wallet.GetAsync("api/user-account", subAccount: 999_999);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal(401, reply.Code);
    }

    [Fact]
    public async Task SubAccountId_AccountOfAnotherMerchant_Answers401()
    {
        await _wallet.ControlAsync("_sim/wallet/accounts", new { accountId = 600_001, email = "foreign@shop.example", foreign = true });

        var byId = await _wallet.GetAsync("api/user-account", subAccount: 600_001);

        Assert.Equal(HttpStatusCode.Unauthorized, byId.Status);
        Assert.Equal(401, byId.Code);
    }

    [Fact]
    public async Task SubAccountLogin_EmailInOtherCase_SelectsThatAccount()
    {
        await _wallet.SeedVendorAsync(500_010);

        var reply = await _wallet.SendAsync(HttpMethod.Get, "api/user-account", null, null, r =>
        {
            r.Headers.Add("php-auth-user", WalletTestHost.Login);
            r.Headers.Add("php-auth-pw", WalletTestHost.Password);
            r.Headers.Add("php-auth-subaccount-login", "VENDOR500010@Shop.Example");
        });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(500_010, reply.Json.GetProperty("user_account_id").GetInt64());
    }

    [Fact]
    public async Task SubAccountLogin_Unknown_Answers401()
    {
        var reply = await _wallet.SendAsync(HttpMethod.Get, "api/user-account/balance", null, null, r =>
        {
            r.Headers.Add("php-auth-user", WalletTestHost.Login);
            r.Headers.Add("php-auth-pw", WalletTestHost.Password);
            r.Headers.Add("php-auth-subaccount-login", "nobody@shop.example");
        });

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
    }

    [Fact]
    public async Task Path_WithJsonSuffix_IsServedLikeWithout()
    {
        var plain = await _wallet.GetAsync("api/user-account/balance");
        var suffixed = await _wallet.GetAsync("api/user-account/balance.json");

        Assert.Equal(HttpStatusCode.OK, suffixed.Status);
        Assert.Equal(plain.Json.GetRawText(), suffixed.Json.GetRawText());
    }

    [Fact]
    public async Task Path_WithXmlSuffix_Answers406()
    {
        var reply = await _wallet.GetAsync("api/user-account.xml");

        Assert.Equal(HttpStatusCode.NotAcceptable, reply.Status);
    }

    [Fact]
    public async Task Journal_TechnicalPassword_IsMasked()
    {
        await _wallet.GetAsync("api/user-account");

        var journal = await _wallet.Http.GetStringAsync("_sim/journal");

        Assert.Contains("/api/user-account", journal, StringComparison.Ordinal);
        Assert.DoesNotContain(WalletTestHost.Password, journal, StringComparison.Ordinal);
    }
}
