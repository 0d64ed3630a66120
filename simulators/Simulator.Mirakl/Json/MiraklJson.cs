using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Simulator.Mirakl.Json;

/// <summary>Serializer settings of the Mirakl wire format: explicit snake_case names on the DTOs, nulls written.</summary>
internal static class MiraklJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            PropertyNameCaseInsensitive = false,
            // Accented names must reach clients as UTF-8, not \u escapes, as a real instance sends them.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
        };
        o.Converters.Add(new MiraklDateTimeConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
