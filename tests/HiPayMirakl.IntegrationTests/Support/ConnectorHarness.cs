using HiPayMirakl.Cli;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Common;
using Simulator.HiPayEnterprise;
using Simulator.HiPayWallet;
using Simulator.Mirakl;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>
/// The real connector host on Kestrel (127.0.0.1:0) wired to the Mirakl and HiPay Wallet simulators (also on
/// loopback) and to a fresh, migrated database. Wallet notifications are posted back to the host's endpoint.
/// </summary>
public sealed class ConnectorHarness : IAsyncDisposable
{
    public const string OperatorKey = "operator-key";
    public const long TechnicalAccountId = 100000;
    public const long OperatorAccountId = 100001;

    private readonly string _tempPath;
    private readonly Dictionary<string, HttpClient> _roleClients = new(StringComparer.Ordinal);
    private readonly List<HttpClient> _clients = [];

    private ConnectorHarness(TestDatabase database, SimulatorHost mirakl, SimulatorHost wallet, WebApplication web, ConnectorSettings settings, string tempPath)
    {
        Database = database;
        Mirakl = mirakl;
        Wallet = wallet;
        Web = web;
        Settings = settings;
        _tempPath = tempPath;
        WebBaseAddress = ConnectorWebHost.Addresses(web)[0];
        MiraklControl = new HttpClient { BaseAddress = mirakl.BaseAddress };
        WalletControl = new HttpClient { BaseAddress = wallet.BaseAddress };
        WebClient = new HttpClient { BaseAddress = WebBaseAddress };
    }

    public TestDatabase Database { get; }

    public SimulatorHost Mirakl { get; }

    public SimulatorHost Wallet { get; }

    /// <summary>The HiPay Enterprise simulator, when the harness was started with one.</summary>
    public SimulatorHost? Enterprise { get; private init; }

    /// <summary>For the HiPay Enterprise simulator's /_sim control API (no auth); null without that simulator.</summary>
    public HttpClient? EnterpriseControl { get; private set; }

    public WebApplication Web { get; }

    public ConnectorSettings Settings { get; }

    public Uri WebBaseAddress { get; }

    /// <summary>For the Mirakl simulator's /_sim control API (no auth).</summary>
    public HttpClient MiraklControl { get; }

    /// <summary>For the HiPay Wallet simulator's /_sim control API (no auth).</summary>
    public HttpClient WalletControl { get; }

    /// <summary>For the connector's own endpoints.</summary>
    public HttpClient WebClient { get; }

    public IServiceProvider Services => Web.Services;

