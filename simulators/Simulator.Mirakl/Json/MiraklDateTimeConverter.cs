using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Simulator.Mirakl.Json;

/// <summary>Mirakl writes UTC instants as "2015-08-20T09:21:59Z" (no fraction, no offset).</summary>
internal sealed class MiraklDateTimeConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return MiraklDates.TryParse(text, out var value)
            ? value
            : throw new JsonException($"Invalid date '{text}'.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture));
    }
}

internal static class MiraklDates
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:sszz00",
        "yyyy-MM-dd'T'HH:mm:ss",
    ];

    /// <summary>
    /// Accepts the three forms connectors send: a date ("2026-01-01"), an instant with Z, and an ISO-8601 basic
    /// offset ("2026-01-01T00:00:00+0000"). A '+' that arrived unencoded in a query string reads as a space.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim().Replace(' ', '+');
        if (text.Length > 5 && (text[^5] == '+' || text[^5] == '-') && text[^3] != ':' && text.Contains('T', StringComparison.Ordinal))
        {
            text = text[..^2] + ":" + text[^2..];
        }

        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    public static string Write(DateTimeOffset value) =>
        value.ToUniversalTime().ToString(MiraklDateTimeConverter.Format, CultureInfo.InvariantCulture);
}
