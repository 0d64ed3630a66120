using System.Globalization;
using HiPayMirakl.Core.Features.Payouts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HiPayMirakl.Web.Endpoints;

/// <summary>
/// <c>GET /api/cycles/preview?date=yyyy-MM-dd</c> (viewer): what the cash-out cycle of that date would do, computed
/// without moving or recording anything; without a date, the latest cycle at or before now.
/// </summary>
public static class CyclePreviewEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var cycles = AdminApi.Group(app, "/api/cycles", "Cycles");
        cycles.MapGet("/preview", async (string? date, CashoutCycle cycle, CyclePreview preview, CancellationToken ct) =>
        {
            if (!TryCycleDate(date, out var cycleDate))
            {
                return AdminApi.Invalid("date", $"date '{date}' is not a date like 2026-03-10.");
            }

            var window = cycle.ResolveWindow(cycleDate);
            var result = await preview.PreviewAsync(window, ct);
            return Results.Ok(new
            {
                cycle = window.CycleInstant, windowStart = window.Start, windowEnd = window.End,
                totals = result.Totals, treasury = result.Treasury, rows = result.Rows,
            });
        }).RequireAuthorization(ConnectorPolicies.Viewer);
    }

    /// <summary>An absent date means the latest cycle; a present one must be yyyy-MM-dd.</summary>
    public static bool TryCycleDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        date = parsed;
        return true;
    }
}
