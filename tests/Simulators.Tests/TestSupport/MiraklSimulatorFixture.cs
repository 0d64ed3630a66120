using System.Net.Http.Json;
using System.Text.Json;
using Simulator.Common;
using Simulator.Mirakl;

namespace Simulators.Tests.TestSupport;

/// <summary>Base for Mirakl simulator tests: one fresh simulator per test, an authenticated client, helpers.</summary>
public abstract class MiraklSimulatorTestBase : IAsyncLifetime, IDisposable
{
    public const string OperatorKey = "operator-key";

    protected SimulatorHost Host { get; private set; } = null!;

    /// <summary>Sends the raw operator key, as the predecessor does.</summary>
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>No credentials.</summary>
    protected HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await MiraklSimulator.StartAsync();
        Client = new HttpClient { BaseAddress = Host.BaseAddress };
        Client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", OperatorKey);
        Anonymous = new HttpClient { BaseAddress = Host.BaseAddress };
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public void Dispose()
    {
        Client.Dispose();
        Anonymous.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task<JsonElement> SeedAsync(int shops, int cycles = 1, int seed = 42, string start = "2026-01-01T00:00:00Z")
    {
        using var r = await Client.PostAsJsonAsync("_sim/mirakl/seed", new { shops, cyclesOfInvoices = cycles, seed, start });
        r.EnsureSuccessStatusCode();
        return await ReadJsonAsync(r);
    }

    protected async Task PostControlAsync(string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var r = await Client.PostAsync(path, content);
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    protected async Task<JsonElement> GetJsonAsync(string path)
    {
        using var r = await Client.GetAsync(path);
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await ReadJsonAsync(r);
    }

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage r)
    {
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    /// <summary>A minimal S20 shop JSON, enough for most scenarios.</summary>
    protected static string ShopJson(long id, string lastUpdated = "2025-06-01T00:00:00Z", string currency = "EUR") => $$"""
        {"shop_id":{{id}},"shop_name":"Shop {{id}}","currency_iso_code":"{{currency}}","last_updated_date":"{{lastUpdated}}",
         "contact_informations":{"email":"s{{id}}@example.com","country":"FRA","firstname":"Zoé","lastname":"Müller"},
         "payment_info":{"@type":"IBAN","iban":"FR7630004012781111111111124","bic":"BNPAFRPP","owner":"Zoé","bank_name":"BNP"},
         "shop_additional_fields":[{"code":"hipay-process","type":"BOOLEAN","value":"true"}]}
        """;
}
