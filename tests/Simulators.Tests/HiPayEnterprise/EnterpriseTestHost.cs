using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Simulator.Common;
using Simulator.HiPayEnterprise;

namespace Simulators.Tests.HiPayEnterprise;

/// <summary>A notification as the merchant's endpoint received it: raw bytes and headers.</summary>
public sealed record ReceivedNotification(byte[] Body, string? Signature, string? UserAgent, string? ContentType)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>Form fields, brackets decoded (debit_agreement[id]).</summary>
    public IReadOnlyDictionary<string, string> Form =>
        Text.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Decode(p[0]), p => p.Length > 1 ? Decode(p[1]) : "", StringComparer.Ordinal);

    public int Status => int.Parse(Form["status"], System.Globalization.CultureInfo.InvariantCulture);

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}

/// <summary>The simulator plus a loopback endpoint that records its notifications; both stopped on dispose.</summary>
public sealed class EnterpriseTestHost : IAsyncDisposable
{
    public const string User = "sim-api-user";
    public const string Password = "sim-api-password";

    private readonly ConcurrentQueue<ReceivedNotification> _received = new();
    private SimulatorHost? _sink;

    private EnterpriseTestHost()
    {
    }

    public SimulatorHost Simulator { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IReadOnlyList<ReceivedNotification> Received => _received.ToArray();

    public VirtualClock Clock => Simulator.Get<VirtualClock>();

    public static async Task<EnterpriseTestHost> StartAsync(Action<HiPayEnterpriseSimulatorOptions>? configure = null)
    {
        var host = new EnterpriseTestHost();
        host._sink = await SimulatorHost.StartAsync(_ => { }, app => app.MapPost("/notify", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            host._received.Enqueue(new ReceivedNotification(
                buffer.ToArray(),
                request.Headers["X-ALLOPASS-SIGNATURE"].FirstOrDefault(),
                request.Headers.UserAgent.FirstOrDefault(),
                request.ContentType));
            return Results.Ok();
        }));
        var options = new HiPayEnterpriseSimulatorOptions { DefaultNotifyUrl = new Uri(host._sink.BaseAddress, "notify") };
        configure?.Invoke(options);
        host.Simulator = await HiPayEnterpriseSimulator.StartAsync(options);
        host.Http = new HttpClient { BaseAddress = host.Simulator.BaseAddress };
        host.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        return host;
    }

    public static Dictionary<string, string> FirstDebitForm(string orderId, string amount = "12.50", string lastname = "Doe") => new(StringComparer.Ordinal)
    {
        ["orderid"] = orderId,
        ["operation"] = "Sale",
        ["payment_product"] = "sdd",
        ["description"] = "Subscription",
        ["currency"] = "EUR",
        ["amount"] = amount,
        ["eci"] = "7",
        ["authentication_indicator"] = "0",
        ["recurring_payment"] = "1",
        ["iban"] = "DE89370400440532013000",
        ["firstname"] = "Jane",
        ["lastname"] = lastname,
    };

    public static Dictionary<string, string> RecurringForm(string orderId, string agreementId, string amount = "9.90") => new(StringComparer.Ordinal)
    {
        ["orderid"] = orderId,
        ["payment_product"] = "sdd",
        ["description"] = "Monthly",
        ["currency"] = "EUR",
        ["amount"] = amount,
        ["eci"] = "9",
        ["recurring_payment"] = "1",
        ["debit_agreement_id"] = agreementId,
    };

    public async Task<(int Status, string Body)> PostAsync(string path, IDictionary<string, string> form, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.ParseAdd(accept);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(int Status, string Body)> GetAsync(string path, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Creates a first debit and returns its JSON answer.</summary>
    public async Task<JsonElement> FirstDebitAsync(string orderId, string amount = "12.50", string lastname = "Doe")
    {
        var (status, body) = await PostAsync("rest/v1/order", FirstDebitForm(orderId, amount, lastname));
        Assert.Equal(200, status);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> LookupAsync(string reference)
    {
        var (status, body) = await GetAsync("rest/v1/transaction/" + reference);
        Assert.Equal(200, status);
        return JsonDocument.Parse(body).RootElement.GetProperty("transaction").Clone();
    }

    /// <summary>Advances the virtual clock by calendar days; queued notifications are delivered on the way.</summary>
    public Task AdvanceDaysAsync(double days) => Clock.AdvanceAsync(TimeSpan.FromDays(days));

    /// <summary>Delivers what is due now without moving time.</summary>
    public Task DeliverAsync() => Clock.AdvanceAsync(TimeSpan.Zero);

    public static XElement Xml(string body) => XElement.Parse(body);

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }
    }
}
