namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>
/// Called after a money POST returned and before its outcome is committed. Production registers a no-op; recovery
/// tests register one that throws, to stand for a process killed between the provider call and the database commit.
/// </summary>
public interface IPayoutCallObserver
{
    Task AfterMoneyCallAsync(Leg leg, string operation, CancellationToken ct);
}

internal sealed class NoPayoutCallObserver : IPayoutCallObserver
{
    public Task AfterMoneyCallAsync(Leg leg, string operation, CancellationToken ct) => Task.CompletedTask;
}
