using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Simulator.Mirakl.Endpoints;

/// <summary>Operator-key authentication: raw key or "Bearer &lt;key&gt;" in Authorization.</summary>
internal static class MiraklAuth
{
    public const string DownloadPath = "/api/shops/documents/download";

    public static IApplicationBuilder UseMiraklAuth(this IApplicationBuilder app, MiraklSimulatorOptions options) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ||
                path.Equals("/api/version", StringComparison.OrdinalIgnoreCase) ||
                IsAuthorized(context.Request, options))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"status":401,"message":"Unauthorized"}""", context.RequestAborted);
        });

    private static bool IsAuthorized(HttpRequest request, MiraklSimulatorOptions options)
    {
        var header = request.Headers.Authorization.ToString().Trim();
        if (header.Length == 0)
        {
            return false;
        }

        if (options.AcceptBearer && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            header = header["Bearer ".Length..].Trim();
        }

        if (options.OperatorKeys.Any(k => FixedEquals(k, header)))
        {
            return true;
        }

        return options.FrontKeyAllowedForDownload && options.FrontKey is { Length: > 0 } front &&
            request.Path.Equals(DownloadPath, StringComparison.OrdinalIgnoreCase) && FixedEquals(front, header);
    }

    private static bool FixedEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
