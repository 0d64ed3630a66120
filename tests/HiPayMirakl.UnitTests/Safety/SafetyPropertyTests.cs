using System.Numerics;
using CsCheck;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Money;
using HiPayMirakl.Currencies;
using MoneyValue = HiPayMirakl.Core.Money.Money;

namespace HiPayMirakl.UnitTests.Safety;

/// <summary>
/// Generated inputs over the pieces money depends on: amounts, the cycle calendar, the TARGET2 bank-day calendar and
/// every state machine. Each property states what must hold for any input, not for a handful of examples.
/// </summary>
public sealed class SafetyPropertyTests
{
    private static readonly string[] Codes = [.. Currency.KnownCodes];

    private static readonly Gen<long> AnyMinor = Gen.OneOf(
        Gen.Long,
        Gen.Long[-1_000_000, 1_000_000],
        Gen.Int[0, 6].Select(i => new[] { long.MinValue, long.MinValue + 1, long.MaxValue, long.MaxValue - 1, 0L, -1L, 1L }[i]));

    private static readonly Gen<Currency> AnyCurrency = Gen.Int[0, Codes.Length - 1].Select(i => Currency.Of(Codes[i]));

    [Fact]
    public void Money_FormatThenParse_RoundTripsThroughTheCurrencyTableForEveryLong()
    {
        Gen.Select(AnyMinor, AnyCurrency).Sample((minor, currency) =>
        {
            var money = new MoneyValue(minor, currency);
            var text = money.ToDecimalString();
            var decimals = text.Contains('.', StringComparison.Ordinal) ? text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
            return MoneyValue.Parse(text, currency) == money
                && decimals == CurrencyTable.ExponentOf(currency.Code)
                && MinorUnits.TryParse(text, currency.Exponent, out var back) && back == minor;
        }, iter: 20_000);
    }

    [Fact]
    public void Money_AddSubtractNegate_ExactOrOverflowException()
    {
        Gen.Select(AnyMinor, AnyMinor, AnyCurrency).Sample((a, b, currency) =>
        {
            var left = new MoneyValue(a, currency);
            var right = new MoneyValue(b, currency);
            return Exact(() => (left + right).MinorUnits, (BigInteger)a + b)
                && Exact(() => (left - right).MinorUnits, (BigInteger)a - b)
                && Exact(() => (-left).MinorUnits, -(BigInteger)a)
                && Exact(() => MoneyValue.Sum([left, right, left], currency).MinorUnits, ((BigInteger)a * 2) + b);
        }, iter: 20_000);
    }

    [Fact]
    public void Money_DifferentCurrencies_NeverAddOrCompare()
    {
        Gen.Select(AnyMinor, AnyCurrency, AnyCurrency).Where((_, c1, c2) => c1.Code != c2.Code).Sample((minor, c1, c2) =>
        {
            var a = new MoneyValue(minor, c1);
            var b = new MoneyValue(minor, c2);
            return Throws<CurrencyMismatchException>(() => _ = a + b) && Throws<CurrencyMismatchException>(() => _ = a.CompareTo(b));
        });
    }

    [Fact]
    public void Money_ParseOfMoreDecimalsThanTheCurrencyHas_IsRefusedNotRounded()
    {
        Gen.Select(Gen.Long[-1_000_000_000, 1_000_000_000], AnyCurrency, Gen.Int[1, 9]).Sample((minor, currency, extra) =>
        {
            var text = new MoneyValue(minor, currency).ToDecimalString();
            text += (currency.Exponent == 0 ? "." : "") + new string('0', extra - 1) + "1";
            return !MoneyValue.TryParse(text, currency, out _, out var error) && error is not null;
        });
    }

