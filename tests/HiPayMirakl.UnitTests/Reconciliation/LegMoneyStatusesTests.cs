using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;

namespace HiPayMirakl.UnitTests.Reconciliation;

public sealed class LegMoneyStatusesTests
{
    [Fact]
    public void EveryLegStatus_IsEitherTransferredOrNotMoneyMoving_NeverBoth()
    {
        foreach (var status in Enum.GetValues<LegStatus>())
        {
            var transferred = LegMoneyStatuses.Transferred.Contains(status);
            var notMoving = LegMoneyStatuses.NotMoneyMoving.Contains(status);
            Assert.True(transferred != notMoving, $"{status} must be in exactly one of Transferred and NotMoneyMoving");
        }
    }

    [Fact]
    public void WithdrawnAndInWallet_AreTransferredStatuses()
    {
        Assert.All(LegMoneyStatuses.Withdrawn, s => Assert.Contains(s, LegMoneyStatuses.Transferred));
        Assert.All(LegMoneyStatuses.InWallet, s => Assert.Contains(s, LegMoneyStatuses.Transferred));
        Assert.Empty(LegMoneyStatuses.Withdrawn.Intersect(LegMoneyStatuses.InWallet));
    }
}
