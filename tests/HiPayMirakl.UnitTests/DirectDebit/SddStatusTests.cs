using HiPayMirakl.Core.Features.DirectDebit;

namespace HiPayMirakl.UnitTests.DirectDebit;

public sealed class SddStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(118, 142)]
    [InlineData(129, 142)]
    [InlineData(129, 118)]
    [InlineData(118, 116)]
    [InlineData(113, 142)]
    public void Advances_OlderStatusAfterNewer_DoesNotRegress(int current, int incoming)
    {
        Assert.False(SddStatus.Advances(current, incoming));
    }

    [Theory]
    [InlineData(null, 142)]
    [InlineData(142, 118)]
    [InlineData(142, 116)]
    [InlineData(116, 118)]
    [InlineData(118, 129)]
    [InlineData(142, 113)]
    public void Advances_ForwardStatus_Applies(int? current, int incoming)
    {
        Assert.True(SddStatus.Advances(current, incoming));
    }

    [Fact]
    public void Advances_SameStatusTwice_SecondIsIgnored()
    {
        Assert.False(SddStatus.Advances(142, 142));
    }

    [Fact]
    public void Advances_StatusWithoutProgress_IsIgnored()
    {
        Assert.False(SddStatus.Advances(null, 999));
    }

    [Fact]
    public void Payment_118Without116_IsCollected()
    {
        var payment = new DirectDebitPayment { OrderId = "SDD-1" };

        payment.ApplyGatewayStatus(142, "800000000001", Now);
        var applied = payment.ApplyGatewayStatus(118, "800000000001", Now);

        Assert.Equal(GatewayApplyOutcome.Applied, applied);
        Assert.Equal(DirectDebitPaymentStatus.Collected, payment.Status);
        Assert.Equal(Now, payment.CollectedAt);
    }

    [Fact]
    public void Payment_ReorderedAndDuplicated_EndsAtHighestStatus()
    {
        var payment = new DirectDebitPayment { OrderId = "SDD-2" };

        foreach (var status in new[] { 118, 142, 118, 142, 116 })
        {
            payment.ApplyGatewayStatus(status, "800000000002", Now);
        }

        Assert.Equal(DirectDebitPaymentStatus.Collected, payment.Status);
        Assert.Equal(118, payment.GatewayStatus);
    }

    [Fact]
    public void Payment_129After118_IsReturnedAndNeverBackTo142()
    {
        var payment = new DirectDebitPayment { OrderId = "SDD-3" };
        payment.ApplyGatewayStatus(142, "800000000003", Now);
        payment.ApplyGatewayStatus(118, "800000000003", Now);

        payment.ApplyGatewayStatus(129, "800000000003", Now);
        var late142 = payment.ApplyGatewayStatus(142, "800000000003", Now);

        Assert.Equal(GatewayApplyOutcome.NoProgress, late142);
        Assert.Equal(DirectDebitPaymentStatus.Returned, payment.Status);
    }

    [Fact]
    public void Payment_OtherTransactionReference_RecordedNotAppliedNotThrown()
    {
        var payment = new DirectDebitPayment { OrderId = "SDD-4" };
        payment.ApplyGatewayStatus(142, "800000000004", Now);

        var outcome = payment.ApplyGatewayStatus(118, "800000000099", Now);

        Assert.Equal(GatewayApplyOutcome.OtherTransaction, outcome);
        Assert.Equal(DirectDebitPaymentStatus.Requested, payment.Status);
        Assert.Equal("800000000004", payment.TransactionReference);
        Assert.Contains(payment.Log, l => l.Message.Contains("800000000099", StringComparison.Ordinal));
    }

    [Fact]
    public void Payment_MarkUnknownAfterGatewayStatus_Throws()
    {
        var payment = new DirectDebitPayment { OrderId = "SDD-5" };
        payment.ApplyGatewayStatus(142, "800000000005", Now);

        Assert.Throws<InvalidOperationException>(() => payment.MarkUnknown("timeout", Now));
        Assert.Equal(DirectDebitPaymentStatus.Requested, payment.Status);
    }

    [Fact]
    public void Payment_UnknownThenLookupFinds142_IsRequested()
    {
        var payment = new DirectDebitPayment { OrderId = "SDD-6" };
        payment.MarkUnknown("timeout", Now);

        payment.ApplyGatewayStatus(142, "800000000006", Now);

        Assert.Equal(DirectDebitPaymentStatus.Requested, payment.Status);
    }

    [Theory]
    [InlineData(142, "800000000001|142")]
    [InlineData(129, "800000000001|129")]
    [InlineData(118, "800000000001|118|1250|")]
    public void DedupeKey_RepeatableStatusesCarryAmount(int status, string expected)
    {
        Assert.Equal(expected, SddStatus.DedupeKey("800000000001", status, 1250, null));
    }

    [Fact]
    public void DedupeKey_TwoPartialRefunds_Differ()
    {
        Assert.NotEqual(
            SddStatus.DedupeKey("800000000001", 124, 500, "op-1"),
            SddStatus.DedupeKey("800000000001", 124, 500, "op-2"));
    }
}
