using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulator.Common;
using Simulator.Mirakl.Json;
using Simulator.Mirakl.Model;
using Simulator.Mirakl.Seeding;

namespace Simulator.Mirakl.Endpoints;

/// <summary>Mirakl-specific control routes, next to the kit's under /_sim.</summary>
internal static class MiraklControlEndpoints
{
    public static void MapMiraklControl(this IEndpointRouteBuilder app, MiraklState state)
    {
        var g = app.MapGroup(SimulatorControl.Prefix + "/mirakl");

        g.MapPost("/shops", async (HttpRequest req) =>
        {
            var shops = await ReadItemsAsync<MiraklShop>(req, "shops");
            if (shops is null || shops.Any(s => s.ShopId <= 0))
            {
                return Bad("Body must be a shop, an array of shops or {\"shops\":[…]} in S20 format, each with shop_id.");
            }

            state.UpsertShops(shops);
            return Results.Json(new { upserted = shops.Count, shop_ids = shops.Select(s => s.ShopId) }, MiraklJson.Options);
        });

        g.MapPost("/documents", async (HttpRequest req) =>
        {
            var body = await ReadItemsAsync<DocumentUpload>(req, "documents");
            if (body is null || body.Count == 0)
            {
                return Bad("Body must be {shop_id, type, file_name, content_base64} or an array of them.");
            }

            var created = new List<MiraklShopDocument>();
            foreach (var d in body)
            {
                var base64 = d.ContentBase64 ?? d.Base64 ?? d.Bytes;
                if (d.ShopId <= 0 || string.IsNullOrWhiteSpace(d.Type) || string.IsNullOrWhiteSpace(d.FileName) || base64 is null)
                {
                    return Bad("shop_id, type, file_name and content_base64 are required.");
                }

                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(base64);
                }
                catch (FormatException)
                {
                    return Bad("content_base64 is not valid base64.");
                }

                created.Add(state.AddDocument(d.ShopId, d.Type, d.FileName, bytes, d.ContentType, d.DateUploaded));
            }

            return Results.Json(new ShopDocumentsResponse(created, created.Count), MiraklJson.Options);
        });

        g.MapDelete("/documents/{id:long}", (long id) =>
            state.DeleteDocument(id) ? Results.NoContent() : Results.NotFound());

        g.MapPost("/invoices", async (HttpRequest req) =>
        {
            var invoices = await ReadItemsAsync<MiraklInvoice>(req, "invoices");
            if (invoices is null || invoices.Any(i => i.ShopId <= 0))
            {
                return Bad("Body must be an invoice, an array or {\"invoices\":[…]} in IV01 format, each with shop_id.");
            }

            state.AddInvoices(invoices);
            return Results.Json(new { added = invoices.Count, invoice_ids = invoices.Select(i => i.InvoiceId) }, MiraklJson.Options);
        });

        g.MapPost("/seed", async (HttpRequest req) =>
        {
            MarketplaceSeedRequest? seed;
            try
            {
                seed = await JsonSerializer.DeserializeAsync<MarketplaceSeedRequest>(req.Body, SimulatorControl.JsonOptions, req.HttpContext.RequestAborted);
            }
            catch (JsonException ex)
            {
                return Bad("Invalid seed request: " + ex.Message);
            }

            if (seed is null || seed.Shops < 0 || seed.CyclesOfInvoices < 0)
            {
                return Bad("Body {\"shops\":n,\"cyclesOfInvoices\":n,\"seed\":n,\"start\":\"…\"} is required.");
            }

            var data = Load(state, seed);
            return Results.Json(new
            {
                shops = data.Shops.Count,
                documents = data.Documents.Count,
                invoices = data.Invoices.Count,
                cycles = MarketplaceGenerator.CycleDates(seed.Start ?? state.Now, seed.CyclesOfInvoices)
                    .Select(d => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            }, SimulatorControl.JsonOptions);
        });

        g.MapGet("/shop-updates", () => Results.Json(state.ShopUpdates(), MiraklJson.Options));
    }

    /// <summary>Replaces the marketplace with a generated one.</summary>
    public static MarketplaceData Load(MiraklState state, MarketplaceSeedRequest seed)
    {
        var data = new MarketplaceGenerator(seed with { Start = seed.Start ?? state.Now }).Generate();
        state.Reset();
        state.UpsertShops(data.Shops);
        state.AddDocuments(data.Documents);
        state.AddInvoices(data.Invoices);
        return data;
    }

    private static IResult Bad(string message) =>
        Results.Json(new MiraklErrorBody(400, message), MiraklJson.Options, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Accepts one item, an array, or an object wrapping the array under <paramref name="wrapper"/>.</summary>
    private static async Task<List<T>?> ReadItemsAsync<T>(HttpRequest req, string wrapper)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(req.Body, cancellationToken: req.HttpContext.RequestAborted);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(wrapper, out var wrapped) &&
                wrapped.ValueKind == JsonValueKind.Array)
            {
                root = wrapped;
            }

            return root.ValueKind switch
            {
                JsonValueKind.Array => root.Deserialize<List<T>>(MiraklJson.Options),
                JsonValueKind.Object => root.Deserialize<T>(MiraklJson.Options) is { } one ? [one] : null,
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record DocumentUpload(
        [property: System.Text.Json.Serialization.JsonPropertyName("shop_id")] long ShopId,
        [property: System.Text.Json.Serialization.JsonPropertyName("type")] string? Type,
        [property: System.Text.Json.Serialization.JsonPropertyName("file_name")] string? FileName,
        [property: System.Text.Json.Serialization.JsonPropertyName("content_base64")] string? ContentBase64,
        [property: System.Text.Json.Serialization.JsonPropertyName("base64")] string? Base64,
        [property: System.Text.Json.Serialization.JsonPropertyName("bytes")] string? Bytes,
        [property: System.Text.Json.Serialization.JsonPropertyName("content_type")] string? ContentType,
        [property: System.Text.Json.Serialization.JsonPropertyName("date_uploaded")] DateTimeOffset? DateUploaded);
}
