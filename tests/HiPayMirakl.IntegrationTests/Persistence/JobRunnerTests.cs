using System.Data.Common;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HiPayMirakl.IntegrationTests.Persistence;

public sealed class JobRunnerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 11, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunAsync_SameJobTwiceAtOnce_SecondIsSkippedAndRecordsNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new FakeTimeProvider(Start);
        var runner = new JobRunner(() => database.CreateContext(clock), clock, NullLogger<JobRunner>.Instance);
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();

        var first = runner.RunAsync("cashout:transfer", null, async (ctx, ct) =>
        {
            inside.SetResult();
            await release.Task;
            ctx.ItemSucceeded();
        }, CancellationToken.None);
        await inside.Task;
        var second = await runner.RunAsync("cashout:transfer", null, (_, _) => Task.CompletedTask, CancellationToken.None);
        release.SetResult();
        var firstResult = await first;

        Assert.Equal(JobRunOutcome.AlreadyRunning, second.Outcome);
        Assert.Equal(JobRunOutcome.Succeeded, firstResult.Outcome);
        await using var db = database.CreateContext();
        var batch = await db.Batches.SingleAsync();
        Assert.Equal((BatchStatus.Succeeded, 1, 0), (batch.Status, batch.ItemsProcessed, batch.ItemsFailed));
        Assert.Empty(await db.JobLeases.ToListAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunAsync_ExpiredLeaseOfADeadRunner_IsTakenOver(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new FakeTimeProvider(Start);
        await using (var db = database.CreateContext(clock))
        {
            db.JobLeases.Add(new JobLease { JobName = "vendor:process", Holder = "dead-host:1", AcquiredAt = Start.AddHours(-1), ExpiresAt = Start.AddMinutes(-1) });
            await db.SaveChangesAsync();
        }

        var runner = new JobRunner(() => database.CreateContext(clock), clock, NullLogger<JobRunner>.Instance);
        var result = await runner.RunAsync("vendor:process", "--since 24h", (ctx, _) =>
        {
            ctx.ItemSucceeded();
            ctx.ItemFailed();
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(JobRunOutcome.SucceededWithErrors, result.Outcome);
        await using var check = database.CreateContext();
        var batch = await check.Batches.SingleAsync();
        Assert.Equal(("vendor:process", "--since 24h", BatchStatus.SucceededWithErrors, 2, 1), (batch.Name, batch.Arguments, batch.Status, batch.ItemsProcessed, batch.ItemsFailed));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunAsync_JobThrows_BatchIsFailedWithTheErrorAndLeaseReleased(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new FakeTimeProvider(Start);
        var runner = new JobRunner(() => database.CreateContext(clock), clock, NullLogger<JobRunner>.Instance);

        var result = await runner.RunAsync("cashout:withdraw", null, (_, _) => throw new InvalidOperationException("HiPay said no\nat all"), CancellationToken.None);

        Assert.Equal(JobRunOutcome.Failed, result.Outcome);
        await using var db = database.CreateContext();
        var batch = await db.Batches.SingleAsync();
        Assert.Equal(BatchStatus.Failed, batch.Status);
        Assert.Equal("HiPay said no at all", batch.Error);
        Assert.NotNull(batch.EndedAt);
        Assert.Empty(await db.JobLeases.ToListAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunAsync_LeaseRenewalHitsATransientDatabaseError_RetriesAndTheJobRunsToTheEnd(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new FakeTimeProvider(Start);
        var failing = new FailingLeaseRenewals(failures: 1);
        var runner = new JobRunner(() => ContextWith(database, clock, failing), clock, NullLogger<JobRunner>.Instance);
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var cancelled = false;

        var run = runner.RunAsync("cashout:run", null, async (ctx, ct) =>
        {
            inside.SetResult();
            await release.Task;
            cancelled = ct.IsCancellationRequested;
            ctx.ItemSucceeded();
        }, CancellationToken.None);
        await inside.Task;
        // Time passes until a renewal failed and a later one went through.
        await AdvanceUntilAsync(clock, () => failing.Succeeded >= 1 || run.IsCompleted);
        DateTimeOffset renewedUntil;
        await using (var db = database.CreateContext())
        {
            renewedUntil = (await db.JobLeases.AsNoTracking().SingleAsync()).ExpiresAt;
        }

        release.SetResult();
        var result = await run;

        Assert.Equal(1, failing.Failed);
        Assert.Equal(JobRunOutcome.Succeeded, result.Outcome);
        Assert.False(cancelled);
        Assert.True(renewedUntil > Start + runner.LeaseDuration, $"lease still ends at {renewedUntil:O}");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunAsync_LeaseTakenOverWhileRunning_CancelsTheJobAndRecordsTheLoss(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new FakeTimeProvider(Start);
        var runner = new JobRunner(() => database.CreateContext(clock), clock, NullLogger<JobRunner>.Instance);
        var inside = new TaskCompletionSource();

        var run = runner.RunAsync("cashout:transfer", null, async (_, ct) =>
        {
            inside.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        }, CancellationToken.None);
        await inside.Task;
        await using (var db = database.CreateContext())
        {
            // What an instance that found the lease expired (say after a long pause of this one) leaves behind.
            await db.JobLeases.ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, "other-host:1:run"));
        }

        await AdvanceUntilAsync(clock, () => run.IsCompleted);
        var result = await run;

        Assert.Equal(JobRunOutcome.Failed, result.Outcome);
        Assert.StartsWith("lease lost", result.Error, StringComparison.Ordinal);
        await using var check = database.CreateContext();
        var batch = await check.Batches.SingleAsync();
        Assert.Equal(BatchStatus.Failed, batch.Status);
        Assert.Equal("other-host:1:run", (await check.JobLeases.SingleAsync()).Holder);
    }

    /// <summary>Moves fake time in small steps, letting the runner's real database calls finish in between.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> done)
    {
        for (var step = 0; step < 400 && !done(); step++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(25);
        }

        Assert.True(done(), "the condition never came true within 4000 s of fake time");
    }

    private static ConnectorDbContext ContextWith(TestDatabase database, TimeProvider clock, IInterceptor interceptor)
    {
        var builder = new DbContextOptionsBuilder<ConnectorDbContext>();
        ConnectorDatabase.Configure(builder, database.Provider, database.ConnectionString);
        builder.AddInterceptors(interceptor);
        return new ConnectorDbContext(builder.Options, clock);
    }

    /// <summary>Fails the first lease renewals (UPDATE job_leases SET expires_at) like a dropped connection would.</summary>
    private sealed class FailingLeaseRenewals(int failures) : DbCommandInterceptor
    {
        private int _attempts;
        private int _failed;
        private int _succeeded;

        public int Failed => Volatile.Read(ref _failed);

        public int Succeeded => Volatile.Read(ref _succeeded);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (IsRenewal(command) && Interlocked.Increment(ref _attempts) <= failures)
            {
                Interlocked.Increment(ref _failed);
                throw new TransientDatabaseException();
            }

            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (IsRenewal(command) && result == 1)
            {
                Interlocked.Increment(ref _succeeded);
            }

            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }

        private static bool IsRenewal(DbCommand command) =>
            command.CommandText.Contains("UPDATE", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains("job_leases", StringComparison.Ordinal)
            && !command.CommandText.Contains("acquired_at", StringComparison.Ordinal);
    }

    private sealed class TransientDatabaseException() : DbException("connection reset by peer");
}
