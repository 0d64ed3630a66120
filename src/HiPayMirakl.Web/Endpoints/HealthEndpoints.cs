using HiPayMirakl.Web.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HiPayMirakl.Web.Endpoints;

/// <summary>
/// <c>/health/live</c>: the process answers (anonymous, touches nothing). <c>/health/ready</c>: the database and the
/// providers, one entry per check, 503 when a required one is down (viewers and above).
/// </summary>
public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Json(new { status = "alive" })).AllowAnonymous();
        app.MapGet("/health/ready", async (ReadinessProbe probe, CancellationToken ct) =>
            {
                var report = await probe.CheckAsync(ct);
                return Results.Json(
                    new
                    {
                        status = report.Status,
                        checkedAt = report.CheckedAt,
                        checks = report.Checks.ToDictionary(c => c.Name, c => new { status = c.Status, required = c.Required, durationMs = c.DurationMs, detail = c.Detail }),
                    },
                    statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .RequireAuthorization(ConnectorPolicies.Viewer);
    }
}