    [Fact]
    public void CycleCalendar_AnyConfigurationAndInstant_LatestInstantAtOrBeforeWithNoneInBetween()
    {
        string[] zones = ["Europe/Paris", "UTC", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "Asia/Kathmandu"];
        var gen = Gen.Select(
            Gen.Int[1, 31].Array[1, 4],
            Gen.Int[0, 23],
            Gen.Int[0, 59],
            Gen.Int[0, zones.Length - 1],
            Gen.Long[new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).Ticks, new DateTimeOffset(2035, 12, 31, 0, 0, 0, TimeSpan.Zero).Ticks]);
        gen.Sample((days, hour, minute, zone, ticks) =>
        {
            var calendar = new CycleCalendar(days, hour, minute, TimeZoneInfo.FindSystemTimeZoneById(zones[zone]), TimeSpan.FromHours(12), TimeSpan.FromHours(6));
            var now = new DateTimeOffset(ticks, TimeSpan.Zero);
            var instant = calendar.CycleInstantAtOrBefore(now);
            var previous = calendar.PreviousInstant(instant);
            var window = calendar.WindowAt(now);
            // No cycle instant lies in (instant, now]: looking back from now finds this one again, from one tick
            // before it finds an earlier one; and the windows chain with their overlap.
            return instant <= now
                && now - instant < TimeSpan.FromDays(32)
                && previous < instant
                && calendar.CycleInstantAtOrBefore(instant) == instant
                && window.CycleInstant == instant
                && window.Start == previous - TimeSpan.FromHours(12)
                && window.End == instant + TimeSpan.FromHours(6)
                && Local(calendar, instant) is var local && (local.Hour > hour || (local.Hour == hour && local.Minute >= minute) || calendar.Zone.IsInvalidTime(new DateTime(local.Year, local.Month, local.Day, hour, minute, 0, DateTimeKind.Unspecified)));
        }, iter: 3_000);
    }

    [Fact]
    public void BankDays_AnyDates_CountsAgreeWithTheDayByDayCalendar()
    {
        var day = Gen.Int[0, 365 * 40].Select(n => new DateOnly(2000, 1, 1).AddDays(n));
        Gen.Select(day, Gen.Int[0, 60]).Sample((from, span) =>
        {
            var to = from.AddDays(span);
            var counted = Enumerable.Range(1, span).Select(from.AddDays).Count(BankDays.IsBankDay);
            var easter = BankDays.EasterSunday(from.Year);
            return BankDays.Between(from, to) == counted
                && BankDays.Between(to, from) == 0
                && (!BankDays.IsBankDay(from) || from.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                && easter.DayOfWeek == DayOfWeek.Sunday
                && easter >= new DateOnly(from.Year, 3, 22) && easter <= new DateOnly(from.Year, 4, 25);
        }, iter: 5_000);
    }

    [Fact]
    public void SendWindow_AnyCollectionAndLead_LastSendDayMeetsTheLeadAndIsASendDay()
    {
        var day = Gen.Int[0, 365 * 40].Select(n => new DateOnly(2000, 1, 1).AddDays(n));
        Gen.Select(day, Gen.Int[0, 15], Gen.Int[-20, 5]).Sample((collection, lead, shift) =>
        {
            var last = SendWindow.LastSendDay(collection, lead);
            var today = last.AddDays(shift);
            var decision = SendWindow.Decide(today, collection, lead);
            var ahead = BankDays.Between(today, collection);
            return BankDays.IsBankDay(last)
                && BankDays.Between(last, collection) >= lead
                && SendWindow.Decide(last, collection, lead) == SendDecision.Send
                // Sending is only ever decided on a bank day that still meets the lead time.
                && (decision != SendDecision.Send || (BankDays.IsBankDay(today) && ahead >= lead))
                && (decision == SendDecision.Missed) == (ahead < lead)
                && (today <= last || decision == SendDecision.Missed || !BankDays.IsBankDay(today) || ahead >= lead);
        }, iter: 5_000);
    }

    [Fact]
    public void LegTransitions_RandomSequences_FollowTheTableOrThrowAndKeepTheStatus()
    {
        var statuses = Enum.GetValues<LegStatus>();
        Gen.Int[0, statuses.Length - 1].Array[1, 40].Sample(moves =>
        {
            var leg = new Leg { Id = 7 };
            var now = new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero);
            foreach (var move in moves)
            {
                var from = leg.Status;
                var to = statuses[move];
                var allowed = LegTransitions.IsAllowed(from, to);
                try
                {
                    leg.TransitionTo(to, now);
                }
                catch (InvalidLegTransitionException ex)
                {
                    if (allowed || leg.Status != from || ex.To != to)
                    {
                        return false;
                    }

                    continue;
                }

                if (!allowed || leg.Status != to || LegTransitions.IsTerminal(from))
                {
                    return false;
                }
            }

            return true;
        }, iter: 20_000);
    }

    [Fact]
    public void LegTransitions_EveryStatus_HasARowAndHeldIsReachableFromEveryMoneyStatus()
    {
        foreach (var status in Enum.GetValues<LegStatus>())
        {
            // A status missing from the table would be a dead end that is not terminal by design.
            Assert.True(LegTransitions.IsTerminal(status) || Enum.GetValues<LegStatus>().Any(to => LegTransitions.IsAllowed(status, to)), status.ToString());
        }

        // Every in-flight money status can be stopped by an operator or resolved; none goes back to Created blindly.
        foreach (var unknown in new[] { LegStatus.TransferUnknown, LegStatus.WithdrawUnknown })
        {
            Assert.False(LegTransitions.IsAllowed(unknown, LegStatus.Created));
            Assert.True(LegTransitions.IsAllowed(unknown, unknown == LegStatus.TransferUnknown ? LegStatus.TransferHeld : LegStatus.WithdrawHeld));
        }
    }

    [Fact]
    public void MandateTransitions_RandomGatewayStatuses_FollowTheTableAndTerminatedIsFinal()
    {
        string[] gateway = ["pending", "available", "terminated", "suspended", "error", "expired", "PENDING", "unknown", ""];
        Gen.Int[0, gateway.Length - 1].Array[1, 30].Sample(moves =>
        {
            var mandate = new Mandate { Id = 3 };
            var reachedTerminated = false;
            foreach (var move in moves)
            {
                var from = mandate.Status;
                var applied = mandate.ApplyGatewayStatus(gateway[move]);
                if (applied != (from != mandate.Status) || (applied && !MandateTransitions.IsAllowed(from, mandate.Status)))
                {
                    return false;
                }

                if (reachedTerminated && mandate.Status != MandateStatus.Terminated)
                {
                    return false;
                }

                reachedTerminated |= mandate.Status == MandateStatus.Terminated;
            }

            return true;
        }, iter: 10_000);
        foreach (var from in Enum.GetValues<MandateStatus>())
        {
            foreach (var to in Enum.GetValues<MandateStatus>())
            {
                var allowed = MandateTransitions.IsAllowed(from, to);
                Assert.Equal(!allowed, Throws<InvalidMandateTransitionException>(() => MandateTransitions.Ensure(from, to, 1)));
            }
        }
    }

    [Fact]
    public void DirectDebitPayment_RandomOperations_NeverRegressesAndNeverResendsWhatMovedMoney()
    {
        int[] statuses = [101, 109, 112, 113, 116, 117, 118, 124, 125, 129, 142, 143, 163, 166, 178, 180, 181, 200, 999, 0];
        var operation = Gen.Select(Gen.Int[0, 8], Gen.Int[0, statuses.Length - 1], Gen.Int[0, 2]);
        operation.Array[1, 40].Sample(ops =>
        {
            var payment = new DirectDebitPayment { Id = 9, OrderId = "ORD-1" };
            var now = new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
            var renewals = 0;
            foreach (var (kind, statusIndex, transaction) in ops)
            {
                var before = (payment.Status, payment.GatewayStatus, payment.Held, payment.OrderId);
                var reference = transaction == 0 ? null : "T" + transaction.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var threw = false;
                try
                {
                    switch (kind)
                    {
                        case 0:
                        case 1:
                            var outcome = payment.ApplyGatewayStatus(statuses[statusIndex], reference, now);
                            if (outcome == GatewayApplyOutcome.Applied && SddStatus.Rank(statuses[statusIndex]) <= (before.GatewayStatus is { } g ? SddStatus.Rank(g) : 0))
                            {
                                return false;
                            }

                            break;
                        case 2:
                            payment.MarkSending(now);
                            break;
                        case 3:
                            payment.MarkUnknown("timeout", now);
                            break;
                        case 4:
                            payment.MarkRejected(400, "refused", now);
                            break;
                        case 5:
                            payment.RenewOrderId("ORD-" + (renewals + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), now, "nothing moved", "test");
                            renewals++;
                            break;
                        case 6:
                            payment.Hold(now, "checking", "test");
                            break;
                        case 7:
                            payment.Release(now, "checked", "test");
                            break;
                        default:
                            payment.MarkNotSent("mandate revoked", now);
                            break;
                    }
                }
                catch (InvalidOperationException)
                {
                    threw = true;
                }

                var after = (payment.Status, payment.GatewayStatus, payment.Held, payment.OrderId);
                if (threw && after != before)
                {
                    // A refused move changes nothing.
                    return false;
                }

                // Money that moved (a live gateway status other than a terminal failure) is never given a new order id,
                // and a held payment is never sent.
                if (!threw && kind == 5 && before.GatewayStatus is { } moved && !SddStatus.IsTerminalFailure(moved))
                {
                    return false;
                }

                if (!threw && kind == 2 && before.Held)
                {
                    return false;
                }

                if (before.OrderId == after.OrderId && before.GatewayStatus is { } was && (after.GatewayStatus is not { } now2 || SddStatus.Rank(now2) < SddStatus.Rank(was)))
                {
                    return false;
                }
            }

            return payment.RetiredOrders.Count == renewals;
        }, iter: 20_000);
    }

    private static DateTime Local(CycleCalendar calendar, DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, calendar.Zone).DateTime;

    private static bool Exact(Func<long> operation, BigInteger expected)
    {
        var fits = expected >= long.MinValue && expected <= long.MaxValue;
        try
        {
            var result = operation();
            return fits && result == (long)expected;
        }
        catch (OverflowException)
        {
            return !fits;
        }
    }

    private static bool Throws<T>(Action action)
        where T : Exception
    {
        try
        {
            action();
            return false;
        }
        catch (T)
        {
            return true;
        }
    }
}
