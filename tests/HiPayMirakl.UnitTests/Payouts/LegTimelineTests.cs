using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Vendors;

namespace HiPayMirakl.UnitTests.Payouts;

public sealed class LegTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static LegDetails Details(Leg leg, params (LegStatus? From, LegStatus To, string Message, string? Actor)[] rows)
    {
        var generations = new List<LegGeneration>();
        for (var g = 0; g <= leg.TransferGeneration; g++)
        {
            generations.Add(new LegGeneration(PayoutSide.Transfer, g, leg.TransferKey(g), g == leg.TransferGeneration));
        }

        for (var g = 0; g <= leg.WithdrawGeneration; g++)
        {
            generations.Add(new LegGeneration(PayoutSide.Withdrawal, g, leg.WithdrawalKey(g), g == leg.WithdrawGeneration));
        }

        var log = rows.Select((r, i) => new LegLogEntry
        {
            Id = i + 1, LegId = leg.Id, FromStatus = r.From, ToStatus = r.To, Message = r.Message, Actor = r.Actor, CreatedAt = T0.AddMinutes(i),
        }).ToList();
        return new LegDetails(leg, generations, log);
    }

    [Fact]
    public void Build_RefusedCaptureThenResend_GivesEachCallTheKeyOfItsGeneration()
    {
        var leg = new Leg { Id = 7, MerchantUniqueId = "SALES_9001_M_600001", TransferGeneration = 1 };
        var g0 = leg.TransferKey(0);
        var g1 = leg.TransferKey(1);
        var entries = LegTimeline.Build(Details(leg,
            (null, LegStatus.Created, "Created", null),
            // Rows written before the send marker named its key: the generation is the one current then.
            (LegStatus.Created, LegStatus.TransferUnknown, "Transfer being sent", null),
            (LegStatus.TransferUnknown, LegStatus.TransferRequested, "Transfer accepted: AUTHED", null),
            (LegStatus.TransferRequested, LegStatus.TransferFailed, $"Notification capture nok: {g0} definitively failed at HiPay; next generation {g1}", null),
            (LegStatus.TransferFailed, LegStatus.TransferUnknown, "Transfer being sent as " + g1, null),
            (LegStatus.TransferUnknown, LegStatus.TransferSuccess, "Notification capture ok", null)));

        Assert.Equal(
            [LegEventKind.Created, LegEventKind.Call, LegEventKind.Answer, LegEventKind.Notification, LegEventKind.Call, LegEventKind.Notification],
            entries.Select(e => e.Kind));
        var calls = entries.Where(e => e.Kind == LegEventKind.Call).ToList();
        Assert.Equal([(0, g0), (1, g1)], calls.Select(c => (c.Generation!.Value, c.MerchantUniqueId!)));
        // The refusal is about the generation that failed, not the one it mints.
        Assert.Equal(0, entries[3].Generation);
        Assert.Equal(1, entries[5].Generation);
        Assert.All(entries.Skip(1), e => Assert.Equal(PayoutSide.Transfer, e.Side));
    }

    [Fact]
    public void Build_OperatorHoldRefusalAndRelease_AreTheirOwnKindsWithWhoDidIt()
    {
        var leg = new Leg { Id = 8, MerchantUniqueId = "SALES_9002_M_600002" };
        var entries = LegTimeline.Build(Details(leg,
            (null, LegStatus.Created, "Created", null),
            (LegStatus.Created, LegStatus.TransferHeld, "Held by ann@example.test: wait", "ann@example.test"),
            (LegStatus.TransferHeld, LegStatus.TransferHeld, "Hold refused (again): leg 8 is already TransferHeld", "bob@example.test"),
            (LegStatus.TransferHeld, LegStatus.TransferFailed, "Released by ann@example.test: ok. HiPay's books: …", "ann@example.test")));

        Assert.Equal([LegEventKind.Created, LegEventKind.Hold, LegEventKind.Refusal, LegEventKind.Release], entries.Select(e => e.Kind));
        Assert.Equal([null, "ann@example.test", "bob@example.test", "ann@example.test"], entries.Select(e => e.Actor));
    }

    [Theory]
    [InlineData(LegStatus.WithdrawHeld, LegKind.SellerPayout, false, true, false, BankInfoStatus.Blank, WaitingReason.Held)]
    [InlineData(LegStatus.WithdrawFailed, LegKind.SellerPayout, false, true, false, BankInfoStatus.Validated, WaitingReason.Kyc)]
    [InlineData(LegStatus.WithdrawFailed, LegKind.SellerPayout, true, true, false, BankInfoStatus.ToValidate, WaitingReason.BankDetails)]
    [InlineData(LegStatus.WithdrawPaymentBlocked, LegKind.SellerPayout, true, true, true, BankInfoStatus.Validated, WaitingReason.Blocked)]
    [InlineData(LegStatus.TransferSuccess, LegKind.SellerPayout, true, false, false, BankInfoStatus.Validated, WaitingReason.Disabled)]
    [InlineData(LegStatus.TransferFailed, LegKind.SellerPayout, true, true, false, BankInfoStatus.Validated, WaitingReason.Retrying)]
    [InlineData(LegStatus.Created, LegKind.OperatorCommission, false, true, true, BankInfoStatus.Blank, WaitingReason.InProgress)]
    public void ReasonOf_LegAndSellerState_NamesWhyTheMoneyWaits(LegStatus status, LegKind kind, bool identified, bool enabled, bool blocked,
        BankInfoStatus bank, WaitingReason expected) =>
        Assert.Equal(expected, PayoutOverview.ReasonOf(status, kind, identified, enabled, blocked, bank));
}
