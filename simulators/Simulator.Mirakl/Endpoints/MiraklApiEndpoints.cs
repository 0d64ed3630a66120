using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulator.Common;
using Simulator.Mirakl.Json;
using Simulator.Mirakl.Model;

namespace Simulator.Mirakl.Endpoints;

/// <summary>The Mirakl operator endpoints that the connector uses.</summary>
internal static class MiraklApiEndpoints
{
    private static readonly HashSet<string> InvoiceTypes = ["ALL", "AUTO_INVOICE", "MANUAL_INVOICE", "MANUAL_CREDIT"];
    private static readonly HashSet<string> PaymentStates = ["PENDING", "PAID", "FAILED"];

    /// <summary>Turns <see cref="MiraklBadRequestException"/> into Mirakl's 400 body.</summary>
    public static IApplicationBuilder UseMiraklErrors(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (MiraklBadRequestException ex) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await Error(StatusCodes.Status400BadRequest, ex.Message).ExecuteAsync(context);
            }
        });

    public static IResult Error(int status, string message) =>
        Results.Json(new MiraklErrorBody(status, message), MiraklJson.Options, statusCode: status);

    private static IResult Json<T>(T value) => Results.Json(value, MiraklJson.Options);

    public static void MapMiraklApi(this IEndpointRouteBuilder app, MiraklState state, MiraklSimulatorOptions options)
    {
        app.MapGet("/api/version", () => Results.Json(new { version = options.Version })).WithSimRouteKey("VERSION");
        app.MapGet("/api/shops", (HttpContext ctx) => ListShops(ctx, state, options)).WithSimRouteKey("S20");
        app.MapPut("/api/shops", (HttpContext ctx, CancellationToken _) => UpdateShopsAsync(ctx, state)).WithSimRouteKey("S07");
        app.MapGet("/api/invoices", (HttpContext ctx) => ListInvoices(ctx, state, options)).WithSimRouteKey("IV01");
        app.MapGet("/api/shops/documents", (HttpContext ctx) => ListDocuments(ctx, state, options)).WithSimRouteKey("S30");
        app.MapGet(MiraklAuth.DownloadPath, (HttpContext ctx) => Download(ctx, state)).WithSimRouteKey("S31");
        app.MapDelete("/api/shops/documents/{id:long}", (long id) =>
            state.DeleteDocument(id) ? Results.NoContent() : Error(404, $"Document {id} not found.")).WithSimRouteKey("S33");
        app.MapGet("/api/documents", (HttpContext ctx) =>
        {
            var entities = MiraklQuery.List(ctx.Request, "entities") ?? ["SHOP"];
            return Json(new DocumentTypesResponse(MiraklReferenceData.HiPayDocumentTypes
                .Where(d => entities.Contains(d.Entity, StringComparer.OrdinalIgnoreCase)).ToList()));
        }).WithSimRouteKey("DO01");
        app.MapGet("/api/additional_fields", (HttpContext ctx) =>
        {
            var entities = MiraklQuery.List(ctx.Request, "entities");
            var fields = MiraklReferenceData.AdditionalFields
                .Where(f => entities is null || entities.Contains(f.Entity, StringComparer.OrdinalIgnoreCase)).ToList();
            return Json(new AdditionalFieldsResponse(fields, fields.Count));
        }).WithSimRouteKey("AF01");
    }

    private static IResult ListShops(HttpContext ctx, MiraklState state, MiraklSimulatorOptions options)
    {
        var r = ctx.Request;
        var ids = MiraklQuery.Ids(r, "shop_ids");
        var since = MiraklQuery.Date(r, "updated_since");
        var domains = MiraklQuery.List(r, "domains");
        IReadOnlyList<MiraklShop> all = state.QueryShops(ids, since);
        if (domains is not null)
        {
            all = all.Where(s => s.Domains.Any(d => domains.Contains(d, StringComparer.OrdinalIgnoreCase))).ToList();
        }

        if (MiraklQuery.Bool(r, "paginate") == false)
        {
            return Json(new ShopsResponse(all, all.Count));
        }

        var (offset, max) = MiraklQuery.Paging(r, options);
        var page = all.Skip(offset).Take(max).ToList();
        MiraklQuery.AddLinkHeader(ctx, offset, max, all.Count);
        return Json(new ShopsResponse(page, all.Count));
    }

    private static async Task<IResult> UpdateShopsAsync(HttpContext ctx, MiraklState state)
    {
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
        }
        catch (JsonException)
        {
            return Error(400, "Request body is not valid JSON.");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object ||
                !doc.RootElement.TryGetProperty("shops", out var shops) || shops.ValueKind != JsonValueKind.Array)
            {
                return Error(400, "Body must be {\"shops\":[…]}.");
            }

            var returns = new List<ShopReturn>();
            foreach (var entry in shops.EnumerateArray())
            {
                var (shop, error) = state.ApplyShopUpdate(entry);
                if (error is null)
                {
                    returns.Add(new ShopReturn(shop, null));
                }
                else
                {
                    long? id = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("shop_id", out var idEl) &&
                        idEl.TryGetInt64(out var parsed) ? parsed : null;
                    returns.Add(new ShopReturn(null, new ShopError(id, error)));
                }
            }

            return Json(new ShopReturnsResponse(returns));
        }
    }

    private static IResult ListInvoices(HttpContext ctx, MiraklState state, MiraklSimulatorOptions options)
    {
        var r = ctx.Request;
        var type = MiraklQuery.Text(r, "type")?.ToUpperInvariant() ?? "AUTO_INVOICE";
        if (!InvoiceTypes.Contains(type))
        {
            return Error(400, $"Invalid type '{type}'.");
        }

        var paymentStatus = MiraklQuery.Text(r, "payment_status")?.ToUpperInvariant();
        if (paymentStatus is not null && !PaymentStates.Contains(paymentStatus))
        {
            return Error(400, $"Invalid payment_status '{paymentStatus}'.");
        }

        var shop = MiraklQuery.Ids(r, "shop");
        if (shop is { Count: > 1 })
        {
            return Error(400, "shop takes a single shop id.");
        }

        var invoiceIds = MiraklQuery.Ids(r, "invoice_id");
        var query = new InvoiceQuery(MiraklQuery.Date(r, "start_date"), MiraklQuery.Date(r, "end_date"), type,
            shop?[0], MiraklQuery.Text(r, "currency"), paymentStatus, invoiceIds?.ToHashSet());
        if (MiraklQuery.Bool(r, "paginate") == false)
        {
            var (all, count) = state.QueryInvoices(query, 0, null);
            return Json(new InvoicesResponse(all, count));
        }

        var (offset, max) = MiraklQuery.Paging(r, options);
        var (page, total) = state.QueryInvoices(query, offset, max);
        MiraklQuery.AddLinkHeader(ctx, offset, max, total);
        return Json(new InvoicesResponse(page, total));
    }

    private static IResult ListDocuments(HttpContext ctx, MiraklState state, MiraklSimulatorOptions options)
    {
        var r = ctx.Request;
        var ids = MiraklQuery.Ids(r, "shop_ids");
        var since = MiraklQuery.Date(r, "updated_since");
        if (ids is null && since is null)
        {
            return Error(400, "shop_ids or updated_since is required.");
        }

        if (ids is not null && ids.Distinct().Count() > options.MaxDocumentShopIds)
        {
            return Error(400, $"At most {options.MaxDocumentShopIds} shop ids are accepted.");
        }

        var docs = state.QueryDocuments(ids, since, MiraklQuery.Bool(r, "include_deleted") ?? false);
        return Json(new ShopDocumentsResponse(docs, docs.Count));
    }

    private static IResult Download(HttpContext ctx, MiraklState state)
    {
        var r = ctx.Request;
        var docIds = MiraklQuery.Ids(r, "document_ids");
        var shopIds = MiraklQuery.Ids(r, "shop_ids");
        var typeCodes = MiraklQuery.List(r, "type_codes");
        if (docIds is null && shopIds is null)
        {
            return Error(400, "document_ids or shop_ids is required.");
        }

        // Mirakl answers 404 when at least one document id, shop id or type code is invalid.
        if (typeCodes?.FirstOrDefault(t => !MiraklReferenceData.IsKnownDocumentType(t)) is { } badType)
        {
            return Error(404, $"Unknown document type '{badType}'.");
        }

        var selected = new List<MiraklShopDocument>();
        foreach (var id in docIds ?? [])
        {
            var doc = state.GetDocument(id);
            if (doc is null || doc.DateDeleted is not null)
            {
                return Error(404, $"Document {id} not found.");
            }

            selected.Add(doc);
        }

        foreach (var shopId in shopIds ?? [])
        {
            if (!state.ShopExists(shopId))
            {
                return Error(404, $"Shop {shopId} not found.");
            }

            selected.AddRange(state.QueryDocuments([shopId], null, includeDeleted: false));
        }

        selected = selected.DistinctBy(d => d.Id)
            .Where(d => typeCodes is null || typeCodes.Contains(d.Type, StringComparer.Ordinal))
            .OrderBy(d => d.Id).ToList();
        if (selected.Count == 0)
        {
            return Error(404, "No document matches.");
        }

        if (docIds is { Count: 1 } && shopIds is null)
        {
            var single = selected[0];
            return Results.File(single.Bytes, single.ContentType, single.FileName);
        }

        var zipName = "documents-" + state.Now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + ".zip";
        return Results.File(Zip(selected), "application/zip", zipName);
    }

    private static byte[] Zip(IReadOnlyList<MiraklShopDocument> docs)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var doc in docs)
            {
                var entry = zip.CreateEntry(UniqueName(used, $"shop_id_{doc.ShopId.ToString(CultureInfo.InvariantCulture)}/{doc.FileName}"),
                    CompressionLevel.Fastest);
                using var s = entry.Open();
                s.Write(doc.Bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Same file name twice in one shop folder becomes "name(1).ext", as Mirakl does.</summary>
    private static string UniqueName(HashSet<string> used, string name)
    {
        if (used.Add(name))
        {
            return name;
        }

        var dir = name[..(name.LastIndexOf('/') + 1)];
        var file = name[dir.Length..];
        var ext = Path.GetExtension(file);
        var stem = file[..^ext.Length];
        for (var i = 1; ; i++)
        {
            var candidate = $"{dir}{stem}({i.ToString(CultureInfo.InvariantCulture)}){ext}";
            if (used.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
