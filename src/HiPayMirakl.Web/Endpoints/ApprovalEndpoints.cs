using HiPayMirakl.Core.Features.Approvals;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Endpoints;

public sealed record AwaitingApprovalView(LegView Leg, string? Rules, int? RulesVersion, DateTimeOffset? HeldAt);

public sealed record ApprovalRulesView(int? Version, string? ChangedBy, DateTimeOffset? ChangedAt, ApprovalRulesDocument Rules);

public sealed record ApprovalRulesVersionView(int Version, string ChangedBy, DateTimeOffset ChangedAt, ApprovalRulesDocument Before, ApprovalRulesDocument After);

/// <summary>
/// Approval holds: <c>GET /api/approvals</c> (viewer) lists the legs awaiting approval with the rules that held them;
/// <c>POST /api/legs/{id}/approve|reject</c> (operator) decide, refused (403) to whoever set the rules that held the leg
/// or last acted on it; <c>GET|PUT /api/approval-rules</c> read (viewer) and replace (admin) the rules, each save a new version.
/// </summary>
public static class ApprovalEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var approvals = AdminApi.Group(app, "/api/approvals", "Approvals");
        approvals.MapGet("", async (ConnectorDbContext db, int? page, int? pageSize, CancellationToken ct) =>
            Results.Ok(await Paging.PageAsync(ApprovalService.Awaiting(db), page, pageSize, View, ct)))
            .RequireAuthorization(ConnectorPolicies.Viewer);

        var legs = AdminApi.Group(app, "/api/legs", "Approvals");
        legs.MapPost("/{id:long}/approve", (long id, LegActionRequest? r, HttpContext http, ConnectorDbContext db, ApprovalService service, CancellationToken ct) =>
            DecideAsync(id, db, () => service.ApproveAsync(id, r?.Reason, AdminApi.Actor(http), ct), ct))
            .RequireAuthorization(ConnectorPolicies.Operator);
        legs.MapPost("/{id:long}/reject", (long id, LegActionRequest? r, HttpContext http, ConnectorDbContext db, ApprovalService service, CancellationToken ct) =>
            DecideAsync(id, db, () => service.RejectAsync(id, r?.Reason, AdminApi.Actor(http), ct), ct))
            .RequireAuthorization(ConnectorPolicies.Operator);

        var rules = AdminApi.Group(app, "/api/approval-rules", "Approvals");
        rules.MapGet("", async (ApprovalService service, CancellationToken ct) => Results.Ok(View(await service.CurrentAsync(ct))))
            .RequireAuthorization(ConnectorPolicies.Viewer);
        rules.MapGet("/versions", async (ApprovalService service, CancellationToken ct) =>
            Results.Ok((await service.VersionsAsync(ct)).Select(v => new ApprovalRulesVersionView(v.Number, v.ChangedBy, v.ChangedAt,
                ApprovalRules.ParseDocument(v.PreviousJson), ApprovalRules.ParseDocument(v.RulesJson)))))
            .RequireAuthorization(ConnectorPolicies.Viewer);
        rules.MapPut("", async (ApprovalRulesDocument? document, HttpContext http, ApprovalService service, CancellationToken ct) =>
        {
            if (document is null)
            {
                return AdminApi.Invalid("rules", "a JSON body with the rules is required.");
            }

            try
            {
                await service.UpdateRulesAsync(document, AdminApi.Actor(http), ct);
            }
            catch (ApprovalException ex)
            {
                return Problem(ex, "rules");
            }

            return Results.Ok(View(await service.CurrentAsync(ct)));
        }).RequireAuthorization(ConnectorPolicies.Admin);
    }

    private static async Task<IResult> DecideAsync(long id, ConnectorDbContext db, Func<Task<string>> decide, CancellationToken ct)
    {
        string result;
        try
        {
            result = await decide();
        }
        catch (ApprovalException ex)
        {
            return Problem(ex, "reason");
        }

        var leg = await db.Legs.AsNoTracking().SingleAsync(l => l.Id == id, ct);
        return Results.Ok(new LegActionView(OperationsEndpoints.View(leg), result));
    }

    private static IResult Problem(ApprovalException ex, string field) => ex.Refusal switch
    {
        ApprovalRefusal.Invalid => AdminApi.Invalid(field, ex.Message),
        ApprovalRefusal.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such leg", detail: ex.Message),
        ApprovalRefusal.Forbidden => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Someone else must decide", detail: ex.Message),
        _ => AdminApi.Conflict("Refused", ex.Message),
    };

    private static AwaitingApprovalView View(AwaitingApprovalRow row) => new(OperationsEndpoints.View(row.Leg), row.Rules, row.RulesVersion, row.HeldAt);

    private static ApprovalRulesView View(CurrentApprovalRules current) =>
        new(current.Version?.Number, current.Version?.ChangedBy, current.Version?.ChangedAt, current.Rules.ToDocument());
}
