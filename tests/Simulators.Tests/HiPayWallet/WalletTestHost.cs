using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Simulator.Common;
using Simulator.HiPayWallet;

namespace Simulators.Tests.HiPayWallet;

/// <summary>HTTP status and parsed JSON body of one call.</summary>
public sealed record ApiReply(HttpStatusCode Status, JsonElement Json)
{
    public int Code => Json.GetProperty("code").GetInt32();
}

/// <summary>
/// The wallet simulator on 127.0.0.1:0 with a notification listener as its default callback URL, plus the calls
/// the tests make (technical credentials as LIB sends them, optional sub-account header).
/// </summary>
public sealed class WalletTestHost : IAsyncDisposable
{
    public const string Login = "tech-login";
    public const string Password = "tech-password";
    public const long TechnicalId = 100000;
    public const long OperatorId = 100001;

    private WalletTestHost(SimulatorHost host, NotificationListener listener)
    {
        Host = host;
        Listener = listener;
        Http = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public SimulatorHost Host { get; }

    public NotificationListener Listener { get; }

    public HttpClient Http { get; }

    public static async Task<WalletTestHost> StartAsync(Action<HiPayWalletSimulatorOptions>? configure = null)
    {
        var listener = await NotificationListener.StartAsync();
        try
        {
            var options = new HiPayWalletSimulatorOptions
            {
                TechnicalAccountId = TechnicalId,
                OperatorAccountId = OperatorId,
                TechnicalLogin = Login,
                TechnicalPassword = Password,
                DefaultCallbackUrl = listener.Target,
            };
            configure?.Invoke(options);
            var host = await HiPayWalletSimulator.StartAsync(options);
            return new WalletTestHost(host, listener);
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }
    }

    public Task<ApiReply> GetAsync(string path, long? subAccount = null) => SendAsync(HttpMethod.Get, path, null, subAccount);

    public Task<ApiReply> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, long? subAccount = null) =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(fields), subAccount);

    public Task<ApiReply> PatchFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, long? subAccount = null) =>
        SendAsync(HttpMethod.Patch, path, new FormUrlEncodedContent(fields), subAccount);

    public Task<ApiReply> PostMultipartAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string fileName, long subAccount, int fileBytes = 64)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(new byte[fileBytes]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", fileName);
        return SendAsync(HttpMethod.Post, path, content, subAccount);
    }

    public async Task<ApiReply> SendAsync(HttpMethod method, string path, HttpContent? content, long? subAccount,
        Action<HttpRequestMessage>? authenticate = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        if (authenticate is null)
        {
            request.Headers.Add("php-auth-user", Login);
            request.Headers.Add("php-auth-pw", Password);
        }
        else
        {
            authenticate(request);
        }

        if (subAccount is { } id)
        {
            request.Headers.Add("php-auth-subaccount-id", id.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        return new ApiReply(response.StatusCode, doc.RootElement.Clone());
    }

    public async Task<JsonElement> ControlAsync(string path, object body)
    {
        using var response = await Http.PostAsync(path.TrimStart('/'), new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public Task<JsonElement> AdvanceAsync(double seconds) => ControlAsync("_sim/clock/advance", new { seconds });

    public async Task<JsonElement> BooksAsync()
    {
        var text = await Http.GetStringAsync("_sim/wallet/books");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Seeds one vendor wallet ready for withdrawals unless told otherwise.</summary>
    public async Task<long> SeedVendorAsync(long id, long balanceMinor = 0, int identified = 1, int bankStatus = 3, string? salt = null)
    {
        await ControlAsync("_sim/wallet/accounts", new
        {
            accounts = new[]
            {
                new { accountId = id, email = $"vendor{id}@shop.example", login = $"mirakl_shop_{id}", balance = balanceMinor, identified, activated = identified, bankStatus, callbackSalt = salt },
            },
        });
        return id;
    }

    public Task<JsonElement> CreditTechnicalAsync(string amount) => ControlAsync("_sim/wallet/credit", new { amount });

    public Task<ApiReply> TransferAsync(long recipient, string amount, string? merchantUniqueId, string? recipientLogin = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("recipient_account_id", recipient.ToString(CultureInfo.InvariantCulture)),
            new("recipient_account_login", recipientLogin ?? $"vendor{recipient}@shop.example"),
            new("amount", amount),
            new("public_label", "public 2001 – 500001 - 2026-01-01 - 42"),
            new("private_label", "private label"),
        };
        if (merchantUniqueId is not null)
        {
            fields.Add(new("merchant_unique_id", merchantUniqueId));
        }

        return PostFormAsync("api/transfer", fields);
    }

    public Task<ApiReply> WithdrawAsync(long account, string amount, string? merchantUniqueId)
    {
        var fields = new List<KeyValuePair<string, string>> { new("amount", amount), new("label", "withdraw label") };
        if (merchantUniqueId is not null)
        {
            fields.Add(new("merchant_unique_id", merchantUniqueId));
        }

        return PostFormAsync("api/withdrawal", fields, account);
    }

    public static long BalanceOf(JsonElement books, long accountId) =>
        books.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("accountId").GetInt64() == accountId).GetProperty("balance").GetInt64();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Listener.DisposeAsync();
    }
}
