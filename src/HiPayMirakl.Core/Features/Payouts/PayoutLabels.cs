using System.Globalization;
using System.Text.RegularExpressions;
using HiPayMirakl.Core.Configuration;

namespace HiPayMirakl.Core.Features.Payouts;

/// <summary>Values of the predecessor's label placeholders for one leg.</summary>
public sealed record LabelValues(
    string? MiraklId,
    long AmountMinor,
    string Currency,
    long HiPayId,
    DateTimeOffset CycleInstant,
    string? PaymentVoucher,
    DateTimeOffset Now,
    TimeZoneInfo Zone);

/// <summary>
/// Renders the transfer and withdrawal labels from the mustache-like templates of the predecessor: placeholders
/// miraklId, amount, hipayId, cycleDate, cycleDateTime, cycleTime, paymentVoucher, date, datetime, time. An empty
/// template falls back to the built-in one without the payment voucher, as the predecessor did.
/// </summary>
public static partial class PayoutLabels
{
    public static string Public(LabelsOptions options, LabelValues values) =>
        Render(Pick(options?.Public, LabelsOptions.DefaultPublic), values);

    public static string Private(LabelsOptions options, LabelValues values) =>
        Render(Pick(options?.Private, LabelsOptions.DefaultPrivate), values);

    public static string Withdraw(LabelsOptions options, LabelValues values) =>
        Render(Pick(options?.Withdraw, LabelsOptions.DefaultWithdraw), values);

    public static string Render(string template, LabelValues values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var cycle = TimeZoneInfo.ConvertTime(values.CycleInstant, values.Zone);
        var now = TimeZoneInfo.ConvertTime(values.Now, values.Zone);
        var map = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["miraklId"] = values.MiraklId ?? "",
            // Exact, in the currency's own decimals (the amount is never rounded for display).
            ["amount"] = Money.Money.Of(values.AmountMinor, values.Currency).ToDecimalString(),
            ["hipayId"] = values.HiPayId.ToString(CultureInfo.InvariantCulture),
            ["cycleDate"] = cycle.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["cycleDateTime"] = cycle.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["cycleTime"] = cycle.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            ["paymentVoucher"] = values.PaymentVoucher ?? "",
            ["date"] = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["datetime"] = now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["time"] = now.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        };

        // Mustache is case-sensitive and renders an unknown key as nothing.
        return Placeholder().Replace(template, m => map.GetValueOrDefault(m.Groups[1].Value, ""));
    }

    private static string Pick(string? configured, string builtIn) =>
        string.IsNullOrWhiteSpace(configured) ? builtIn.Replace(" - {{paymentVoucher}}", "", StringComparison.Ordinal) : configured;

    [GeneratedRegex(@"\{\{\s*([A-Za-z]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
