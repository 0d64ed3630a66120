using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Simulator.Mirakl.Json;

/// <summary>
/// Mirakl sends amounts as JSON numbers with two decimals ("12.34"); the simulator keeps them as long minor units.
/// Every currency the fake deals with (EUR, GBP) has two decimals, so the exponent is fixed here.
/// </summary>
internal sealed class MinorUnitsJsonConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDecimal(),
            JsonTokenType.String => decimal.Parse(reader.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
            _ => throw new JsonException($"Expected an amount, got {reader.TokenType}."),
        };
        return ToMinor(value);
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(Format(value), skipInputValidation: true);
    }

    /// <summary>Exact conversion; more than two decimals is a caller error, not something to round away.</summary>
    public static long ToMinor(decimal value)
    {
        var scaled = value * 100m;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new JsonException($"Amount {value.ToString(CultureInfo.InvariantCulture)} has more than two decimals.");
        }

        return decimal.ToInt64(scaled);
    }

    /// <summary>"-12.05" style text without going through floating point.</summary>
    public static string Format(long minor)
    {
        var negative = minor < 0;
        var abs = negative ? -(decimal)minor : minor;
        var units = decimal.Truncate(abs / 100m);
        var cents = abs - (units * 100m);
        return (negative ? "-" : string.Empty) + units.ToString("0", CultureInfo.InvariantCulture) + "." +
            cents.ToString("00", CultureInfo.InvariantCulture);
    }
}
