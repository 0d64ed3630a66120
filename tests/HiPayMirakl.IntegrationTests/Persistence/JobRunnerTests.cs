using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
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

}
