using HiPayMirakl.Core.Configuration;

namespace HiPayMirakl.Core.Features.Approvals;

/// <summary>
/// The approval rules the connector starts with (section <c>Approvals</c>). Once an admin has edited the rules in the
/// dashboard or the API, the latest stored version wins over these.
/// </summary>
public sealed class ApprovalsOptions
{
    public const string SectionName = "Approvals";

    /// <summary>Per currency, in major units: <c>Approvals:AmountAbove:EUR = 5000.00</c>.</summary>
    public Dictionary<string, string> AmountAbove { get; set; } = [];

    /// <summary>Per currency, in major units: a shop's total for one cycle day above it.</summary>
    public Dictionary<string, string> DailyTotalAbove { get; set; } = [];

    public bool FirstPayout { get; set; }

    /// <summary>0 turns the rule off.</summary>
    public int BankDetailsChangedWithinDays { get; set; }

    public ApprovalRulesDocument ToDocument() => new()
    {
        AmountAbove = new Dictionary<string, string>(AmountAbove, StringComparer.OrdinalIgnoreCase),
        DailyTotalAbove = new Dictionary<string, string>(DailyTotalAbove, StringComparer.OrdinalIgnoreCase),
        FirstPayout = FirstPayout,
        BankDetailsChangedWithinDays = BankDetailsChangedWithinDays,
    };

    /// <summary>The rules these settings give (validated on start, so reading them cannot fail afterwards).</summary>
    public ApprovalRules ToRules() =>
        ApprovalRules.TryRead(ToDocument(), SectionName + ":", out var rules, out var errors)
            ? rules
            : throw new ConfigurationException(errors);

    /// <summary>Every message starts with the key it is about, e.g. <c>Approvals:AmountAbove:EUR</c>.</summary>
    public IEnumerable<string> Validate()
    {
        ApprovalRules.TryRead(ToDocument(), SectionName + ":", out _, out var errors);
        return errors;
    }
}
