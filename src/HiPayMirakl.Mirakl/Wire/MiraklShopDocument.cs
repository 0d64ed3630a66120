using System.Text.Json.Serialization;

namespace HiPayMirakl.Mirakl;

/// <summary>One S30 item: a document a shop uploaded (the bytes come from S31).</summary>
public sealed class MiraklShopDocument
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("shop_id")] public long ShopId { get; init; }

    /// <summary>Document type code, e.g. ALL_PROOF_OF_BANK_ACCOUNT.</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("file_name")] public string? FileName { get; init; }
    [JsonPropertyName("date_uploaded")] public DateTimeOffset? DateUploaded { get; init; }
    [JsonPropertyName("date_deleted")] public DateTimeOffset? DateDeleted { get; init; }
}

/// <summary>One DO01 item: a document type configured on the instance.</summary>
public sealed class MiraklDocumentType
{
    [JsonPropertyName("code")] public string? Code { get; init; }
    [JsonPropertyName("label")] public string? Label { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }

    /// <summary>SHOP | ORDER.</summary>
    [JsonPropertyName("entity")] public string? Entity { get; init; }
    [JsonPropertyName("mime_types")] public IReadOnlyList<string>? MimeTypes { get; init; }
}

/// <summary>One AF01 item: a custom field definition.</summary>
public sealed class MiraklAdditionalField
{
    [JsonPropertyName("code")] public string? Code { get; init; }
    [JsonPropertyName("label")] public string? Label { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("entity")] public string? Entity { get; init; }

    /// <summary>STRING | BOOLEAN | LIST | DATE | NUMERIC | REGEX | …</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("required")] public bool? Required { get; init; }
    [JsonPropertyName("shop_permission")] public string? ShopPermission { get; init; }
    [JsonPropertyName("accepted_values")] public IReadOnlyList<string>? AcceptedValues { get; init; }

    [JsonPropertyName("default_value"), JsonConverter(typeof(Wire.LooseStringConverter))]
    public string? DefaultValue { get; init; }
}

/// <summary>An S31 download held in memory.</summary>
public sealed record MiraklDownloadedDocument(long DocumentId, ReadOnlyMemory<byte> Content, string? FileName, string? ContentType);

/// <summary>What S31 said about a document streamed into a caller's stream.</summary>
public sealed record MiraklDocumentDownload(long DocumentId, long Length, string? FileName, string? ContentType);
