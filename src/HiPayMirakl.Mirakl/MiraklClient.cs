using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using HiPayMirakl.Mirakl.Http;
using HiPayMirakl.Mirakl.Wire;
using Polly;
using Polly.Timeout;

namespace HiPayMirakl.Mirakl;

/// <summary>Typed HttpClient for the Mirakl operator API. Created by IHttpClientFactory (see AddMiraklClient).</summary>
internal sealed class MiraklClient(HttpClient http, MiraklClientOptions options, MiraklResilience resilience) : IMiraklClient
{
    /// <summary>Page size of offset pagination; 100 is the largest Mirakl is known to honour.</summary>
    internal const int PageSize = 100;

    private const int MaxErrorBodyBytes = 16 * 1024;

    private static readonly string[] RequestIdHeaders =
        ["X-Request-Id", "X-Mirakl-Request-Id", "Request-Id", "X-Correlation-Id", "X-Amzn-RequestId"];

    public async IAsyncEnumerable<MiraklShop> GetShopsAsync(DateTimeOffset? updatedSince = null,
        IReadOnlyCollection<long>? shopIds = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var since = updatedSince is { } s ? MiraklDates.Format(s) : null;
        IReadOnlyList<string?> chunks = shopIds is null ? [null] : [.. MiraklQuery.ChunkIds(shopIds)];
        var seen = new HashSet<long>();
        foreach (var chunk in chunks)
        {
            var path = MiraklQuery.Build("api/shops", ("shop_ids", chunk), ("updated_since", since), ("paginate", "true"));
            await foreach (var shop in PaginateAsync<ShopsPage, MiraklShop>("S20", path, p => (p.Shops, p.TotalCount), ct))
            {
                // Offset pages can overlap when a shop is updated between two pages; each shop is reported once.
                if (seen.Add(shop.ShopId))
                {
                    yield return shop;
                }
            }
        }
    }

    public async IAsyncEnumerable<MiraklInvoice> GetInvoicesAsync(DateTimeOffset startDate, DateTimeOffset endDate,
        string type = MiraklInvoiceTypes.AutoInvoice, string? currency = null, long? shopId = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (endDate < startDate)
        {
            throw new ArgumentException("The IV01 window ends before it starts.", nameof(endDate));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        // "shop" is IV01's name for the filter; the predecessor sent "shopId", which Mirakl ignores.
        var path = MiraklQuery.Build("api/invoices", ("type", type), ("start_date", MiraklDates.Format(startDate)),
            ("end_date", MiraklDates.Format(endDate)), ("currency", currency),
            ("shop", shopId is { } id ? MiraklQuery.Number(id) : null), ("paginate", "true"));
        var seen = new HashSet<long>();
        await foreach (var invoice in PaginateAsync<InvoicesPage, MiraklInvoice>("IV01", path, p => (p.Invoices, p.TotalCount), ct))
        {
            if (seen.Add(invoice.InvoiceId))
            {
                yield return invoice;
            }
        }
    }

    public async Task<IReadOnlyList<MiraklShopUpdateResult>> UpdateShopsAsync(IReadOnlyList<MiraklShopUpdate> updates,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var results = new List<MiraklShopUpdateResult>(updates.Count);
        foreach (var chunk in updates.Chunk(MiraklQuery.MaxIdsPerCall))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new MiraklShopUpdateRequest { Shops = chunk }, MiraklJson.Options);
            using var response = await SendAsync("S07", () => new HttpRequestMessage(HttpMethod.Put, "api/shops")
            {
                Content = JsonContent(body),
            }, retryTransientFailures: false, ct);
            var parsed = await ReadJsonAsync<MiraklShopReturnsResponse>("S07", response, ct);
            var returns = parsed.ShopReturns ?? [];
            for (var i = 0; i < returns.Count; i++)
            {
                var fallbackId = i < chunk.Length ? chunk[i].ShopId : 0;
                results.Add(ToResult(returns[i], fallbackId));
            }
        }

