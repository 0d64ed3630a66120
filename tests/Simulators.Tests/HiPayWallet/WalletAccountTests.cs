using System.Net;
using System.Text.Json;

namespace Simulators.Tests.HiPayWallet;

public sealed class WalletAccountTests : IAsyncLifetime
{
    private WalletTestHost _wallet = null!;

    public async Task InitializeAsync() => _wallet = await WalletTestHost.StartAsync();

    public async Task DisposeAsync() => await _wallet.DisposeAsync();

    private static List<KeyValuePair<string, string>> NewAccount(string email, string login = "mirakl_MyShop_2001") =>
    [
        new("email", email),
        new("controle_type", "CREDENTIALS"),
        new("credential[wslogin]", WalletTestHost.Login),
        new("credential[wspassword]", WalletTestHost.Password),
        new("firstname", "Ada"),
        new("lastname", "Lovelace"),
        new("currency", "EUR"),
        new("locale", "fr_FR"),
        new("login", login),
        new("civility", "2"),
        new("entity_code", "mkp_entity"),
        new("company_name", "My Shop"),
        new("address[address]", "1 rue de la Paix"),
        new("address[zipcode]", "75002"),
        new("address[city]", "Paris"),
        new("address[country]", "FR"),
        new("alias", "Europe/Paris"),
    ];

    [Fact]
    public async Task IsAvailable_UnknownThenCreatedEmail_FlipsToFalse()
    {
        var fields = new[] { new KeyValuePair<string, string>("user_email", "shop@example.com"), new("entity", "mkp_entity") };
        var before = await _wallet.PostFormAsync("api/user-account/is-available", fields);
        await _wallet.PostFormAsync("api/user-account", NewAccount("shop@example.com"));
        var after = await _wallet.PostFormAsync("api/user-account/is-available", fields);

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(0, before.Code);
        Assert.Equal(JsonValueKind.True, before.Json.GetProperty("is_available").ValueKind);
        Assert.Equal("shop@example.com", before.Json.GetProperty("user_email").GetString());
        Assert.Equal("mkp_entity", before.Json.GetProperty("entity").GetString());
        Assert.Equal(JsonValueKind.False, after.Json.GetProperty("is_available").ValueKind);
    }

