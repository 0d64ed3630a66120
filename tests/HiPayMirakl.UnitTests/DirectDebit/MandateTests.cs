using HiPayMirakl.Core.Features.DirectDebit;

namespace HiPayMirakl.UnitTests.DirectDebit;

public sealed class MandateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static Mandate Available() => new()
    {
        Id = 7,
        DebitAgreementId = "1001",
        Status = MandateStatus.Available,
        CreatedAt = Now.AddMonths(-1),
    };

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
        var mandate = Available();
        mandate.Status = status;

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
    public void Fingerprint_SpacesAndCase_SameAccountSameFingerprint()
    {
        Assert.Equal(Mandate.Fingerprint("DE89370400440532013000"), Mandate.Fingerprint("de89 3704 0044 0532 0130 00"));
        Assert.DoesNotContain("0532", Mandate.Fingerprint("DE89370400440532013000"), StringComparison.Ordinal);
    }
}
