namespace HiPayMirakl.Core.Features.Vendors;

/// <summary>A Mirakl KYC document already uploaded to HiPay; its presence prevents a second upload.</summary>
public sealed class VendorDocument
{
    public long Id { get; set; }

    public long VendorId { get; set; }

    public Vendor? Vendor { get; set; }

    public long MiraklDocumentId { get; set; }

    /// <summary>Mirakl document type code, e.g. LEGAL_IDENTITY_OF_REPRESENTATIVE.</summary>
    public string DocumentType { get; set; } = "";

    /// <summary>HiPay identification type (1–9) it was uploaded as.</summary>
    public int HiPayDocumentType { get; set; }

    public string FileName { get; set; } = "";

    public DateTimeOffset? MiraklUploadedAt { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}
