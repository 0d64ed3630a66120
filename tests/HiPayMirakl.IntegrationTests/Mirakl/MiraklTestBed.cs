using System.Net.Http.Json;
using System.Text.Json;
using HiPayMirakl.Mirakl;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Common;
using Simulator.Mirakl;
using Simulator.Mirakl.Seeding;

namespace HiPayMirakl.IntegrationTests.Mirakl;

/// <summary>
/// The Mirakl simulator on 127.0.0.1:0 plus a client registered the way the host registers it. The control client
/// talks to the simulator directly (raw JSON), so expectations never come from the client under test.
/// </summary>
internal sealed class MiraklTestBed : IAsyncDisposable
{
    public const string OperatorKey = "operator-key";

    private MiraklTestBed(SimulatorHost simulator, ServiceProvider services, HttpClient control)
    {
        Simulator = simulator;
        Services = services;
        Control = control;
        Client = services.GetRequiredService<IMiraklClient>();
    }

    public SimulatorHost Simulator { get; }

    public ServiceProvider Services { get; }

    public IMiraklClient Client { get; }

    /// <summary>Direct HTTP access to the simulator (API with the operator key, and /_sim control routes).</summary>
    public HttpClient Control { get; }

    public RequestJournal Journal => Simulator.Get<RequestJournal>();

    public FaultRegistry Faults => Simulator.Get<FaultRegistry>();

    public VirtualClock Clock => Simulator.Get<VirtualClock>();

    public static async Task<MiraklTestBed> StartAsync(MarketplaceSeedRequest? seed = null,
        Action<MiraklClientOptions>? configure = null, TimeProvider? clientTime = null)
    {
        var simulator = await MiraklSimulator.StartAsync(new MiraklSimulatorOptions { InitialSeed = seed });
        try
        {
            var options = new MiraklClientOptions
            {
                BaseUrl = simulator.BaseAddress,
                OperatorKey = OperatorKey,
                RequestsPerSecond = 1000,
                MaxRetries = 3,
                // Real back-off is not what these tests measure; keep it short so a retried call finishes at once.
                RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                RetryMaxDelay = TimeSpan.FromMilliseconds(5),
            };
            configure?.Invoke(options);
            var services = new ServiceCollection();
            if (clientTime is not null)
            {
                services.AddSingleton(clientTime);
            }

            services.AddMiraklClient(options);
            var control = new HttpClient { BaseAddress = simulator.BaseAddress };
            control.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", OperatorKey);
            return new MiraklTestBed(simulator, services.BuildServiceProvider(), control);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Raw S20 answer with paginate=false: the simulator's own view of the shops.</summary>
    public async Task<List<JsonElement>> RawShopsAsync()
    {
        using var doc = JsonDocument.Parse(await Control.GetStringAsync(new Uri("api/shops?paginate=false", UriKind.Relative)));
        return doc.RootElement.GetProperty("shops").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public async Task<JsonElement> PostControlAsync(string path, object body)
    {
        using var response = await Control.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    /// <summary>Journal entries of the public API (control routes are not journaled) for one path.</summary>
    public IReadOnlyList<JournalEntry> Calls(string method, string path) =>
        Journal.Snapshot().Where(e => e.Method == method && e.Path == path).ToList();

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
