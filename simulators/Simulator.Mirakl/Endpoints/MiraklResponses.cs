using System.Text.Json.Serialization;
using Simulator.Mirakl.Model;

namespace Simulator.Mirakl.Endpoints;

internal sealed record ShopsResponse(
    [property: JsonPropertyName("shops")] IReadOnlyList<MiraklShop> Shops,
    [property: JsonPropertyName("total_count")] int TotalCount);

internal sealed record InvoicesResponse(
    [property: JsonPropertyName("invoices")] IReadOnlyList<MiraklInvoice> Invoices,
    [property: JsonPropertyName("total_count")] int TotalCount);

internal sealed record ShopDocumentsResponse(
    [property: JsonPropertyName("shop_documents")] IReadOnlyList<MiraklShopDocument> ShopDocuments,
    [property: JsonPropertyName("total_count")] int TotalCount);

internal sealed record DocumentTypesResponse(
    [property: JsonPropertyName("documents")] IReadOnlyList<MiraklDocumentType> Documents);

internal sealed record AdditionalFieldsResponse(
    [property: JsonPropertyName("additional_fields")] IReadOnlyList<MiraklAdditionalField> AdditionalFields,
    [property: JsonPropertyName("total_count")] int TotalCount);

internal sealed record ShopReturnsResponse(
    [property: JsonPropertyName("shop_returns")] IReadOnlyList<ShopReturn> ShopReturns);

/// <summary>One S07 result: exactly one of the two keys is present.</summary>
internal sealed record ShopReturn(
    [property: JsonPropertyName("shop_updated"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MiraklShop? ShopUpdated,
    [property: JsonPropertyName("shop_error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ShopError? ShopError);

internal sealed record ShopError(
    [property: JsonPropertyName("shop_id")] long? ShopId,
    [property: JsonPropertyName("message")] string Message);

internal sealed record MiraklErrorBody(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("message")] string Message);
