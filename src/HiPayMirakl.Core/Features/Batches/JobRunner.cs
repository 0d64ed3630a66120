using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Batches;

/// <summary>Counters a job reports while it runs; the runner writes them to its batch row.</summary>
public sealed class JobContext(long batchId)
{
    private int _processed;
    private int _failed;

    public long BatchId { get; } = batchId;

    public int Processed => _processed;

    public int Failed => _failed;

    public void ItemSucceeded() => Interlocked.Increment(ref _processed);

    public void ItemFailed()
    {
        Interlocked.Increment(ref _processed);
        Interlocked.Increment(ref _failed);
    }
}

public enum JobRunOutcome
{
    Succeeded = 1,
    SucceededWithErrors = 2,
    Failed = 3,

    /// <summary>Another runner holds the job's lease: nothing was done.</summary>
    AlreadyRunning = 4,
}

public sealed record JobRunResult(JobRunOutcome Outcome, long? BatchId, int Processed, int Failed, string? Error);

/// <summary>
/// Runs a job at most once at a time across every instance sharing the database (a lease row, renewed while the job
/// runs and expiring if its runner dies), and records the run in the batches table.
/// </summary>
public sealed class JobRunner(Func<ConnectorDbContext> createContext, TimeProvider clock, ILogger<JobRunner> logger)
{
    private static readonly string Holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(10);

    public async Task<JobRunResult> RunAsync(string jobName, string? arguments, Func<JobContext, CancellationToken, Task> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!await TryAcquireAsync(jobName, ct))
        {
            logger.LogWarning("Job {Job} is already running elsewhere; this run was skipped.", jobName);
            return new JobRunResult(JobRunOutcome.AlreadyRunning, null, 0, 0, "already running");
        }

        try
        {
            var batch = new Batch
            {
                Name = jobName,
                Arguments = arguments,
                Host = Environment.MachineName,
                StartedAt = clock.GetUtcNow(),
                Status = BatchStatus.Running,
            };
            await using (var db = createContext())
            {
                db.Batches.Add(batch);
                await db.SaveChangesAsync(ct);
            }

            var context = new JobContext(batch.Id);
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var renewing = RenewWhileRunningAsync(jobName, renewal.Token);
            string? error = null;
            BatchStatus status;
            try
            {
                await work(context, ct);
                status = context.Failed > 0 ? BatchStatus.SucceededWithErrors : BatchStatus.Succeeded;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                status = BatchStatus.Failed;
                error = "cancelled";
            }
#pragma warning disable CA1031 // A job's failure is recorded on its batch row and reported; the runner itself must not crash.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                status = BatchStatus.Failed;
                error = ex.Message.ReplaceLineEndings(" ");
                logger.LogError(ex, "Job {Job} (batch {BatchId}) failed.", jobName, batch.Id);
            }
            finally
            {
                await renewal.CancelAsync();
                await renewing;
            }

            await using (var db = createContext())
            {
                var row = await db.Batches.SingleAsync(b => b.Id == batch.Id, CancellationToken.None);
                row.Status = status;
                row.EndedAt = clock.GetUtcNow();
                row.ItemsProcessed = context.Processed;
                row.ItemsFailed = context.Failed;
                row.Error = error;
                await db.SaveChangesAsync(CancellationToken.None);
            }

            var outcome = status switch
            {
                BatchStatus.Succeeded => JobRunOutcome.Succeeded,
                BatchStatus.SucceededWithErrors => JobRunOutcome.SucceededWithErrors,
                _ => JobRunOutcome.Failed,
            };
            return new JobRunResult(outcome, batch.Id, context.Processed, context.Failed, error);
        }
        finally
        {
            await ReleaseAsync(jobName);
        }
    }

    private async Task<bool> TryAcquireAsync(string jobName, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expires = now + LeaseDuration;
        await using var db = createContext();

        // Take over an expired lease atomically: the WHERE clause is the check, the row count the answer.
        var taken = await db.JobLeases
            .Where(l => l.JobName == jobName && l.ExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, Holder).SetProperty(l => l.AcquiredAt, now).SetProperty(l => l.ExpiresAt, expires), ct);
        if (taken == 1)
        {
            return true;
        }

        db.JobLeases.Add(new JobLease { JobName = jobName, Holder = Holder, AcquiredAt = now, ExpiresAt = expires });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // The primary key says someone holds it (unique constraint, not check-then-insert).
            return false;
        }
    }

    private async Task RenewWhileRunningAsync(string jobName, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(LeaseDuration / 3, clock, ct);
                var expires = clock.GetUtcNow() + LeaseDuration;
                await using var db = createContext();
                await db.JobLeases.Where(l => l.JobName == jobName && l.Holder == Holder)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expires), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The job ended: stop renewing.
        }
    }

    private async Task ReleaseAsync(string jobName)
    {
        await using var db = createContext();
        await db.JobLeases.Where(l => l.JobName == jobName && l.Holder == Holder).ExecuteDeleteAsync(CancellationToken.None);
    }
}