    [Fact]
    public async Task IsAvailable_WithoutEmail_Answers400WithFieldError()
    {
        var reply = await _wallet.PostFormAsync("api/user-account/is-available", [new("entity", "mkp_entity")]);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(400, reply.Code);
        Assert.Equal("user_email", reply.Json.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task CreateAccount_ValidRequest_Answers201WithReferenceShape()
    {
        var reply = await _wallet.PostFormAsync("api/user-account", NewAccount("shop@example.com"));

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(0, reply.Code);
        Assert.Equal(JsonValueKind.Number, reply.Json.GetProperty("account_id").ValueKind);
        Assert.Equal(JsonValueKind.Number, reply.Json.GetProperty("user_space_id").ValueKind);
        Assert.Equal(JsonValueKind.Number, reply.Json.GetProperty("status").ValueKind);
        Assert.Equal(16, reply.Json.GetProperty("callback_salt").GetString()!.Length);
        Assert.False(string.IsNullOrEmpty(reply.Json.GetProperty("wslogin").GetString()));
        Assert.False(string.IsNullOrEmpty(reply.Json.GetProperty("wspassword").GetString()));
        Assert.Equal("shop@example.com", reply.Json.GetProperty("email").GetString());

        var id = reply.Json.GetProperty("account_id").GetInt64();
        var account = await _wallet.GetAsync("api/user-account", id);
        Assert.Equal(0, account.Json.GetProperty("identified").GetInt32());
        Assert.Equal(JsonValueKind.Number, account.Json.GetProperty("identified").ValueKind);
        Assert.Equal(reply.Json.GetProperty("callback_salt").GetString(), account.Json.GetProperty("callback_salt").GetString());
        Assert.Equal(reply.Json.GetProperty("user_space_id").GetInt64(), account.Json.GetProperty("user_space_id").GetInt64());
    }

    [Fact]
    public async Task CreateAccount_DuplicateEmail_Answers200WithNonZeroCode()
    {
        await _wallet.PostFormAsync("api/user-account", NewAccount("shop@example.com"));

        var reply = await _wallet.PostFormAsync("api/user-account", NewAccount("SHOP@example.com", "mirakl_Other_2002"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.NotEqual(0, reply.Code);
    }

    [Fact]
    public async Task CreateAccount_LoginWithForbiddenCharacters_Answers400()
    {
        var reply = await _wallet.PostFormAsync("api/user-account", NewAccount("shop@example.com", "mirakl_My Shop!_2001"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("login", reply.Json.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task CreateAccount_WrongBodyCredentials_AnswersCode1()
    {
        var fields = NewAccount("shop@example.com");
        fields[3] = new("credential[wspassword]", "wrong");

        var reply = await _wallet.PostFormAsync("api/user-account", fields);

        Assert.Equal(1, reply.Code);
        var available = await _wallet.PostFormAsync("api/user-account/is-available", [new("user_email", "shop@example.com"), new("entity", "mkp_entity")]);
        Assert.True(available.Json.GetProperty("is_available").GetBoolean());
    }

    [Fact]
    public async Task GetAccount_Technical_HasEveryReferenceField()
    {
        var reply = await _wallet.GetAsync("api/user-account");

        foreach (var (name, kind) in new[]
        {
            ("code", JsonValueKind.Number), ("message", JsonValueKind.String), ("entity", JsonValueKind.String), ("user_account_id", JsonValueKind.Number),
            ("user_space_id", JsonValueKind.Number), ("currency", JsonValueKind.String), ("activated", JsonValueKind.Number),
            ("identified", JsonValueKind.Number), ("bank_info_validated", JsonValueKind.Number), ("callback_salt", JsonValueKind.String),
            ("ubo_statement_status_code", JsonValueKind.Number), ("websites", JsonValueKind.Array), ("sub_accounts", JsonValueKind.Array),
        })
        {
            Assert.Equal(kind, reply.Json.GetProperty(name).ValueKind);
        }

        Assert.Contains(reply.Json.GetProperty("sub_accounts").EnumerateArray(), e => e.GetInt64() == WalletTestHost.OperatorId);
    }

    [Fact]
    public async Task PatchAccount_NewEmail_IsReadBackAndFreesTheOldOne()
    {
        var created = await _wallet.PostFormAsync("api/user-account", NewAccount("old@example.com"));
        var id = created.Json.GetProperty("account_id").GetInt64();

        var patched = await _wallet.PatchFormAsync("api/user-account", [new("email", "new@example.com"), new("callback_url", "http://127.0.0.1:1/cb")], id);

        Assert.Equal(0, patched.Code);
        Assert.Equal("new@example.com", patched.Json.GetProperty("email").GetString());
        Assert.Equal(id, patched.Json.GetProperty("account_id").GetInt64());
        var account = await _wallet.GetAsync("api/user-account", id);
        Assert.Equal("http://127.0.0.1:1/cb", account.Json.GetProperty("callback_url").GetString());
        var available = await _wallet.PostFormAsync("api/user-account/is-available", [new("user_email", "old@example.com"), new("entity", "mkp_entity")]);
        Assert.True(available.Json.GetProperty("is_available").GetBoolean());
    }

    [Fact]
    public async Task Balance_AfterCredit_IsStringWithTwoDecimals()
    {
        await _wallet.CreditTechnicalAsync("113.2");

        var reply = await _wallet.GetAsync("api/user-account/balance");

        Assert.Equal(0, reply.Code);
        var balance = reply.Json.GetProperty("balances")[0];
        Assert.Equal(WalletTestHost.TechnicalId, balance.GetProperty("user_account_id").GetInt64());
        Assert.Equal("1", balance.GetProperty("user_account_type").GetString());
        Assert.Equal("113.20", balance.GetProperty("balance").GetString());
        Assert.Equal("113.20", balance.GetProperty("money_available_for_withdrawal").GetString());
        Assert.Equal("EUR", balance.GetProperty("currency").GetString());
        Assert.Equal("2026-01-01", reply.Json.GetProperty("date").GetString());
    }
}
