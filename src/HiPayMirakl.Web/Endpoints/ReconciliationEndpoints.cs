using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Endpoints;

public sealed record ReconciliationRunView(long Id, DateTimeOffset CycleInstant, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Trigger, long? BatchId, int FindingCount, IReadOnlyDictionary<string, int> Counts, string? Error);

public sealed record ReconciliationFindingView(long Id, string Kind, string Reference, string? InvoiceId, long? LegId, string? Currency, long? AmountMinor, string Detail);

public sealed record ReconciliationRunDetailsView(ReconciliationRunView Run, Page<ReconciliationFindingView> Findings);

/// <summary>
/// The reconciliation over HTTP: run it now for the latest cycle (operator), and read the stored runs and their
/// findings (viewer). Running is read-only at Mirakl and HiPay.
/// </summary>
public static class ReconciliationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = AdminApi.Group(app, "/api/reconciliation", "Reconciliation");

        // Runs in the request and answers with the stored run; 502 when Mirakl or HiPay could not be read.
        group.MapPost("/run", async (Reconciler reconciler, ConnectorSettings settings, TimeProvider clock, CancellationToken ct) =>
        {
            var window = CycleCalendar.FromOptions(settings.Cycle).WindowAt(clock.GetUtcNow());
            ReconciliationResult result;
            try
            {
                result = await reconciler.RunAsync(window, ReconciliationTrigger.Api, null, ct);
            }
            catch (Exception ex) when (ex is HiPayMirakl.HiPayWallet.HiPayWalletApiException or HiPayMirakl.Mirakl.MiraklApiException or HttpRequestException)
            {
                return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Reconciliation could not read a provider", detail: ex.Message);
            }

            return Results.Ok(View(result.Run));
        }).RequireAuthorization(ConnectorPolicies.Operator);

        group.MapGet("/runs", async (ConnectorDbContext db, int? page, int? pageSize, CancellationToken ct) =>
                Results.Ok(await Paging.PageAsync(ReconciliationQueries.Runs(db), page, pageSize, View, ct)))
            .RequireAuthorization(ConnectorPolicies.Viewer);

        group.MapGet("/runs/{id:long}", async (long id, ConnectorDbContext db, string? kind, int? page, int? pageSize, CancellationToken ct) =>
        {
            if (kind is not null && !FindingKinds.All.Contains(kind))
            {
                return AdminApi.Invalid("kind", $"kind must be one of {string.Join(", ", FindingKinds.All)}.");
            }

            var run = await db.ReconciliationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
            return run is null
                ? AdminApi.NotFound("reconciliation run")
                : Results.Ok(new ReconciliationRunDetailsView(View(run),
                    await Paging.PageAsync(ReconciliationQueries.Findings(db, id, kind), page, pageSize, View, ct)));
        }).RequireAuthorization(ConnectorPolicies.Viewer);
    }

    private static ReconciliationRunView View(ReconciliationRun r) =>
        new(r.Id, r.CycleInstant, r.WindowStart, r.WindowEnd, r.StartedAt, r.FinishedAt, r.Trigger, r.BatchId, r.FindingCount, r.CountsByKind(), r.Error);

    private static ReconciliationFindingView View(ReconciliationFinding f) =>
        new(f.Id, f.Kind, f.Reference, f.InvoiceId, f.LegId, f.Currency, f.AmountMinor, f.Detail);
}
