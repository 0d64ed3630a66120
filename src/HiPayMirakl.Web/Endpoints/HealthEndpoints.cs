using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Endpoints;

public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (ConnectorDbContext db, CancellationToken ct) =>
        {
            var databaseUp = await db.Database.CanConnectAsync(ct);
            var pending = databaseUp ? (await db.Database.GetPendingMigrationsAsync(ct)).Count() : -1;
            var healthy = databaseUp && pending == 0;
            return Results.Json(
                new { status = healthy ? "ok" : "degraded", database = databaseUp ? "up" : "down", pendingMigrations = pending },
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).RequireAuthorization(ConnectorPolicies.Viewer);
}
