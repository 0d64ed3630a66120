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
    [InlineData(LegStatus.WithdrawCanceled, LegStatus.TransferRequested)]
    [InlineData(LegStatus.WithdrawCanceled, LegStatus.WithdrawSuccess)]
    [InlineData(LegStatus.TransferHeld, LegStatus.WithdrawRequested)]
    [InlineData(LegStatus.WithdrawRequested, LegStatus.WithdrawFailed)]
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
    public void TransitionTo_WithdrawCanceled_IsAWaitNotAnEnd()
    {
        var leg = LegAt(LegStatus.WithdrawCanceled);

        Assert.False(LegTransitions.IsTerminal(LegStatus.WithdrawCanceled));
        leg.TransitionTo(LegStatus.WithdrawUnknown, Now, "new bank details validated");

        Assert.Equal(LegStatus.WithdrawUnknown, leg.Status);
    }

    [Theory]
    [InlineData(LegStatus.TransferRequested, LegStatus.TransferHeld)]
    [InlineData(LegStatus.TransferRequested, LegStatus.TransferFailed)]
    [InlineData(LegStatus.TransferUnknown, LegStatus.TransferHeld)]
    [InlineData(LegStatus.WithdrawRequested, LegStatus.WithdrawCanceled)]
    [InlineData(LegStatus.WithdrawRequested, LegStatus.WithdrawHeld)]
    [InlineData(LegStatus.WithdrawUnknown, LegStatus.WithdrawCanceled)]
    public void IsAllowed_DefinitiveFailureAtHiPay_RetriesOrHolds(LegStatus from, LegStatus to) =>
        Assert.True(LegTransitions.IsAllowed(from, to));

    [Theory]
    [InlineData(LegStatus.TransferHeld, LegStatus.TransferFailed)]
    [InlineData(LegStatus.TransferHeld, LegStatus.TransferRequested)]
    [InlineData(LegStatus.TransferHeld, LegStatus.TransferSuccess)]
    [InlineData(LegStatus.WithdrawHeld, LegStatus.TransferSuccess)]
    [InlineData(LegStatus.WithdrawHeld, LegStatus.WithdrawRequested)]
    [InlineData(LegStatus.WithdrawHeld, LegStatus.WithdrawSuccess)]
    [InlineData(LegStatus.WithdrawCanceled, LegStatus.WithdrawHeld)]
    public void IsAllowed_ReleaseAndHoldMoves_AreInTheTable(LegStatus from, LegStatus to) =>
        Assert.True(LegTransitions.IsAllowed(from, to));

    [Fact]
    public void TransferKey_Generations_ZeroIsTheHistoricKeyThenASuffix()
    {
        var leg = new Leg { MerchantUniqueId = "SALES_123456_7_500123" };

        Assert.Equal("TRANSFER_SALES_123456_7_500123", leg.TransferKey(0));
        Assert.Equal("TRANSFER_SALES_123456_7_500123_G1", leg.TransferKey(1));
        Assert.Equal("WITHDRAWAL_SALES_123456_7_500123_G12", leg.WithdrawalKey(12));
        leg.TransferGeneration = 2;
        Assert.Equal("TRANSFER_SALES_123456_7_500123_G2", leg.TransferMerchantUniqueId);
        Assert.Equal("WITHDRAWAL_SALES_123456_7_500123", leg.WithdrawalMerchantUniqueId);
        Assert.Matches("^[A-Z0-9_]+$", leg.TransferMerchantUniqueId);
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
            LegStatus.TransferHeld => [LegStatus.TransferHeld],
            LegStatus.WithdrawRequested => [LegStatus.TransferRequested, LegStatus.TransferSuccess, LegStatus.WithdrawRequested],
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
