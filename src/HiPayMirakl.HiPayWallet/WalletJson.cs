using System.Globalization;
using System.Text.Json;

namespace HiPayMirakl.HiPayWallet;

/// <summary>
/// Tolerant readers for HiPay's JSON: the API mixes numbers and numeric strings (<c>identified: "1"</c>,
/// <c>code: "0"</c>, <c>balance: 12.3</c>), so every getter accepts both and never goes through double.
/// </summary>
internal static class WalletJson
{
    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? String(JsonElement obj, string name) => Property(obj, name) switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    public static long? Long(JsonElement obj, string name) => Property(obj, name) switch
    {
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var n) => n,
        { ValueKind: JsonValueKind.String } v when long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        { ValueKind: JsonValueKind.True } => 1,
        { ValueKind: JsonValueKind.False } => 0,
        _ => null,
    };

    public static int? Int(JsonElement obj, string name) => Long(obj, name) is { } n && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;

    /// <summary>1/0, true/false, "1"/"0", "yes"/"no".</summary>
    public static bool Flag(JsonElement obj, string name) => Property(obj, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.Number } v => v.TryGetInt64(out var n) && n == 1,
        { ValueKind: JsonValueKind.String } v => v.GetString() is "1" or "yes" or "true",
        _ => false,
    };

    /// <summary>An amount given as "123.45" or 123.45, in minor units of the currency.</summary>
    public static long? Minor(JsonElement obj, string name, string? currency)
    {
        var text = Property(obj, name) switch
        {
            { ValueKind: JsonValueKind.String } v => v.GetString(),
            { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
            _ => null,
        };
        return text is null || string.IsNullOrEmpty(currency) ? null : WalletAmount.ToMinor(text, currency);
    }
}
