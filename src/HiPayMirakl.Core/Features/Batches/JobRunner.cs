using System.Data.Common;
using HiPayMirakl.Core.Features.Monitoring;
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

    /// <summary>The job's one-line result, written to the batch row.</summary>
    public string? Summary { get; set; }

    /// <summary>Adds counts a job learnt in bulk (a step summary) rather than item by item.</summary>
    public void Count(int processed, int failed)
    {
        Interlocked.Add(ref _processed, processed);
        Interlocked.Add(ref _failed, failed);
    }

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

/// <summary>Why a run started: <paramref name="Trigger"/> as recorded on the batch, and the fire time a schedule meant.</summary>
public sealed record JobTrigger(string Trigger, DateTimeOffset? ScheduledFor = null)
{
    public const string Schedule = "schedule";
    public const string Manual = "manual";
}

/// <summary>
/// Runs a job at most once at a time across every instance sharing the database (a lease row per job name, renewed
/// while the job runs and expiring if its runner dies), and records the run in the batches table. A runner that loses
/// its lease (taken over, or not renewable before it expires) cancels its job. Jobs that move money do not rely on
/// the lease for safety: different jobs work the same legs, which are claimed one by one.
/// </summary>
public sealed partial class JobRunner(Func<ConnectorDbContext> createContext, TimeProvider clock, ILogger<JobRunner> logger, ConnectorMetrics? metrics = null)
{
    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(10);

    public Task<JobRunResult> RunAsync(string jobName, string? arguments, Func<JobContext, CancellationToken, Task> work, CancellationToken ct) =>
        RunAsync(jobName, arguments, null, work, ct);

    /// <summary>
    /// Runs a job as <see cref="RunAsync(string, string?, Func{JobContext, CancellationToken, Task}, CancellationToken)"/>;
    /// with a <paramref name="trigger"/>, the batch row records it, and a scheduled firing that finds the job already
    /// running is still recorded (as <see cref="BatchStatus.Skipped"/>), so every firing leaves exactly one row.
    /// </summary>
    public async Task<JobRunResult> RunAsync(string jobName, string? arguments, JobTrigger? trigger, Func<JobContext, CancellationToken, Task> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        // One holder per run: a second run of the same job in this process is another holder, not the same one.
        var holder = Instance + ":" + Guid.NewGuid().ToString("N")[..8];
        if (await TryAcquireAsync(jobName, holder, ct) is not { } expiresAt)
        {
            logger.LogWarning("Job {Job} is already running elsewhere; this run was skipped.", jobName);
            long? skipped = null;
            if (trigger?.ScheduledFor is not null)
            {
                var now = clock.GetUtcNow();
                var row = new Batch
                {
                    Name = jobName, Arguments = arguments, Host = Environment.MachineName, StartedAt = now, EndedAt = now,
                    Status = BatchStatus.Skipped, Error = "already running", Trigger = trigger.Trigger, ScheduledFor = trigger.ScheduledFor,
                };
                await using var db = createContext();
                db.Batches.Add(row);
                await db.SaveChangesAsync(ct);
                skipped = row.Id;
            }

            return new JobRunResult(JobRunOutcome.AlreadyRunning, skipped, 0, 0, "already running");
        }

        var started = clock.GetTimestamp();
        try
        {
            var batch = new Batch
            {
                Name = jobName,
                Arguments = arguments,
                Host = Environment.MachineName,
                StartedAt = clock.GetUtcNow(),
                Status = BatchStatus.Running,
                Trigger = trigger?.Trigger,
                ScheduledFor = trigger?.ScheduledFor,
            };
            await using (var db = createContext())
            {
                db.Batches.Add(batch);
                await db.SaveChangesAsync(ct);
            }

            var context = new JobContext(batch.Id);
            using var job = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var lease = new LeaseState(jobName, holder, expiresAt);
            var renewing = RenewWhileRunningAsync(lease, job, renewal.Token);
            string? error = null;
            BatchStatus status;
            try
            {
                await work(context, job.Token);
                status = context.Failed > 0 ? BatchStatus.SucceededWithErrors : BatchStatus.Succeeded;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                status = BatchStatus.Failed;
                error = "cancelled";
            }
            catch (OperationCanceledException) when (lease.LostReason is not null)
            {
                status = BatchStatus.Failed;
                error = "lease lost: " + lease.LostReason;
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
                row.Summary = context.Summary;
                await db.SaveChangesAsync(CancellationToken.None);
            }

            metrics?.JobFinished(jobName, status.ToString(), clock.GetElapsedTime(started));
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
            await ReleaseAsync(jobName, holder);
        }
    }

