using System.Text.Json;
using Simulator.Mirakl.Model;

namespace Simulator.Mirakl;

/// <summary>Filters of an IV01 query.</summary>
internal sealed record InvoiceQuery(DateTimeOffset? Start, DateTimeOffset? End, string Type, long? ShopId,
    string? Currency, string? PaymentStatus, IReadOnlySet<long>? InvoiceIds);

/// <summary>
/// In-memory Mirakl instance. Indexes are sized for catalogues of ~10k shops / 50k invoices: shops by id plus a
/// sorted id array, invoices sorted by (date_created, invoice_id) so a date window is two binary searches.
/// Objects handed out are never mutated afterwards (updates replace them), so serialization needs no lock.
/// </summary>
internal sealed class MiraklState(TimeProvider clock)
{
    private readonly object _gate = new();
    private readonly Dictionary<long, MiraklShop> _shops = [];
    private long[] _shopOrder = [];
    private bool _shopOrderDirty;
    private readonly Dictionary<long, MiraklShopDocument> _documents = [];
    private readonly Dictionary<long, List<MiraklShopDocument>> _documentsByShop = [];
    private readonly Dictionary<long, MiraklInvoice> _invoicesById = [];
    private readonly List<MiraklInvoice> _invoices = [];
    private bool _invoicesDirty;
    private readonly List<ShopUpdateRecord> _shopUpdates = [];
    private long _nextDocumentId = 1000;
    private long _nextInvoiceId = 100_000;
    private long _updateSeq;

    private static readonly Comparison<MiraklInvoice> InvoiceOrder = (a, b) =>
    {
        var c = a.DateCreated.CompareTo(b.DateCreated);
        return c != 0 ? c : a.InvoiceId.CompareTo(b.InvoiceId);
    };

    public DateTimeOffset Now => clock.GetUtcNow();

    public void Reset()
    {
        lock (_gate)
        {
            _shops.Clear();
            _shopOrder = [];
            _shopOrderDirty = false;
            _documents.Clear();
            _documentsByShop.Clear();
            _invoicesById.Clear();
            _invoices.Clear();
            _invoicesDirty = false;
            _shopUpdates.Clear();
            _nextDocumentId = 1000;
            _nextInvoiceId = 100_000;
        }
    }

    public object Summary()
    {
        lock (_gate)
        {
            return new
            {
                shops = _shops.Count,
                documents = _documents.Count,
                invoices = _invoices.Count,
                shopUpdates = _shopUpdates.Count,
            };
        }
    }

    // ---------------------------------------------------------------- shops

    /// <summary>Inserts or replaces shops. A shop without dates gets the current virtual time.</summary>
    public void UpsertShops(IEnumerable<MiraklShop> shops)
    {
        ArgumentNullException.ThrowIfNull(shops);
        var now = Now;
        lock (_gate)
        {
            foreach (var shop in shops)
            {
                if (shop.DateCreated == default)
                {
                    shop.DateCreated = now;
                }

                if (shop.LastUpdatedDate == default)
                {
                    shop.LastUpdatedDate = now;
                }

                if (!_shops.ContainsKey(shop.ShopId))
                {
                    _shopOrderDirty = true;
                }

                _shops[shop.ShopId] = shop;
            }
        }
    }

    public MiraklShop? GetShop(long id)
    {
        lock (_gate)
        {
            return _shops.GetValueOrDefault(id);
        }
    }

    /// <summary>Shops by ascending id, filtered by ids (unknown ids skipped) and last_updated_date &gt;= since.</summary>
    public IReadOnlyList<MiraklShop> QueryShops(IReadOnlyCollection<long>? ids, DateTimeOffset? updatedSince)
    {
        lock (_gate)
        {
            IEnumerable<MiraklShop> source;
            if (ids is not null)
            {
                source = ids.Distinct().Order().Select(id => _shops.GetValueOrDefault(id)).OfType<MiraklShop>();
            }
            else
            {
                EnsureShopOrder();
                source = _shopOrder.Select(id => _shops[id]);
            }

            if (updatedSince is { } since)
            {
                source = source.Where(s => s.LastUpdatedDate >= since);
            }

            return source.ToList();
        }
    }

