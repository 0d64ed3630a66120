using System.Text.Json;
using System.Text.Json.Serialization;

namespace HiPayMirakl.Mirakl;

/// <summary>One S07 entry. Mirakl updates field by field: a null property is not sent and so not changed.</summary>
public sealed class MiraklShopUpdate
{
    [JsonPropertyName("shop_id")] public long ShopId { get; init; }
    [JsonPropertyName("kyc")] public MiraklKycUpdate? Kyc { get; init; }
    [JsonPropertyName("payment_blocked")] public bool? PaymentBlocked { get; init; }
    [JsonPropertyName("suspend")] public bool? Suspend { get; init; }
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("shop_additional_fields")] public IReadOnlyList<MiraklAdditionalFieldValue>? ShopAdditionalFields { get; init; }
}

public sealed class MiraklKycUpdate
{
    /// <summary>APPROVED | REFUSED | PENDING_APPROVAL | …</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    /// <summary>Read by Mirakl only for REFUSED; at most 1000 characters.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}

/// <summary>Per-shop outcome of S07: either the updated shop or Mirakl's error for that shop.</summary>
public sealed record MiraklShopUpdateResult(long ShopId, MiraklShop? UpdatedShop, string? ErrorMessage)
{
    public bool Succeeded => UpdatedShop is not null && ErrorMessage is null;
}

internal sealed class MiraklShopUpdateRequest
{
    [JsonPropertyName("shops")] public required IReadOnlyList<MiraklShopUpdate> Shops { get; init; }
}

internal sealed class MiraklShopReturnsResponse
{
    [JsonPropertyName("shop_returns")] public IReadOnlyList<MiraklShopReturn>? ShopReturns { get; init; }
}

internal sealed class MiraklShopReturn
{
    [JsonPropertyName("shop_updated")] public MiraklShop? ShopUpdated { get; init; }

    /// <summary>Shape inferred from connectors' mocks, so kept loose: message/code/errors are all looked at.</summary>
    [JsonPropertyName("shop_error")] public JsonElement? ShopError { get; init; }
}
