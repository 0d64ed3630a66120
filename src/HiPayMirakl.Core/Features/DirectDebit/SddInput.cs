using HiPayMirakl.HiPayEnterprise;

namespace HiPayMirakl.Core.Features.DirectDebit;

/// <summary>
/// Checks and cleans what an operator sends before anything is stored or sent: names are transliterated to the
/// SEPA Latin character set (banks accept nothing else) and limited to the scheme's 70 characters for a name.
/// Each failure names the request field at fault.
/// </summary>
internal static class SddInput
{
    /// <summary>SEPA: a debtor's name is at most 70 characters.</summary>
    public const int MaxNameLength = 70;

    /// <summary>The holder's first and last names, transliterated; together they form the SEPA debtor name.</summary>
    public static (string FirstName, string LastName) HolderNames(string? firstName, string? lastName)
    {
        var first = Name(firstName, "firstName");
        var last = Name(lastName, "lastName");
        if (first.Length + 1 + last.Length > MaxNameLength)
        {
            throw new DirectDebitValidationException("lastName",
                FormattableString.Invariant($"firstName and lastName together must be at most {MaxNameLength} characters (the SEPA debtor name)."));
        }

        return (first, last);
    }

    public static string Name(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DirectDebitValidationException(field, "is required.");
        }

        var clean = string.Join(' ', SepaRules.Transliterate(value.Normalize(System.Text.NormalizationForm.FormC))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length == 0 || !clean.Any(char.IsAsciiLetterOrDigit))
        {
            throw new DirectDebitValidationException(field, "holds no letter of the SEPA character set.");
        }

        return clean.Length > MaxNameLength
            ? throw new DirectDebitValidationException(field, FormattableString.Invariant($"must be at most {MaxNameLength} characters."))
            : clean;
    }

    /// <summary>The debit's description: it reaches the debtor's statement, so the same SEPA character set applies.</summary>
    public static string Description(string? value, string fallback)
    {
        var text = string.IsNullOrWhiteSpace(value) ? fallback : SepaRules.Transliterate(value.Normalize(System.Text.NormalizationForm.FormC)).Trim();
        if (text.Length == 0)
        {
            text = fallback;
        }

        return text.Length > SepaRules.MaxDescriptionLength
            ? throw new DirectDebitValidationException("description", FormattableString.Invariant($"must be at most {SepaRules.MaxDescriptionLength} characters."))
            : text;
    }

    /// <summary>The gateway's mandate call takes M or F only.</summary>
    public static string Gender(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "M" => "M",
        "F" => "F",
        null or "" => throw new DirectDebitValidationException("gender", "is required (M or F)."),
        _ => throw new DirectDebitValidationException("gender", "must be M or F."),
    };
}