        return results;
    }

    public async Task<IReadOnlyList<MiraklShopDocument>> GetShopDocumentsAsync(IReadOnlyCollection<long> shopIds,
        bool includeDeleted = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(shopIds);
        var documents = new List<MiraklShopDocument>();
        var seen = new HashSet<long>();
        foreach (var chunk in MiraklQuery.ChunkIds(shopIds))
        {
            var path = MiraklQuery.Build("api/shops/documents", ("shop_ids", chunk),
                ("include_deleted", includeDeleted ? "true" : null));
            var page = await GetJsonAsync<ShopDocumentsResponse>("S30", path, ct);
            documents.AddRange((page.ShopDocuments ?? []).Where(d => seen.Add(d.Id)));
        }

        return documents;
    }

    public async Task<MiraklDocumentDownload> DownloadDocumentAsync(long documentId, Stream destination,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var path = MiraklQuery.Build("api/shops/documents/download", ("document_ids", MiraklQuery.Number(documentId)));
        using var response = await SendAsync("S31", () => new HttpRequestMessage(HttpMethod.Get, path),
            retryTransientFailures: true, ct);
        long length = 0;
        await using (var source = await response.Content.ReadAsStreamAsync(ct))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), ct);
                length += read;
            }
        }

        return new MiraklDocumentDownload(documentId, length, FileName(response.Content.Headers.ContentDisposition),
            response.Content.Headers.ContentType?.MediaType);
    }

    public async Task<MiraklDownloadedDocument> DownloadDocumentAsync(long documentId, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        var info = await DownloadDocumentAsync(documentId, buffer, ct);
        return new MiraklDownloadedDocument(documentId, buffer.ToArray(), info.FileName, info.ContentType);
    }

    public async Task<IReadOnlyList<MiraklDocumentType>> GetDocumentTypesAsync(string entities = "SHOP",
        CancellationToken ct = default)
    {
        var page = await GetJsonAsync<DocumentTypesResponse>("DO01",
            MiraklQuery.Build("api/documents", ("entities", entities)), ct);
        return page.Documents ?? [];
    }

    public async Task<IReadOnlyList<MiraklAdditionalField>> GetAdditionalFieldsAsync(string entities = "SHOP",
        CancellationToken ct = default)
    {
        var page = await GetJsonAsync<AdditionalFieldsResponse>("AF01",
            MiraklQuery.Build("api/additional_fields", ("entities", entities)), ct);
        return page.AdditionalFields ?? [];
    }

    public async Task<string?> GetVersionAsync(CancellationToken ct = default)
    {
        var answer = await GetJsonAsync<VersionResponse>("VERSION", "api/version", ct);
        return answer.Version;
    }

    /// <summary>
    /// Offset pagination. With a total_count the loop stops once offset reaches it; without one, on a short page.
    /// An empty page always stops it, so an inconsistent total cannot loop forever.
    /// </summary>
    private async IAsyncEnumerable<T> PaginateAsync<TPage, T>(string operation, string path,
        Func<TPage, (IReadOnlyList<T>? Items, long? Total)> read, [EnumeratorCancellation] CancellationToken ct)
    {
        long offset = 0;
        while (true)
        {
            var url = MiraklQuery.Build(path, ("max", MiraklQuery.Number(PageSize)), ("offset", MiraklQuery.Number(offset)));
            var (items, total) = read(await GetJsonAsync<TPage>(operation, url, ct));
            if (items is null || items.Count == 0)
            {
                yield break;
            }

            foreach (var item in items)
            {
                yield return item;
            }

            offset += items.Count;
            if (total is { } t ? offset >= t : items.Count < PageSize)
            {
                yield break;
            }
        }
    }

    private async Task<T> GetJsonAsync<T>(string operation, string path, CancellationToken ct)
    {
        using var response = await SendAsync(operation, () => new HttpRequestMessage(HttpMethod.Get, path),
            retryTransientFailures: true, ct);
        return await ReadJsonAsync<T>(operation, response, ct);
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, Func<HttpRequestMessage> newRequest,
        bool retryTransientFailures, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(operation, ct);
        context.Properties.Set(MiraklResilience.RetryTransientFailures, retryTransientFailures);
        HttpResponseMessage response;
        try
        {
            // A request message can be sent only once, so every attempt builds its own.
            response = await resilience.Pipeline.ExecuteAsync(static async (ctx, state) =>
            {
                using var request = state.newRequest();
                return await state.http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.CancellationToken);
            }, context, (newRequest, http));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or OperationCanceledException)
        {
            throw new MiraklApiException(operation, null, null, null,
                ex is HttpRequestException ? "no response (connection failed)" : "no response within the timeout", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadBoundedAsync(response, ct);
            throw new MiraklApiException(operation, response.StatusCode, RequestId(response),
                MiraklRedaction.Excerpt(body, options.OperatorKey), "error response");
        }
    }

    private async Task<T> ReadJsonAsync<T>(string operation, HttpResponseMessage response, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, MiraklJson.Options)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException ex)
        {
            var excerpt = MiraklRedaction.Excerpt(
                Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxErrorBodyBytes)), options.OperatorKey);
            throw new MiraklApiException(operation, response.StatusCode, RequestId(response), excerpt,
                "unreadable response body", ex);
        }
    }

    private MiraklShopUpdateResult ToResult(MiraklShopReturn entry, long fallbackId)
    {
        if (entry.ShopError is { } error && error.ValueKind != JsonValueKind.Null)
        {
            var id = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("shop_id", out var idEl) &&
                (idEl.ValueKind == JsonValueKind.Number ? idEl.TryGetInt64(out var n) :
                    long.TryParse(idEl.GetString(), System.Globalization.CultureInfo.InvariantCulture, out n))
                ? n
                : entry.ShopUpdated?.ShopId ?? fallbackId;
            return new MiraklShopUpdateResult(id, null, ErrorText(error));
        }

        if (entry.ShopUpdated is { } shop)
        {
            return new MiraklShopUpdateResult(shop.ShopId != 0 ? shop.ShopId : fallbackId, shop, null);
        }

        return new MiraklShopUpdateResult(fallbackId, null, "Mirakl returned neither shop_updated nor shop_error.");
    }

    private string ErrorText(JsonElement error)
    {
        string? text = null;
        if (error.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in (string[])["message", "error", "code"])
            {
                if (error.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
                {
                    text = v.GetString();
                    break;
                }
            }
        }
        else if (error.ValueKind == JsonValueKind.String)
        {
            text = error.GetString();
        }

        return MiraklRedaction.Excerpt(text ?? error.GetRawText(), options.OperatorKey);
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxErrorBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    internal static string? RequestId(HttpResponseMessage response)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values) && values.FirstOrDefault() is { Length: > 0 } v)
            {
                // Bounded and single-line: the header is attacker-controlled text going into a message.
                return v.Length > 100 ? v[..100] : v;
            }
        }

        return null;
    }

    private static string? FileName(ContentDispositionHeaderValue? disposition)
    {
        var name = disposition?.FileNameStar ?? disposition?.FileName;
        return string.IsNullOrWhiteSpace(name) ? null : name.Trim('"');
    }
}
