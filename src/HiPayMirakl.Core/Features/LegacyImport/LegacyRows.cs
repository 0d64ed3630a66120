namespace HiPayMirakl.Core.Features.LegacyImport;

/// <summary>A row of the predecessor's <c>vendors</c> table.</summary>
public sealed record LegacyVendor(
    long Id, long MiraklId, string Email, long HiPayId, long? HiPayUserSpaceId, bool Identified, string? VatNumber,
    string? CallbackSalt, bool? Enabled, string? Country, bool PaymentBlocked);

/// <summary>A row of the predecessor's <c>operations</c> table; amounts as the exact decimals the database holds.</summary>
public sealed record LegacyOperation(
    long Id, long? MiraklId, long? HiPayId, decimal Amount, decimal? OriginAmount, DateTimeOffset CycleDate, string? WithdrawId,
    string? TransferId, int Status, string PaymentVoucher, DateTimeOffset? UpdatedAt, decimal? WithdrawnAmount, string? AdjustmentIds,
    string? MerchantUniqueId);

/// <summary>A row of the predecessor's <c>log_vendors</c> table.</summary>
public sealed record LegacyVendorLog(
    long Id, long MiraklId, long HiPayId, string? Login, int StatusWalletAccount, int Status, string? Message, int NbDoc,
    DateTimeOffset Date, bool? Enabled, string? Country, bool PaymentBlocked);

/// <summary>The three tables, read from the predecessor's database or from its exports.</summary>
public sealed record LegacyData(IReadOnlyList<LegacyVendor> Vendors, IReadOnlyList<LegacyOperation> Operations, IReadOnlyList<LegacyVendorLog> VendorLogs);
