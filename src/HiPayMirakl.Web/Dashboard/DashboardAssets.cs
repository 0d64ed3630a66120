using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace HiPayMirakl.Web.Dashboard;

/// <summary>
/// The dashboard's style sheet, script and icons, embedded in this assembly and served from <c>/assets/{name}</c>.
/// Anonymous on purpose (the sign-in page needs its style sheet before anyone is signed in): only the files
/// embedded under Dashboard/Assets exist there, and they hold no data. Each answer carries a strong ETag.
/// </summary>
public static class DashboardAssets
{
    private const string Prefix = "HiPayMirakl.Web.Dashboard.Assets.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    public static IReadOnlyCollection<string> Names => Assets.Value.Keys;

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Assets.Value.TryGetValue(name, out var asset))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=3600";
            var etag = new EntityTagHeaderValue(asset.ETag);
            if (http.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            return Results.Bytes(asset.Bytes, asset.ContentType, entityTag: etag);
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The URL of an asset with its version, so a new release is never served from a stale cache.</summary>
    public static string Url(string name) =>
        Assets.Value.TryGetValue(name, out var asset) ? $"/assets/{name}?v={asset.ETag.Trim('"')[..8]}" : $"/assets/{name}";

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var type))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            assets[name] = new Asset(bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
