using System.Text.Json.Serialization;

namespace HiPayMirakl.Mirakl.Wire;

internal sealed class ShopsPage
{
    [JsonPropertyName("shops")] public IReadOnlyList<MiraklShop>? Shops { get; init; }
    [JsonPropertyName("total_count")] public long? TotalCount { get; init; }
}

internal sealed class InvoicesPage
{
    [JsonPropertyName("invoices")] public IReadOnlyList<MiraklInvoice>? Invoices { get; init; }
    [JsonPropertyName("total_count")] public long? TotalCount { get; init; }
}

internal sealed class ShopDocumentsResponse
{
    [JsonPropertyName("shop_documents")] public IReadOnlyList<MiraklShopDocument>? ShopDocuments { get; init; }
    [JsonPropertyName("total_count")] public long? TotalCount { get; init; }
}

internal sealed class DocumentTypesResponse
{
    [JsonPropertyName("documents")] public IReadOnlyList<MiraklDocumentType>? Documents { get; init; }
}

internal sealed class AdditionalFieldsResponse
{
    [JsonPropertyName("additional_fields")] public IReadOnlyList<MiraklAdditionalField>? AdditionalFields { get; init; }
}

internal sealed class VersionResponse
{
    [JsonPropertyName("version"), JsonConverter(typeof(LooseStringConverter))] public string? Version { get; init; }
}
