using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.HiPayWallet;

namespace HiPayMirakl.UnitTests.Payouts;

public sealed class ProviderStatusTests
{
    [Theory]
    [InlineData("CAPTURED", ProviderOutcome.Settled)]
    [InlineData("captured", ProviderOutcome.Settled)]
    [InlineData("AUTHED", ProviderOutcome.Pending)]
    [InlineData("STANDBY", ProviderOutcome.Pending)]
    [InlineData("REJECTED_END", ProviderOutcome.Failed)]
    [InlineData("CANCELLED_END", ProviderOutcome.Failed)]
    [InlineData("UNAUTHED", ProviderOutcome.Failed)]
    [InlineData("ABORTED", ProviderOutcome.Failed)]
    [InlineData("SOMETHING_NEW", ProviderOutcome.Unknown)]
    [InlineData("", ProviderOutcome.Unknown)]
    [InlineData(null, ProviderOutcome.Unknown)]
    public void OfTransaction_EachListedStatus_HasOneMeaning(string? status, ProviderOutcome expected) =>
        Assert.Equal(expected, ProviderStatus.OfTransaction(status));

    [Theory]
    [InlineData("authorization", WalletNotificationStatus.Ok, ProviderOutcome.Pending)]
    [InlineData("authorization", WalletNotificationStatus.Nok, ProviderOutcome.Failed)]
    [InlineData("capture", WalletNotificationStatus.Ok, ProviderOutcome.Settled)]
    [InlineData("capture", WalletNotificationStatus.Nok, ProviderOutcome.Failed)]
    [InlineData("withdraw_validation", WalletNotificationStatus.Ok, ProviderOutcome.Settled)]
    [InlineData("withdraw_validation", WalletNotificationStatus.Nok, ProviderOutcome.Failed)]
    [InlineData("capture", WalletNotificationStatus.Unknown, ProviderOutcome.Unknown)]
    [InlineData("other_transaction", WalletNotificationStatus.Ok, ProviderOutcome.Unknown)]
    public void OfNotification_EachPayoutPair_HasOneMeaning(string operation, WalletNotificationStatus status, ProviderOutcome expected) =>
        Assert.Equal(expected, ProviderStatus.OfNotification(operation, status));

    [Theory]
    [InlineData("authorization", PayoutSide.Transfer)]
    [InlineData("capture", PayoutSide.Transfer)]
    [InlineData("withdraw_validation", PayoutSide.Withdrawal)]
    [InlineData("bank_info_validation", null)]
    public void SideOf_Operation_NamesTheMovement(string operation, PayoutSide? expected) =>
        Assert.Equal(expected, ProviderStatus.SideOf(operation));

    [Fact]
    public void OfTransaction_RefusedCaptureAndCancelledWithdrawal_ReadAlikeByLookupAndNotification()
    {
        Assert.Equal(ProviderStatus.OfNotification("capture", WalletNotificationStatus.Nok), ProviderStatus.OfTransaction("REJECTED_END"));
        Assert.Equal(ProviderStatus.OfNotification("withdraw_validation", WalletNotificationStatus.Nok), ProviderStatus.OfTransaction("CANCELLED_END"));
        Assert.Equal(ProviderStatus.OfNotification("capture", WalletNotificationStatus.Ok), ProviderStatus.OfTransaction("CAPTURED"));
    }
}
