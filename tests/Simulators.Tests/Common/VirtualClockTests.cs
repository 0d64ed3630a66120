using Simulator.Common;

namespace Simulators.Tests.Common;

public sealed class VirtualClockTests
{
    [Fact]
    public void VirtualClock_Default_StartsAt2026AndDoesNotMove()
    {
        using var clock = new VirtualClock();
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(clock.GetUtcNow(), clock.GetUtcNow());
    }

    [Fact]
    public async Task AdvanceAsync_JobsScheduledOutOfOrder_RunInDueOrderAtTheirDueTime()
    {
        using var clock = new VirtualClock();
        var start = clock.GetUtcNow();
        var runs = new List<(string Name, DateTimeOffset At)>();
        clock.Schedule(TimeSpan.FromMinutes(10), "c", _ => Record("c"));
        clock.Schedule(TimeSpan.FromMinutes(1), "a", _ => Record("a"));
        clock.Schedule(TimeSpan.FromMinutes(5), "b", _ => Record("b"));
        clock.Schedule(TimeSpan.FromHours(2), "later", _ => Record("later"));

        var run = await clock.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal(3, run);
        Assert.Equal(["a", "b", "c"], runs.Select(r => r.Name));
        Assert.Equal(start.AddMinutes(1), runs[0].At);
        Assert.Equal(start.AddMinutes(10), runs[2].At);
        Assert.Equal(start.AddHours(1), clock.GetUtcNow());
        var pending = Assert.Single(clock.Pending);
        Assert.Equal("later", pending.Description);
        Assert.Equal(start.AddHours(2), pending.Due);

        Task Record(string name)
        {
            runs.Add((name, clock.GetUtcNow()));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task AdvanceAsync_JobSchedulesAnotherDueJob_RunsItInTheSameAdvance()
    {
        using var clock = new VirtualClock();
        var names = new List<string>();
        clock.Schedule(TimeSpan.FromSeconds(10), "first", _ =>
        {
            names.Add("first");
            clock.Schedule(TimeSpan.FromSeconds(10), "second", _ =>
            {
                names.Add("second");
                return Task.CompletedTask;
            });
            clock.Schedule(TimeSpan.FromMinutes(10), "too-late", _ =>
            {
                names.Add("too-late");
                return Task.CompletedTask;
            });
            return Task.CompletedTask;
        });

        var run = await clock.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, run);
        Assert.Equal(["first", "second"], names);
        Assert.Equal("too-late", Assert.Single(clock.Pending).Description);
    }

    [Fact]
    public void Set_Backwards_Throws()
    {
        using var clock = new VirtualClock(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        clock.Set(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.Throws<InvalidOperationException>(() => clock.Set(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
    }
}
