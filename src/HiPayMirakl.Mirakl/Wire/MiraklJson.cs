using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HiPayMirakl.Mirakl.Wire;

/// <summary>
/// Serializer settings of the Mirakl wire format. Mirakl asks integrations to tolerate new fields and new enum values,
/// so unknown members are ignored and enum-like fields stay strings; numbers may also arrive as strings.
/// </summary>
internal static class MiraklJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        o.Converters.Add(new LenientBooleanConverter());
        o.Converters.Add(new LenientDateTimeOffsetConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}

/// <summary>Reads true/false also from "true"/"false" strings and 0/1, which some instances send.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number => reader.GetInt64() != 0,
            JsonTokenType.String => ParseText(reader.GetString()),
            _ => throw new JsonException($"Expected a boolean, got {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteBooleanValue(value);
    }

    private static bool ParseText(string? text) => text?.Trim() switch
    {
        "1" => true,
        "0" or "" or null => false,
        var t when bool.TryParse(t, out var b) => b,
        var t => throw new JsonException($"'{t}' is not a boolean."),
    };
}

/// <summary>Accepts ISO-8601 with Z, with an offset ("+0000" included) or a bare date (taken as UTC midnight).</summary>
internal sealed class LenientDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    private static readonly string[] CompactOffsetFormats =
        ["yyyy-MM-dd'T'HH:mm:sszzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzzz", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a date string, got {reader.TokenType}.");
        }

        if (reader.TryGetDateTimeOffset(out var value))
        {
            return value;
        }

        var text = reader.GetString()!.Trim();
        // "+0000" (no colon) is what PHP's ISO8601 constant produces.
        if (text.Length > 5 && (text[^5] == '+' || text[^5] == '-') && text[^4..].All(char.IsAsciiDigit))
        {
            text = text[..^2] + ":" + text[^2..];
        }

        if (DateTimeOffset.TryParseExact(text, CompactOffsetFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out value) ||
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            return value;
        }

        throw new JsonException($"'{text}' is not an ISO-8601 date.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(MiraklDates.Format(value));
    }
}

/// <summary>Custom field values are strings in Mirakl, but booleans and numbers are seen raw; keep their text.</summary>
internal sealed class LooseStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence
                ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence)
                : reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => ReadRaw(ref reader),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    private static string ReadRaw(ref Utf8JsonReader reader)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return doc.RootElement.GetRawText();
    }
}
