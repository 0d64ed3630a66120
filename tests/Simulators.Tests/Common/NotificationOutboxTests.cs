using System.Net.Http.Json;
using System.Text;
using Simulator.Common;
using Simulators.Tests.TestSupport;

namespace Simulators.Tests.Common;

public sealed class NotificationOutboxTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _sim = await KitTestSimulator.StartAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _sim.DisposeAsync();
    }

    private NotificationOutbox Outbox => _sim.Get<NotificationOutbox>();

    private VirtualClock Clock => _sim.Get<VirtualClock>();

    private void Enqueue(string id, TimeSpan delay) => Outbox.Enqueue(new OutgoingNotification(id, _receiver.Target,
        "application/json", Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\"}"), new Dictionary<string, string>(), "test " + id), delay);

    [Fact]
    public async Task Enqueue_BeforeDelay_NothingSentThenDeliveredWhenDue()
    {
        Enqueue("n1", TimeSpan.FromSeconds(30));

        await Clock.AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.Equal(0, _receiver.Calls);

        await Clock.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(["{\"id\":\"n1\"}"], _receiver.Received);
        var info = Assert.Single(Outbox.Snapshot());
        Assert.True(info.Delivered);
        Assert.Equal(1, info.Attempts);
        Assert.Equal(200, info.LastStatus);
    }

    [Fact]
    public async Task Delivery_Non2xxTwice_RetriesAfterOneThenFiveMinutes()
    {
        _receiver.FailFirst = 2;
        Enqueue("n1", TimeSpan.Zero);

        await Clock.AdvanceAsync(TimeSpan.Zero);
        Assert.Equal(1, _receiver.Calls);
        await Clock.AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.Equal(1, _receiver.Calls);
        await Clock.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _receiver.Calls);
        await Clock.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(3, _receiver.Calls);

        var info = Assert.Single(Outbox.Snapshot());
        Assert.True(info.Delivered);
        Assert.Equal(3, info.Attempts);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task Delivery_AlwaysFailing_DeadAfterFiveAttempts()
    {
        _receiver.FailFirst = int.MaxValue;
        Enqueue("n1", TimeSpan.Zero);

        await Clock.AdvanceAsync(TimeSpan.FromHours(3));

        var info = Assert.Single(Outbox.Snapshot());
        Assert.True(info.Dead);
        Assert.False(info.Delivered);
        Assert.Equal(5, info.Attempts);
        Assert.Equal(5, _receiver.Calls);
        Assert.Empty(Clock.Pending);
    }

    [Fact]
    public async Task Modes_DuplicateViaControlApi_DeliversEachTwice()
    {
        using var client = new HttpClient { BaseAddress = _sim.BaseAddress };
        using var set = await client.PostAsJsonAsync("_sim/outbox/modes", new { duplicate = true });
        set.EnsureSuccessStatusCode();
        Enqueue("n1", TimeSpan.FromSeconds(1));

        await Clock.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(["{\"id\":\"n1\"}", "{\"id\":\"n1\"}"], _receiver.Received);
    }

    [Fact]
    public async Task Modes_Reorder_DeliversBatchInReverseOrder()
    {
        Outbox.Modes.Reorder = true;
        Enqueue("a", TimeSpan.FromSeconds(5));
        Enqueue("b", TimeSpan.FromSeconds(5));
        Enqueue("c", TimeSpan.FromSeconds(5));

        await Clock.AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["{\"id\":\"c\"}", "{\"id\":\"b\"}", "{\"id\":\"a\"}"], _receiver.Received);
    }

    [Fact]
    public async Task Modes_DropNextOne_FirstLostSecondDelivered()
    {
        Outbox.Modes.DropNext = 1;
        Enqueue("a", TimeSpan.FromSeconds(1));
        Enqueue("b", TimeSpan.FromSeconds(2));

        await Clock.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Equal(["{\"id\":\"b\"}"], _receiver.Received);
        var a = Outbox.Snapshot().Single(e => e.Id == "a");
        Assert.True(a.Dropped);
        Assert.False(a.Delivered);
        Assert.Equal(0, Outbox.Modes.DropNext);
    }
}
