using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Approvals;
using HiPayMirakl.Core.Features.Payouts;
using Microsoft.Extensions.Configuration;

namespace HiPayMirakl.UnitTests.Approvals;

public sealed class ApprovalRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 0, 1, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(LegStatus.Created)]
    [InlineData(LegStatus.TransferFailed)]
    [InlineData(LegStatus.TransferNegative)]
    [InlineData(LegStatus.TransferVendorDisabled)]
    public void Transitions_TransferReadyStatuses_MayAwaitApproval(LegStatus from) =>
        Assert.True(LegTransitions.IsAllowed(from, LegStatus.AwaitingApproval));

    [Theory]
    [InlineData(LegStatus.AwaitingApproval, LegStatus.Created, true)]
    [InlineData(LegStatus.AwaitingApproval, LegStatus.ApprovalRejected, true)]
    [InlineData(LegStatus.AwaitingApproval, LegStatus.TransferUnknown, false)]
    [InlineData(LegStatus.AwaitingApproval, LegStatus.TransferRequested, false)]
    [InlineData(LegStatus.ApprovalRejected, LegStatus.Created, false)]
    [InlineData(LegStatus.TransferUnknown, LegStatus.AwaitingApproval, false)]
    [InlineData(LegStatus.TransferHeld, LegStatus.AwaitingApproval, false)]
    [InlineData(LegStatus.TransferSuccess, LegStatus.AwaitingApproval, false)]
    public void Transitions_Approval_OnlyTheTableMoves(LegStatus from, LegStatus to, bool allowed) =>
        Assert.Equal(allowed, LegTransitions.IsAllowed(from, to));

    [Fact]
    public void Transitions_Rejected_IsTerminalAndAMoveOutThrows()
    {
        var leg = new Leg { Id = 4 };
        leg.TransitionTo(LegStatus.AwaitingApproval, Now);
        leg.TransitionTo(LegStatus.ApprovalRejected, Now);

        Assert.True(LegTransitions.IsTerminal(LegStatus.ApprovalRejected));
        Assert.False(LegTransitions.IsTerminal(LegStatus.AwaitingApproval));
        Assert.Throws<InvalidLegTransitionException>(() => leg.TransitionTo(LegStatus.Created, Now));
        Assert.Equal(LegStatus.ApprovalRejected, leg.Status);
    }

    [Theory]
    [InlineData("EUR", "1000", 100_000)]
    [InlineData("eur", " 12.5 ", 1250)]
    [InlineData("EUR", "0.01", 1)]
    [InlineData("JPY", "50000", 50_000)]
    [InlineData("KWD", "1.234", 1234)]
    public void Read_AmountInMajorUnits_ExactMinorUnits(string currency, string typed, long minor)
    {
        Assert.True(ApprovalRules.TryRead(new ApprovalRulesDocument { AmountAbove = { [currency] = typed } }, "Approvals:", out var rules, out var errors), string.Join(" ", errors));

        Assert.Equal(minor, rules.AmountAbove[currency.ToUpperInvariant()].MinorUnits);
    }

    [Theory]
    [InlineData("EUR", "10.001", "Approvals:AmountAbove:EUR")]
    [InlineData("JPY", "100.5", "Approvals:AmountAbove:JPY")]
    [InlineData("JPY", "100.0", null)]
    [InlineData("EUR", "-5", "Approvals:AmountAbove:EUR")]
    [InlineData("EUR", "ten", "Approvals:AmountAbove:EUR")]
    [InlineData("XYZ", "10", "Approvals:AmountAbove:XYZ")]
    public void Read_ExtraDecimalsOrBadAmounts_RefusedNamingTheKey(string currency, string typed, string? key)
    {
        var ok = ApprovalRules.TryRead(new ApprovalRulesDocument { AmountAbove = { [currency] = typed } }, "Approvals:", out _, out var errors);

        if (key is null)
        {
            Assert.True(ok, string.Join(" ", errors));
            return;
        }

        Assert.False(ok);
        Assert.StartsWith(key + ":", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTrip_CanonicalAmounts()
    {
        Assert.True(ApprovalRules.TryRead(new ApprovalRulesDocument { DailyTotalAbove = { ["eur"] = "5" }, FirstPayout = true, BankDetailsChangedWithinDays = 3 }, "", out var rules, out _));

        var json = rules.ToJson();
        var back = ApprovalRules.FromJson(json);

        Assert.Contains("\"EUR\":\"5.00\"", json, StringComparison.Ordinal);
        Assert.Equal((500L, true, 3), (back.DailyTotalAbove["EUR"].MinorUnits, back.FirstPayout, back.BankDetailsChangedWithinDays));
        Assert.True(ApprovalRules.None.IsEmpty);
        Assert.False(back.IsEmpty);
    }

    [Fact]
    public void Options_Invalid_ValidatedOnStartNamingTheKey()
    {
        var settings = new ConnectorSettings();
        settings.Approvals.AmountAbove["EUR"] = "100.123";
        settings.Approvals.DailyTotalAbove["JPY"] = "1.5";
        settings.Approvals.BankDetailsChangedWithinDays = -1;

        var errors = ConnectorConfigurationValidator.Validate(settings, SettingsScope.Database);

        Assert.Contains(errors, e => e.StartsWith("Approvals:AmountAbove:EUR:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Approvals:DailyTotalAbove:JPY:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Approvals:BankDetailsChangedWithinDays:", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_BoundFromConfiguration_PerCurrencyKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Approvals:AmountAbove:EUR"] = "2500.00",
            ["Approvals:FirstPayout"] = "true",
        }).Build();

        var settings = ConnectorSettings.Bind(configuration);

        Assert.Equal(250_000, settings.Approvals.ToRules().AmountAbove["EUR"].MinorUnits);
        Assert.True(settings.Approvals.ToRules().FirstPayout);
        Assert.Empty(settings.Approvals.Validate());
    }
}
