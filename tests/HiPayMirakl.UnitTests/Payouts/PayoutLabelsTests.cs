using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Payouts;

namespace HiPayMirakl.UnitTests.Payouts;

public sealed class PayoutLabelsTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static LabelValues Values(string? miraklId = "2001") => new(
        miraklId, 11_325, "EUR", 500123,
        new DateTimeOffset(2026, 3, 10, 23, 1, 0, TimeSpan.Zero), "PV-42",
        new DateTimeOffset(2026, 3, 11, 8, 30, 5, TimeSpan.Zero), Paris);

    [Fact]
    public void Public_DefaultTemplate_RendersPredecessorPlaceholders()
    {
        var label = PayoutLabels.Public(new LabelsOptions(), Values());

        Assert.Equal("public 2001 – 500123 - 2026-03-11 - PV-42", label);
    }

    [Fact]
    public void Render_AllPlaceholders_UseCycleZone()
    {
        var label = PayoutLabels.Render(
            "{{amount}}|{{cycleDateTime}}|{{cycleTime}}|{{date}}|{{datetime}}|{{time}}|{{dateTime}}|{{ miraklId }}", Values());

        // dateTime (camel case) is not a key: mustache renders it as nothing.
        Assert.Equal("113.25|2026-03-11 00:01:00|00:01:00|2026-03-11|2026-03-11 09:30:05|09:30:05||2001", label);
    }

    [Fact]
    public void Withdraw_EmptyTemplate_FallsBackToDefaultWithoutVoucher()
    {
        var label = PayoutLabels.Withdraw(new LabelsOptions { Withdraw = "" }, Values(miraklId: null));

        Assert.Equal("withdraw  – 500123 - 2026-03-11", label);
    }

    [Fact]
    public void Render_ZeroDecimalCurrency_FormatsWholeAmount()
    {
        var values = Values() with { AmountMinor = 1500, Currency = "JPY" };

        Assert.Equal("1500", PayoutLabels.Render("{{amount}}", values));
        Assert.Equal("1.500", PayoutLabels.Render("{{amount}}", values with { Currency = "KWD" }));
        Assert.Equal("15.00", PayoutLabels.Render("{{amount}}", values with { Currency = "EUR" }));
    }
}
