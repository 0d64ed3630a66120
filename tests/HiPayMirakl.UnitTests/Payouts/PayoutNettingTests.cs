using HiPayMirakl.Core.Features.Payouts;

namespace HiPayMirakl.UnitTests.Payouts;

public sealed class PayoutNettingTests
{
    [Fact]
    public void Plan_DebtsSmallerThanPayout_AbsorbsAllOldestFirst()
    {
        var plan = PayoutNetting.Plan(10_000, [new NettingDebt(1, -2_500), new NettingDebt(2, 0), new NettingDebt(3, -1_000)]);

        Assert.Equal(6_500, plan.NetAmountMinor);
        Assert.Equal([1L, 2L, 3L], plan.AbsorbedLegIds);
    }

    [Fact]
    public void Plan_DebtWouldMakePayoutZero_StopsBeforeIt()
    {
        var plan = PayoutNetting.Plan(5_000, [new NettingDebt(1, -1_000), new NettingDebt(2, -4_000), new NettingDebt(3, -10)]);

        Assert.Equal(4_000, plan.NetAmountMinor);
        Assert.Equal([1L], plan.AbsorbedLegIds);
    }

    [Fact]
    public void Plan_NoDebts_PaysFullAmount()
    {
        var plan = PayoutNetting.Plan(1, []);

        Assert.Equal(1, plan.NetAmountMinor);
        Assert.Empty(plan.AbsorbedLegIds);
    }

    [Fact]
    public void Plan_PositiveDebt_Throws()
    {
        Assert.Throws<ArgumentException>(() => PayoutNetting.Plan(100, [new NettingDebt(1, 5)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PayoutNetting.Plan(0, []));
    }
}
