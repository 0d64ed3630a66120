using HiPayMirakl.Core.Features.DirectDebit;

namespace HiPayMirakl.UnitTests.DirectDebit;

public sealed class MandateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static Mandate Available()
    {
        var mandate = new Mandate { Id = 7, DebitAgreementId = "1001", CreatedAt = Now.AddMonths(-1) };
        mandate.MoveTo(MandateStatus.Available);
        return mandate;
    }

    [Fact]
    public void WhyNotChargeable_Available_IsNull()
    {
        Assert.Null(Available().WhyNotChargeable(Now));
    }

    [Theory]
    [InlineData(MandateStatus.Terminated)]
    [InlineData(MandateStatus.Suspended)]
    [InlineData(MandateStatus.Expired)]
    [InlineData(MandateStatus.Pending)]
    public void WhyNotChargeable_NotAvailable_NamesTheStatus(MandateStatus status)
    {
        var mandate = new Mandate { Id = 7, DebitAgreementId = "1001", CreatedAt = Now.AddMonths(-1) };
        mandate.MoveTo(status);

        Assert.Contains(status.ToString().ToLowerInvariant(), mandate.WhyNotChargeable(Now), StringComparison.Ordinal);
    }

    [Fact]
    public void WhyNotChargeable_Unused36Months_Lapsed()
    {
        var mandate = Available();
        mandate.LastCollectionAt = Now.AddMonths(-36);

        Assert.Contains("36 months", mandate.WhyNotChargeable(Now), StringComparison.Ordinal);
    }

    [Fact]
    public void WhyNotChargeable_NoAgreementYet_Refused()
    {
        var mandate = Available();
        mandate.DebitAgreementId = null;

        Assert.NotNull(mandate.WhyNotChargeable(Now));
    }

    [Fact]
    public void ApplyGatewayStatus_TerminatedThenAvailable_StaysTerminated()
    {
        var mandate = Available();

        mandate.ApplyGatewayStatus("terminated");
        mandate.ApplyGatewayStatus("available");

        Assert.Equal(MandateStatus.Terminated, mandate.Status);
    }

    [Fact]
    public void ApplyGatewayStatus_TerminatedThenSuspendedThenAvailable_StaysTerminated()
    {
        // Late notifications after a revocation: neither a suspension nor an availability brings the mandate back.
        var mandate = Available();
        mandate.MoveTo(MandateStatus.Terminated);

        var suspended = mandate.ApplyGatewayStatus("suspended");
        var available = mandate.ApplyGatewayStatus("available");

        Assert.False(suspended);
        Assert.False(available);
        Assert.Equal(MandateStatus.Terminated, mandate.Status);
        Assert.NotNull(mandate.WhyNotChargeable(Now));
    }

    [Theory]
    [InlineData(MandateStatus.Available)]
    [InlineData(MandateStatus.Suspended)]
    [InlineData(MandateStatus.Pending)]
    [InlineData(MandateStatus.Error)]
    public void MoveTo_OutOfTerminated_Throws(MandateStatus next)
    {
        var mandate = Available();
        mandate.MoveTo(MandateStatus.Terminated);

        Assert.Throws<InvalidMandateTransitionException>(() => mandate.MoveTo(next));
    }

    [Fact]
    public void MandateTransitions_EveryStatusHasARow()
    {
        foreach (var status in Enum.GetValues<MandateStatus>())
        {
            Assert.True(status == MandateStatus.Terminated || MandateTransitions.IsAllowed(status, MandateStatus.Terminated), $"{status} cannot be revoked");
        }
    }

    [Fact]
    public void Fingerprint_SpacesAndCase_SameAccountSameFingerprint()
    {
        Assert.Equal(Mandate.Fingerprint("DE89370400440532013000"), Mandate.Fingerprint("de89 3704 0044 0532 0130 00"));
        Assert.DoesNotContain("0532", Mandate.Fingerprint("DE89370400440532013000"), StringComparison.Ordinal);
    }
}
