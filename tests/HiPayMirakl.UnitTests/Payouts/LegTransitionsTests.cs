using HiPayMirakl.Core.Features.Payouts;

namespace HiPayMirakl.UnitTests.Payouts;

public sealed class LegTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 0, 1, 0, TimeSpan.Zero);

    [Fact]
    public void TransitionTo_HappyPath_ReachesWithdrawSuccess()
    {
        var leg = new Leg { Id = 1 };

        leg.TransitionTo(LegStatus.TransferRequested, Now);
        leg.TransitionTo(LegStatus.TransferSuccess, Now);
        leg.TransitionTo(LegStatus.WithdrawRequested, Now);
        leg.TransitionTo(LegStatus.WithdrawSuccess, Now);

        Assert.Equal(LegStatus.WithdrawSuccess, leg.Status);
        Assert.True(LegTransitions.IsTerminal(leg.Status));
    }

    [Theory]
    [InlineData(LegStatus.WithdrawSuccess, LegStatus.TransferRequested)]
    [InlineData(LegStatus.TransferRequested, LegStatus.TransferRequested)]
    [InlineData(LegStatus.Created, LegStatus.WithdrawRequested)]
    [InlineData(LegStatus.TransferUnknown, LegStatus.Created)]
    [InlineData(LegStatus.Adjusted, LegStatus.TransferRequested)]
    [InlineData(LegStatus.WithdrawCanceled, LegStatus.WithdrawRequested)]
    public void TransitionTo_NotAllowed_ThrowsAndKeepsStatus(LegStatus from, LegStatus to)
    {
        var leg = LegAt(from);

        var ex = Assert.Throws<InvalidLegTransitionException>(() => leg.TransitionTo(to, Now));

        Assert.Equal(from, leg.Status);
        Assert.Equal(to, ex.To);
    }

    [Fact]
    public void TransitionTo_UnknownOutcome_CanOnlyBeResolvedNotResent()
    {
        var leg = LegAt(LegStatus.TransferUnknown);

        Assert.False(LegTransitions.IsAllowed(LegStatus.TransferUnknown, LegStatus.Created));
        leg.TransitionTo(LegStatus.TransferSuccess, Now, "found by merchant_unique_id");

        Assert.Equal(LegStatus.TransferSuccess, leg.Status);
        Assert.Equal("found by merchant_unique_id", leg.LastError);
    }

    [Fact]
    public void MintMerchantUniqueId_SellerAndCommission_FollowPredecessorFormat()
    {
        Assert.Equal("SALES_123456_7_500123", Leg.MintMerchantUniqueId(LegKind.SellerPayout, "123456", "7", 500123));
        Assert.Equal("COMMISSION_123456_7_500123", Leg.MintMerchantUniqueId(LegKind.OperatorCommission, "123456", "7", 500123));

        var leg = new Leg { MerchantUniqueId = "SALES_123456_7_500123" };
        Assert.Equal("TRANSFER_SALES_123456_7_500123", leg.TransferMerchantUniqueId);
        Assert.Equal("WITHDRAWAL_SALES_123456_7_500123", leg.WithdrawalMerchantUniqueId);
    }

    private static Leg LegAt(LegStatus status)
    {
        var leg = new Leg { Id = 9 };
        LegStatus[] path = status switch
        {
            LegStatus.Created => [],
            LegStatus.TransferRequested => [LegStatus.TransferRequested],
            LegStatus.TransferUnknown => [LegStatus.TransferUnknown],
            LegStatus.Adjusted => [LegStatus.Adjusted],
            LegStatus.WithdrawSuccess => [LegStatus.TransferRequested, LegStatus.TransferSuccess, LegStatus.WithdrawRequested, LegStatus.WithdrawSuccess],
            LegStatus.WithdrawCanceled => [LegStatus.TransferRequested, LegStatus.TransferSuccess, LegStatus.WithdrawRequested, LegStatus.WithdrawCanceled],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var s in path)
        {
            leg.TransitionTo(s, Now);
        }

        return leg;
    }
}
