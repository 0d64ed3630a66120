using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HiPayMirakl.Web.Endpoints;

/// <summary>The schedule over HTTP: the jobs with their next fire time and last batch, and a run by hand.</summary>
public static class JobEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs");
        jobs.MapGet("/", async (JobSchedule schedule, CancellationToken ct) => TypedResults.Ok(await schedule.ListAsync(ct)))
            .RequireAuthorization(ConnectorPolicies.Viewer);

        // Runs the job in the request and answers with its batch: 200 when it ran (its outcome says how it went),
        // 404 for a name not in the schedule, 409 when it is already running elsewhere.
        jobs.MapPost("/{name}/run", async (string name, JobSchedule schedule, CancellationToken ct) =>
        {
            if (JobSchedule.Find(name) is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown job",
                    detail: $"'{name}' is not a job of the schedule (jobs: {string.Join(", ", JobSchedule.Jobs.Select(j => j.Name))}).");
            }

            JobRunResult result;
            try
            {
                result = await schedule.RunAsync(name, new JobTrigger(JobTrigger.Manual), ct);
            }
            catch (InvalidOperationException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job cannot run", detail: ex.Message);
            }

            return result.Outcome == JobRunOutcome.AlreadyRunning
                ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job already running", detail: $"{name} is already running elsewhere; nothing was done.")
                : Results.Ok(new { job = name, batchId = result.BatchId, outcome = result.Outcome.ToString(), processed = result.Processed, failed = result.Failed, error = result.Error });
        }).RequireAuthorization(ConnectorPolicies.Operator);
    }
}
