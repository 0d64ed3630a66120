using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Core.Features.Vendors;

/// <summary>A Mirakl shop and the HiPay Wallet account it is paid through.</summary>
public sealed class Vendor : IVersioned, ITimestamped
{
    public long Id { get; set; }

    /// <summary>Mirakl shop id; immutable once recorded.</summary>
    public long MiraklShopId { get; set; }

    /// <summary>HiPay Wallet account id; immutable once linked.</summary>
    public long? HiPayAccountId { get; set; }

    public long? HiPayUserSpaceId { get; set; }

    public string Email { get; set; } = "";

    public string? Login { get; set; }

    public string? ShopName { get; set; }

    public bool Identified { get; set; }

    /// <summary>Per-wallet salt of the notification MD5. A secret: never logged or displayed.</summary>
    public string? CallbackSalt { get; set; }

    public string? VatNumber { get; set; }

    /// <summary>ISO 3166-1 alpha-3, as Mirakl sends it.</summary>
    public string? Country { get; set; }

    /// <summary>ISO 4217 code of the wallet (single-currency wallets).</summary>
    public string Currency { get; set; } = "EUR";

    public bool Enabled { get; set; } = true;

    public bool PaymentBlocked { get; set; }

    public BankInfoStatus BankInfoStatus { get; set; } = BankInfoStatus.Blank;

    /// <summary>SHA-256 of the sanitised bank details last registered, so a sync can tell "changed" without storing the IBAN.</summary>
    public string? BankInfoFingerprint { get; set; }

    /// <summary>When registered bank details last replaced different ones (null: never changed since first registered).</summary>
    public DateTimeOffset? BankInfoChangedAt { get; set; }

    /// <summary>Records new bank details, noting the time when they replace different ones.</summary>
    public void RecordBankFingerprint(string fingerprint, DateTimeOffset now)
    {
        if (BankInfoFingerprint is not null && !string.Equals(BankInfoFingerprint, fingerprint, StringComparison.Ordinal))
        {
            BankInfoChangedAt = now;
        }

        BankInfoFingerprint = fingerprint;
    }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long Version { get; set; }

    public List<VendorDocument> Documents { get; } = [];

    /// <summary>Enforces the immutability rules of the predecessor (shop id and account id never change).</summary>
    public void LinkWallet(long accountId, long? userSpaceId)
    {
        if (HiPayAccountId is { } existing && existing != accountId)
        {
            throw new InvalidOperationException(
                $"Vendor for shop {MiraklShopId} is linked to wallet {existing}; refusing to relink it to {accountId}.");
        }

        HiPayAccountId = accountId;
        HiPayUserSpaceId = userSpaceId ?? HiPayUserSpaceId;
    }
}

/// <summary>HiPay Wallet bank-info status codes.</summary>
public enum BankInfoStatus
{
    Blank = 1,
    ToValidate = 2,
    Validated = 3,
}