    public static async Task<ConnectorHarness> StartAsync(
        DatabaseProvider provider,
        Action<MiraklSimulatorOptions>? mirakl = null,
        Action<HiPayWalletSimulatorOptions>? wallet = null,
        Action<IServiceCollection>? services = null,
        bool processInbox = true,
        Action<HiPayEnterpriseSimulatorOptions>? enterprise = null,
        string? environment = null,
        Action<ConnectorSettings>? configure = null)
    {
        var database = await TestDatabase.CreateMigratedAsync(provider);

        var miraklOptions = new MiraklSimulatorOptions();
        mirakl?.Invoke(miraklOptions);
        // Strict books: the simulator does not de-duplicate by merchant_unique_id on the connector's behalf, so a
        // re-sent transfer or withdrawal shows as a second payment. A test wanting HiPay's documented
        // de-duplication turns it off through `wallet`.
        var walletOptions = new HiPayWalletSimulatorOptions { TechnicalAccountId = TechnicalAccountId, OperatorAccountId = OperatorAccountId, StrictBooks = true };
        wallet?.Invoke(walletOptions);
        var miraklHost = await MiraklSimulator.StartAsync(miraklOptions);
        var walletHost = await HiPayWalletSimulator.StartAsync(walletOptions);

        // The Enterprise gateway is optional: only direct-debit tests start it.
        HiPayEnterpriseSimulatorOptions? enterpriseOptions = null;
        SimulatorHost? enterpriseHost = null;
        if (enterprise is not null)
        {
            enterpriseOptions = new HiPayEnterpriseSimulatorOptions();
            enterprise(enterpriseOptions);
            enterpriseHost = await HiPayEnterpriseSimulator.StartAsync(enterpriseOptions);
        }

        var tempPath = Path.Combine(Path.GetTempPath(), "hm-harness-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(tempPath);
        var settings = SimulatorSettings.For(miraklHost, miraklOptions, walletHost, walletOptions,
            new DatabaseOptions { Provider = provider, ConnectionString = database.ConnectionString }, tempPath);
        if (enterpriseOptions is not null && enterpriseHost is not null)
        {
            var (login, password) = enterpriseOptions.Accounts.First();
            settings.HiPayEnterprise.BaseUrl = enterpriseHost.BaseAddress.ToString();
            settings.HiPayEnterprise.Username = login;
            settings.HiPayEnterprise.Password = password;
            settings.HiPayEnterprise.Passphrase = enterpriseOptions.SecretPassphrase;
            settings.HiPayEnterprise.SignatureAlgorithm = enterpriseOptions.HashAlgorithm;
        }

        configure?.Invoke(settings);
        ConnectorConfigurationValidator.ThrowIfInvalid(settings, SettingsScope.All);

        var web = ConnectorWebHost.Build(settings, ["http://127.0.0.1:0"], services, processInbox, environment: environment);
        await web.StartAsync();
        var harness = new ConnectorHarness(database, miraklHost, walletHost, web, settings, tempPath) { Enterprise = enterpriseHost };
        walletOptions.DefaultCallbackUrl = new Uri(harness.WebBaseAddress, "/notifications/hipay-wallet");
        if (enterpriseOptions is not null && enterpriseHost is not null)
        {
            enterpriseOptions.DefaultNotifyUrl = new Uri(harness.WebBaseAddress, "/notifications/hipay-enterprise");
            harness.EnterpriseControl = new HttpClient { BaseAddress = enterpriseHost.BaseAddress };
        }

        return harness;
    }

    /// <summary>The command-line arguments that give the real CLI this harness's whole configuration.</summary>
    public string[] CliArgs()
    {
        var args = new List<string>();
        void Set(string key, object value) => args.AddRange(["--set", key + "=" + (value switch
        {
            TimeSpan t => t.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        })]);
        foreach (var (section, options) in Settings.Sections())
        {
            foreach (var property in options.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var key = $"{section}:{property.Name}";
                switch (property.GetValue(options))
                {
                    case null:
                        break;
                    case string text:
                        Set(key, text);
                        break;
                    case System.Collections.IDictionary map:
                        // Keyed sections (Scheduler:Jobs:<name>:<property>).
                        foreach (System.Collections.DictionaryEntry entry in map)
                        {
                            foreach (var inner in entry.Value!.GetType().GetProperties().Where(p => p.CanWrite))
                            {
                                if (inner.GetValue(entry.Value) is { } innerValue)
                                {
                                    Set($"{key}:{entry.Key}:{inner.Name}", innerValue);
                                }
                            }
                        }

                        break;
                    case System.Collections.IEnumerable items:
                        var i = 0;
                        foreach (var item in items)
                        {
                            Set($"{key}:{i++}", item);
                        }

                        break;
                    case var value:
                        Set(key, value);
                        break;
                }
            }
        }

        return [.. args];
    }

    public AsyncServiceScope CreateScope() => Web.Services.CreateAsyncScope();

    /// <summary>
    /// A client of the host authenticated as a machine client with <paramref name="role"/>: an API key is created in
    /// the database on first use and sent as a bearer token. One client per role, disposed with the harness.
    /// </summary>
    public async Task<HttpClient> ClientAsync(string role)
    {
        if (_roleClients.TryGetValue(role, out var existing))
        {
            return existing;
        }

        var key = await CreateApiKeyAsync("tests-" + role, role);
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        _roleClients[role] = client;
        return client;
    }

    /// <summary>Creates an API key in the database; returns the key itself.</summary>
    public async Task<string> CreateApiKeyAsync(string name, string role)
    {
        await using var scope = CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(name, role, "tests", CancellationToken.None);
        return created.Key;
    }

    /// <summary>Adds a user (role null: a user with no role at all).</summary>
    public async Task AddUserAsync(string email, string password, string? role)
    {
        await using var scope = CreateScope();
        if (role is not null)
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync(email, password, role, CancellationToken.None);
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ConnectorUser>>();
        var result = await users.CreateAsync(new ConnectorUser { UserName = email, Email = email, LockoutEnabled = true }, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>A fresh, unauthenticated client of the host that keeps cookies (for sign-in); disposed with the harness.</summary>
    public HttpClient NewClient()
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = WebBaseAddress };
        _clients.Add(client);
        return client;
    }

    /// <summary>Applies every stored notification that is due, through the host's own inbox dispatcher.</summary>
    public Task<int> DrainInboxAsync() => Web.Services.GetRequiredService<InboxDispatcher>().DrainAsync(CancellationToken.None);

    public ConnectorDbContext CreateDbContext() => Database.CreateContext();

    public async ValueTask DisposeAsync()
    {
        MiraklControl.Dispose();
        WalletControl.Dispose();
        WebClient.Dispose();
        EnterpriseControl?.Dispose();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Web.StopAsync();
        await Web.DisposeAsync();
        if (Enterprise is not null)
        {
            await Enterprise.DisposeAsync();
        }

        await Wallet.DisposeAsync();
        await Mirakl.DisposeAsync();
        await Database.DisposeAsync();
        if (Directory.Exists(_tempPath))
        {
            Directory.Delete(_tempPath, recursive: true);
        }
    }
}
