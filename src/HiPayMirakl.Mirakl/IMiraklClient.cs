namespace HiPayMirakl.Mirakl;

/// <summary>The Mirakl operator API calls the connector makes, in Mirakl's vocabulary.</summary>
public interface IMiraklClient
{
    /// <summary>S20: every shop matching the filters, each once, across all pages. Id filters are sent 100 at a time.
    /// An empty <paramref name="shopIds"/> yields nothing (it is a filter, not "all shops").</summary>
    IAsyncEnumerable<MiraklShop> GetShopsAsync(DateTimeOffset? updatedSince = null,
        IReadOnlyCollection<long>? shopIds = null, CancellationToken ct = default);

    /// <summary>S07: per-shop outcome, in request order. Only a 429 is retried.</summary>
    Task<IReadOnlyList<MiraklShopUpdateResult>> UpdateShopsAsync(IReadOnlyList<MiraklShopUpdate> updates,
        CancellationToken ct = default);

    /// <summary>S30: documents of the given shops, 100 shop ids per call.</summary>
    Task<IReadOnlyList<MiraklShopDocument>> GetShopDocumentsAsync(IReadOnlyCollection<long> shopIds,
        bool includeDeleted = false, CancellationToken ct = default);

    /// <summary>S31 for one document, streamed into <paramref name="destination"/>.</summary>
    Task<MiraklDocumentDownload> DownloadDocumentAsync(long documentId, Stream destination, CancellationToken ct = default);

    /// <summary>S31 for one document, in memory.</summary>
    Task<MiraklDownloadedDocument> DownloadDocumentAsync(long documentId, CancellationToken ct = default);

    /// <summary>DO01: document types of the given entities (SHOP by default).</summary>
    Task<IReadOnlyList<MiraklDocumentType>> GetDocumentTypesAsync(string entities = "SHOP", CancellationToken ct = default);

    /// <summary>AF01: custom field definitions of the given entities (SHOP by default).</summary>
    Task<IReadOnlyList<MiraklAdditionalField>> GetAdditionalFieldsAsync(string entities = "SHOP", CancellationToken ct = default);

    /// <summary>
    /// The API version (<c>GET /api/version</c>, e.g. "3.210"). HiPay's cash-out integration needs version 3 or later.
    /// </summary>
    Task<string?> GetVersionAsync(CancellationToken ct = default);

    /// <summary>IV01: accounting documents created in [startDate, endDate], each once, across all pages.</summary>
    IAsyncEnumerable<MiraklInvoice> GetInvoicesAsync(DateTimeOffset startDate, DateTimeOffset endDate,
        string type = MiraklInvoiceTypes.AutoInvoice, string? currency = null, long? shopId = null,
        CancellationToken ct = default);
}
