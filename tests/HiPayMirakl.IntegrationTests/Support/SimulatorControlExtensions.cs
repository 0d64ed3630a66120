using System.Net.Http.Json;
using System.Text.Json;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>Calls on the simulators' /_sim control APIs, as the tests use them.</summary>
public static class SimulatorControlExtensions
{
    public static async Task<JsonElement> PostSimAsync(this HttpClient client, string path, object body)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetSimAsync(this HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Moves a simulator's virtual clock, which delivers every notification due by then.</summary>
    public static Task<JsonElement> AdvanceClockAsync(this HttpClient client, TimeSpan by) =>
        client.PostSimAsync("/_sim/clock/advance", new { seconds = (int)by.TotalSeconds });
}
