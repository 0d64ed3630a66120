using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Money;

namespace HiPayMirakl.Core.Features.Approvals;

/// <summary>
/// The approval rules as people type them: amounts in major units per ISO-4217 currency ("1000.00", JPY "50000").
/// The shape of the <c>Approvals</c> settings section, of <c>PUT /api/approval-rules</c> and of every stored version.
/// </summary>
public sealed class ApprovalRulesDocument
{
    /// <summary>A leg whose amount is above this (per currency) waits for approval.</summary>
    public Dictionary<string, string> AmountAbove { get; set; } = [];

    /// <summary>A shop's legs of one cycle day (in <c>Cycle:TimeZone</c>) adding up to more than this (per currency) wait for approval.</summary>
    public Dictionary<string, string> DailyTotalAbove { get; set; } = [];

    /// <summary>The first payout of a shop (no earlier leg of it ever transferred) waits for approval.</summary>
    public bool FirstPayout { get; set; }

    /// <summary>A shop whose bank details changed fewer than this many days ago has its legs wait for approval; 0 turns the rule off.</summary>
    public int BankDetailsChangedWithinDays { get; set; }
}

/// <summary>The approval rules, read exactly: thresholds are <see cref="Money"/> in minor units of their currency.</summary>
public sealed record ApprovalRules(
    IReadOnlyDictionary<string, Money.Money> AmountAbove,
    IReadOnlyDictionary<string, Money.Money> DailyTotalAbove,
    bool FirstPayout,
    int BankDetailsChangedWithinDays)
{
    public const int MaxDays = 3650;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ApprovalRules None { get; } = new(new Dictionary<string, Money.Money>(), new Dictionary<string, Money.Money>(), false, 0);

    public bool IsEmpty => AmountAbove.Count == 0 && DailyTotalAbove.Count == 0 && !FirstPayout && BankDetailsChangedWithinDays == 0;

    /// <summary>
    /// Reads a document; every error names its key after <paramref name="keyPrefix"/> (e.g. <c>Approvals:AmountAbove:EUR</c>).
    /// More decimals than the currency has is an error, never a rounding.
    /// </summary>
    public static bool TryRead(ApprovalRulesDocument document, string keyPrefix, out ApprovalRules rules, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = new List<string>();
        var amountAbove = ReadAmounts(document.AmountAbove, keyPrefix + nameof(ApprovalRulesDocument.AmountAbove), problems);
        var dailyTotalAbove = ReadAmounts(document.DailyTotalAbove, keyPrefix + nameof(ApprovalRulesDocument.DailyTotalAbove), problems);
        if (document.BankDetailsChangedWithinDays is < 0 or > MaxDays)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{keyPrefix}{nameof(ApprovalRulesDocument.BankDetailsChangedWithinDays)}: {document.BankDetailsChangedWithinDays} is outside 0–{MaxDays}."));
        }

        errors = problems;
        rules = problems.Count == 0 ? new ApprovalRules(amountAbove, dailyTotalAbove, document.FirstPayout, document.BankDetailsChangedWithinDays) : None;
        return problems.Count == 0;
    }

    /// <summary>The canonical document: currency codes upper case, amounts with exactly the currency's decimals.</summary>
    public ApprovalRulesDocument ToDocument() => new()
    {
        AmountAbove = AmountAbove.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value.ToDecimalString(), StringComparer.Ordinal),
        DailyTotalAbove = DailyTotalAbove.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value.ToDecimalString(), StringComparer.Ordinal),
        FirstPayout = FirstPayout,
        BankDetailsChangedWithinDays = BankDetailsChangedWithinDays,
    };

    public string ToJson() => JsonSerializer.Serialize(ToDocument(), Json);

    /// <summary>Reads a stored version back; a stored version was valid when written, so a failure here is a corrupted row.</summary>
    public static ApprovalRules FromJson(string json)
    {
        var document = JsonSerializer.Deserialize<ApprovalRulesDocument>(json, Json) ?? new ApprovalRulesDocument();
        if (!TryRead(document, "", out var rules, out var errors))
        {
            throw new InvalidOperationException("Stored approval rules are invalid: " + string.Join(" ", errors));
        }

        return rules;
    }

    public static ApprovalRulesDocument ParseDocument(string json) =>
        JsonSerializer.Deserialize<ApprovalRulesDocument>(json, Json) ?? new ApprovalRulesDocument();

    private static Dictionary<string, Money.Money> ReadAmounts(Dictionary<string, string>? typed, string key, List<string> problems)
    {
        var amounts = new Dictionary<string, Money.Money>(StringComparer.Ordinal);
        foreach (var (code, text) in typed ?? [])
        {
            if (!Currency.TryOf(code, out var currency))
            {
                problems.Add($"{key}:{code}: '{code}' is not an ISO 4217 currency code the connector knows.");
                continue;
            }

            if (!Money.Money.TryParse(text, currency, out var amount, out var error))
            {
                problems.Add($"{key}:{currency.Code}: {error}");
                continue;
            }

            if (amount.IsNegative)
            {
                problems.Add($"{key}:{currency.Code}: '{text}' is negative.");
                continue;
            }

            if (!amounts.TryAdd(currency.Code, amount))
            {
                problems.Add($"{key}:{currency.Code}: given twice.");
            }
        }

        return amounts;
    }
}