    /// <summary>
    /// Applies one S07 entry ("field by field: unspecified fields will not be updated"). Returns the updated shop or
    /// an error message; every entry is journaled either way.
    /// </summary>
    public (MiraklShop? Shop, string? Error) ApplyShopUpdate(JsonElement entry)
    {
        var now = Now;
        lock (_gate)
        {
            var (shop, error) = ApplyLocked(entry, now);
            var shopId = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("shop_id", out var idEl) &&
                idEl.TryGetInt64(out var parsed) ? parsed : (long?)null;
            _shopUpdates.Add(new ShopUpdateRecord(++_updateSeq, now, shopId, entry.Clone(),
                error is null ? "shop_updated" : "shop_error", error));
            return (shop, error);
        }
    }

    public IReadOnlyList<ShopUpdateRecord> ShopUpdates()
    {
        lock (_gate)
        {
            return _shopUpdates.ToList();
        }
    }

    private (MiraklShop? Shop, string? Error) ApplyLocked(JsonElement entry, DateTimeOffset now)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return (null, "Each shop entry must be an object.");
        }

        if (!entry.TryGetProperty("shop_id", out var idEl) || !idEl.TryGetInt64(out var id))
        {
            return (null, "shop_id is required.");
        }

        if (!_shops.TryGetValue(id, out var current))
        {
            return (null, $"Shop {id} not found.");
        }

        var shop = current.Clone();
        foreach (var p in entry.EnumerateObject())
        {
            var error = ApplyField(shop, p);
            if (error is not null)
            {
                return (null, error);
            }
        }

        shop.LastUpdatedDate = now > current.LastUpdatedDate ? now : current.LastUpdatedDate;
        _shops[id] = shop;
        return (shop, null);
    }

    private static readonly HashSet<string> KycStatuses =
        ["PENDING_SUBMISSION", "PENDING_APPROVAL", "REFUSED", "APPROVED", "NOT_REQUIRED"];

    private static string? ApplyField(MiraklShop shop, JsonProperty p)
    {
        var v = p.Value;
        switch (p.Name)
        {
            case "shop_id":
                return null;
            case "kyc":
                if (v.ValueKind != JsonValueKind.Object || !v.TryGetProperty("status", out var st) ||
                    st.ValueKind != JsonValueKind.String || !KycStatuses.Contains(st.GetString()!))
                {
                    return "kyc.status must be one of " + string.Join(", ", KycStatuses.Order(StringComparer.Ordinal)) + ".";
                }

                var reason = v.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                if (reason is { Length: > 1000 })
                {
                    return "kyc.reason must not exceed 1000 characters.";
                }

                shop.Kyc = new MiraklKyc
                {
                    Status = st.GetString()!,
                    // Mirakl ignores the reason unless the status is REFUSED.
                    Reason = string.Equals(st.GetString(), "REFUSED", StringComparison.Ordinal) ? reason : null,
                };
                return null;
            case "suspend":
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return "suspend must be a boolean.";
                }

                if (v.GetBoolean())
                {
                    shop.ShopState = "SUSPENDED";
                    shop.SuspensionType = "MANUAL";
                }
                else if (string.Equals(shop.ShopState, "SUSPENDED", StringComparison.Ordinal))
                {
                    shop.ShopState = "OPEN";
                    shop.SuspensionType = null;
                }

                return null;
            case "payment_blocked":
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return "payment_blocked must be a boolean.";
                }

                shop.PaymentDetails.PaymentBlocked = v.GetBoolean();
                return null;
            case "email":
                if (v.ValueKind != JsonValueKind.String || !v.GetString()!.Contains('@', StringComparison.Ordinal))
                {
                    return "email is not a valid e-mail address.";
                }

                shop.ContactInformations.Email = v.GetString();
                return null;
            case "is_professional":
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return "is_professional must be a boolean.";
                }

                shop.IsProfessional = v.GetBoolean();
                return null;
            case "operator_internal_id":
                shop.OperatorInternalId = v.ValueKind == JsonValueKind.Null ? null : v.ToString();
                return null;
            case "description":
                shop.Description = v.ValueKind == JsonValueKind.Null ? null : v.ToString();
                return null;
            case "fax":
                shop.ContactInformations.Fax = v.ValueKind == JsonValueKind.Null ? null : v.ToString();
                return null;
            case "shop_additional_fields":
                return ApplyAdditionalFields(shop, v);
            default:
                // Other S07 fields (address, channel_codes, dates…) are accepted and ignored, as the connector
                // never reads them back.
                return null;
        }
    }

    private static string? ApplyAdditionalFields(MiraklShop shop, JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Array)
        {
            return "shop_additional_fields must be an array.";
        }

        foreach (var f in v.EnumerateArray())
        {
            if (f.ValueKind != JsonValueKind.Object || !f.TryGetProperty("code", out var code) ||
                code.ValueKind != JsonValueKind.String)
            {
                return "shop_additional_fields items need a code.";
            }

            var value = f.TryGetProperty("value", out var val) && val.ValueKind != JsonValueKind.Null ? val.ToString() : null;
            var existing = shop.ShopAdditionalFields.FirstOrDefault(x => string.Equals(x.Code, code.GetString(), StringComparison.Ordinal));
            var type = MiraklReferenceData.AdditionalFields
                .FirstOrDefault(a => string.Equals(a.Code, code.GetString(), StringComparison.Ordinal))?.Type ?? "STRING";
            if (existing is null)
            {
                shop.ShopAdditionalFields.Add(new MiraklAdditionalFieldValue { Code = code.GetString()!, Type = type, Value = value });
            }
            else
            {
                existing.Value = value;
            }
        }

        return null;
    }

    private void EnsureShopOrder()
    {
        if (_shopOrderDirty || _shopOrder.Length != _shops.Count)
        {
            _shopOrder = _shops.Keys.Order().ToArray();
            _shopOrderDirty = false;
        }
    }

    // ---------------------------------------------------------------- documents

    public MiraklShopDocument AddDocument(long shopId, string type, string fileName, byte[] bytes, string? contentType,
        DateTimeOffset? uploaded = null)
    {
        lock (_gate)
        {
            var doc = new MiraklShopDocument
            {
                Id = ++_nextDocumentId,
                ShopId = shopId,
                Type = type,
                FileName = fileName,
                Bytes = bytes,
                ContentType = contentType ?? ContentTypeFor(fileName),
                DateUploaded = uploaded ?? Now,
            };
            AddDocumentLocked(doc);
            return doc;
        }
    }

    public void AddDocuments(IEnumerable<MiraklShopDocument> docs)
    {
        ArgumentNullException.ThrowIfNull(docs);
        lock (_gate)
        {
            foreach (var doc in docs)
            {
                if (doc.Id == 0)
                {
                    doc.Id = ++_nextDocumentId;
                }
                else
                {
                    _nextDocumentId = Math.Max(_nextDocumentId, doc.Id);
                }

                AddDocumentLocked(doc);
            }
        }
    }

    private void AddDocumentLocked(MiraklShopDocument doc)
    {
        _documents[doc.Id] = doc;
        if (!_documentsByShop.TryGetValue(doc.ShopId, out var list))
        {
            list = [];
            _documentsByShop[doc.ShopId] = list;
        }

        list.Add(doc);
    }

    public bool DeleteDocument(long id)
    {
        lock (_gate)
        {
            if (!_documents.TryGetValue(id, out var doc) || doc.DateDeleted is not null)
            {
                return false;
            }

            doc.DateDeleted = Now;
            return true;
        }
    }

    public MiraklShopDocument? GetDocument(long id)
    {
        lock (_gate)
        {
            return _documents.GetValueOrDefault(id);
        }
    }

    public bool ShopExists(long id)
    {
        lock (_gate)
        {
            return _shops.ContainsKey(id) || _documentsByShop.ContainsKey(id);
        }
    }

    /// <summary>Documents by ascending id; updated_since matches uploads and deletions after the instant.</summary>
    public IReadOnlyList<MiraklShopDocument> QueryDocuments(IReadOnlyCollection<long>? shopIds, DateTimeOffset? updatedSince,
        bool includeDeleted)
    {
        lock (_gate)
        {
            IEnumerable<MiraklShopDocument> source = shopIds is not null
                ? shopIds.Distinct().SelectMany(id => _documentsByShop.GetValueOrDefault(id) ?? [])
                : _documents.Values;
            if (updatedSince is { } since)
            {
                source = source.Where(d => d.DateUploaded >= since || d.DateDeleted >= since);
            }

            if (!includeDeleted)
            {
                source = source.Where(d => d.DateDeleted is null);
            }

            return source.OrderBy(d => d.Id).ToList();
        }
    }

    public static string ContentTypeFor(string fileName)
    {
        var ext = Path.GetExtension(fileName).ToUpperInvariant();
        return ext switch
        {
            ".PDF" => "application/pdf",
            ".PNG" => "image/png",
            ".JPG" or ".JPEG" => "image/jpeg",
            ".GIF" => "image/gif",
            ".CSV" => "text/csv",
            ".DOCX" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _ => "application/octet-stream",
        };
    }

    // ---------------------------------------------------------------- invoices

    public void AddInvoices(IEnumerable<MiraklInvoice> invoices)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        lock (_gate)
        {
            foreach (var invoice in invoices)
            {
                if (invoice.InvoiceId == 0)
                {
                    invoice.InvoiceId = ++_nextInvoiceId;
                }
                else
                {
                    _nextInvoiceId = Math.Max(_nextInvoiceId, invoice.InvoiceId);
                }

                if (invoice.DateCreated == default)
                {
                    invoice.DateCreated = Now;
                }

                if (_invoicesById.Remove(invoice.InvoiceId, out var old))
                {
                    _invoices.Remove(old);
                }

                if (_invoices.Count > 0 && InvoiceOrder(_invoices[^1], invoice) > 0)
                {
                    _invoicesDirty = true;
                }

                _invoices.Add(invoice);
                _invoicesById[invoice.InvoiceId] = invoice;
            }
        }
    }

    public (IReadOnlyList<MiraklInvoice> Page, int Total) QueryInvoices(InvoiceQuery q, int offset, int? max)
    {
        ArgumentNullException.ThrowIfNull(q);
        lock (_gate)
        {
            if (_invoicesDirty)
            {
                _invoices.Sort(InvoiceOrder);
                _invoicesDirty = false;
            }

            var from = q.Start is { } s ? LowerBound(s) : 0;
            var to = q.End is { } e ? UpperBound(e) : _invoices.Count;
            var page = new List<MiraklInvoice>(Math.Min(max ?? 100, 100));
            var total = 0;
            for (var i = from; i < to; i++)
            {
                var inv = _invoices[i];
                if (!Matches(inv, q))
                {
                    continue;
                }

                if (total >= offset && (max is null || page.Count < max))
                {
                    page.Add(inv);
                }

                total++;
            }

            return (page, total);
        }
    }

    private static bool Matches(MiraklInvoice inv, InvoiceQuery q) =>
        (string.Equals(q.Type, "ALL", StringComparison.Ordinal) || string.Equals(inv.Type, q.Type, StringComparison.Ordinal)) &&
        (q.ShopId is null || inv.ShopId == q.ShopId) &&
        (q.Currency is null || string.Equals(inv.CurrencyIsoCode, q.Currency, StringComparison.OrdinalIgnoreCase)) &&
        (q.PaymentStatus is null || string.Equals(inv.Payment.State, q.PaymentStatus, StringComparison.Ordinal)) &&
        (q.InvoiceIds is null || q.InvoiceIds.Contains(inv.InvoiceId));

    /// <summary>First index whose date_created &gt;= start.</summary>
    private int LowerBound(DateTimeOffset start)
    {
        int lo = 0, hi = _invoices.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (_invoices[mid].DateCreated < start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>First index whose date_created &gt; end (end is inclusive).</summary>
    private int UpperBound(DateTimeOffset end)
    {
        int lo = 0, hi = _invoices.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (_invoices[mid].DateCreated <= end)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
