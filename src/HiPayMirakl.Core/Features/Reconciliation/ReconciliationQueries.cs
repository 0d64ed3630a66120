using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Reconciliation;

/// <summary>The stored runs and findings as the API, the dashboard and the overview read them.</summary>
public static class ReconciliationQueries
{
    /// <summary>Runs, newest first.</summary>
    public static IQueryable<ReconciliationRun> Runs(ConnectorDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id);
    }

    /// <summary>The findings of a run, of one kind when <paramref name="kind"/> is given, in the order they were found.</summary>
    public static IQueryable<ReconciliationFinding> Findings(ConnectorDbContext db, long runId, string? kind = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.ReconciliationFindings.AsNoTracking().Where(f => f.RunId == runId);
        if (!string.IsNullOrWhiteSpace(kind))
        {
            query = query.Where(f => f.Kind == kind);
        }

        return query.OrderBy(f => f.Id);
    }

    /// <summary>The latest run that finished with its findings stored, or null.</summary>
    public static Task<ReconciliationRun?> LastFinishedAsync(ConnectorDbContext db, CancellationToken ct) =>
        Runs(db).Where(r => r.FinishedAt != null && r.Error == null).FirstOrDefaultAsync(ct);
}
