using HiPayMirakl.Core.Features.Monitoring;
using HiPayMirakl.Web.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HiPayMirakl.Web.Endpoints;

/// <summary><c>/metrics</c> in Prometheus text: database figures read for the scrape (cached briefly), counters and job durations.</summary>
public static class MetricsEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", async (DatabaseFigures figures, ConnectorMetrics metrics, PrometheusExporter exporter, CancellationToken ct) =>
            {
                // The instruments exist once the metrics are built; the exporter picks them up as they appear.
                _ = metrics.Meter;
                await figures.RefreshAsync(ct);
                return Results.Text(await exporter.ScrapeAsync(ct), PrometheusExporter.ContentType);
            })
            .RequireAuthorization(ConnectorPolicies.Viewer)
            .ExcludeFromDescription();
}
