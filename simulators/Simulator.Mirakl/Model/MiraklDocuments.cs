using System.Text.Json.Serialization;

namespace Simulator.Mirakl.Model;

/// <summary>A shop document (S30 item) plus the bytes S31 serves.</summary>
internal sealed class MiraklShopDocument
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("shop_id")] public long ShopId { get; set; }
    [JsonPropertyName("type")] public string Type { get; set; } = string.Empty;
    [JsonPropertyName("file_name")] public string FileName { get; set; } = string.Empty;
    [JsonPropertyName("date_uploaded")] public DateTimeOffset DateUploaded { get; set; }
    [JsonPropertyName("date_deleted")] public DateTimeOffset? DateDeleted { get; set; }

    [JsonIgnore] public byte[] Bytes { get; set; } = [];
    [JsonIgnore] public string ContentType { get; set; } = "application/octet-stream";
}

/// <summary>DO01 item.</summary>
internal sealed record MiraklDocumentType(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("entity")] string Entity,
    [property: JsonPropertyName("mime_types")] IReadOnlyList<string> MimeTypes,
    [property: JsonPropertyName("models")] IReadOnlyList<string> Models);

/// <summary>AF01 item.</summary>
internal sealed record MiraklAdditionalField(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("entity")] string Entity,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("required")] bool Required,
    [property: JsonPropertyName("shop_permission")] string ShopPermission,
    [property: JsonPropertyName("accepted_values")] IReadOnlyList<string> AcceptedValues,
    [property: JsonPropertyName("default_value")] string? DefaultValue,
    [property: JsonPropertyName("regex")] string? Regex,
    [property: JsonPropertyName("models")] IReadOnlyList<string> Models,
    [property: JsonPropertyName("channels")] IReadOnlyList<string> Channels);

/// <summary>One S07 shop entry as received, with what the simulator answered for it.</summary>
internal sealed record ShopUpdateRecord(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("shop_id")] long? ShopId,
    [property: JsonPropertyName("body")] System.Text.Json.JsonElement Body,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("message")] string? Message);