    /// <summary>The lease's expiry when taken, or null when another runner holds it.</summary>
    private async Task<DateTimeOffset?> TryAcquireAsync(string jobName, string holder, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expires = now + LeaseDuration;
        await using var db = createContext();

        // Take over an expired lease atomically: the WHERE clause is the check, the row count the answer.
        var taken = await db.JobLeases
            .Where(l => l.JobName == jobName && l.ExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.AcquiredAt, now).SetProperty(l => l.ExpiresAt, expires), ct);
        if (taken == 1)
        {
            return expires;
        }

        db.JobLeases.Add(new JobLease { JobName = jobName, Holder = holder, AcquiredAt = now, ExpiresAt = expires });
        try
        {
            await db.SaveChangesAsync(ct);
            return expires;
        }
        catch (DbUpdateException)
        {
            // The primary key says someone holds it (unique constraint, not check-then-insert).
            return null;
        }
    }

    /// <summary>
    /// Renews every third of the lease. A failed renewal (database unreachable, timeout) is retried at a shorter
    /// pace while the lease still runs; a renewal that matches no row means another runner took the lease over.
    /// Either way, losing the lease cancels the job.
    /// </summary>
    private async Task RenewWhileRunningAsync(LeaseState lease, CancellationTokenSource job, CancellationToken ct)
    {
        var interval = LeaseDuration / 3;
        var retry = LeaseDuration / 20;
        var wait = interval;
        try
        {
            while (true)
            {
                await Task.Delay(wait, clock, ct);
                var now = clock.GetUtcNow();
                if (now >= lease.ExpiresAt)
                {
                    await LoseAsync(lease, job, "it expired before it could be renewed");
                    return;
                }

                var expires = now + LeaseDuration;
                try
                {
                    await using var db = createContext();
                    var renewed = await db.JobLeases.Where(l => l.JobName == lease.JobName && l.Holder == lease.Holder)
                        .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expires), ct);
                    if (renewed != 1)
                    {
                        await LoseAsync(lease, job, "another runner holds it");
                        return;
                    }

                    lease.ExpiresAt = expires;
                    wait = interval;
                }
                catch (Exception ex) when (ex is DbException or DbUpdateException or TimeoutException)
                {
                    RenewalFailed(logger, lease.JobName, ex);
                    var left = lease.ExpiresAt - now;
                    wait = left <= TimeSpan.Zero ? TimeSpan.Zero : left < retry ? left : retry;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The job ended: stop renewing.
        }
    }

    private async Task LoseAsync(LeaseState lease, CancellationTokenSource job, string reason)
    {
        lease.LostReason = reason;
        LeaseLost(logger, lease.JobName, reason);
        await job.CancelAsync();
    }

    private async Task ReleaseAsync(string jobName, string holder)
    {
        await using var db = createContext();
        await db.JobLeases.Where(l => l.JobName == jobName && l.Holder == holder).ExecuteDeleteAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: lease renewal failed; retrying before the lease expires")]
    private static partial void RenewalFailed(ILogger logger, string job, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} lost its lease ({Reason}); the job is cancelled")]
    private static partial void LeaseLost(ILogger logger, string job, string reason);

    private sealed class LeaseState(string jobName, string holder, DateTimeOffset expiresAt)
    {
        public string JobName { get; } = jobName;

        public string Holder { get; } = holder;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

        public string? LostReason { get; set; }
    }
}
