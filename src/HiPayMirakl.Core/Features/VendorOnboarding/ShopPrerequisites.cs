using System.Globalization;
using System.Text;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Mirakl;

namespace HiPayMirakl.Core.Features.VendorOnboarding;

/// <summary>What HiPay will refuse about a shop (or the Mirakl instance) when the connector onboards it.</summary>
public enum ShopProblemKind
{
    EmailMissing,
    EmailNotUnique,
    EmailIsOperatorAccount,
    EmailIsTechnicalAccount,
    PhoneMissing,
    BankAccountNotIban,
    BankFieldMissing,
    NotAlphanumeric,
}

/// <summary>One reason, about one Mirakl field (named as S20 names it), in words an operator can act on.</summary>
public sealed record ShopProblem(ShopProblemKind Kind, string Field, string Reason);

/// <summary>A shop and every reason HiPay will refuse it; empty <see cref="Problems"/> means ready.</summary>
public sealed record ShopPrerequisiteResult(long ShopId, string? ShopName, bool HiPayProcess, IReadOnlyList<ShopProblem> Problems);

/// <summary>
/// HiPay's published prerequisites for the Mirakl cash-out, as rules over S20 shops. One place for them:
/// <c>mirakl:check --shops</c> reports them before onboarding, and the vendor sync writes the same reasons to the vendor
/// log (it still sends what it can, reduced to the characters HiPay accepts, and HiPay has the last word).
/// <list type="bullet">
/// <item>A HiPay Wallet account is created with, and tied to, one e-mail address: each shop needs its own, and it may
/// not be the e-mail of the operator's or the technical account.</item>
/// <item>Mirakl does not require a phone number, HiPay does to create the account.</item>
/// <item>Mirakl requires only the IBAN and the BIC; HiPay needs every bank field (owner, bank name, address, zip code,
/// city; the bank country is the IBAN's prefix).</item>
/// <item>HiPay accepts only letters, digits and spaces in those fields.</item>
/// <item>The Mirakl API must be version 3 or later.</item>
/// </list>
/// </summary>
public sealed class ShopPrerequisites(AccountsOptions accounts)
{
    public const int MinimumMiraklMajorVersion = 3;

    /// <summary>Every shop's problems; e-mail uniqueness is judged among <paramref name="shops"/> only.</summary>
    public IReadOnlyList<ShopPrerequisiteResult> Check(IReadOnlyCollection<MiraklShop> shops)
    {
        ArgumentNullException.ThrowIfNull(shops);
        var owners = shops
            .Select(s => (Email: NormaliseEmail(s.ContactInformations?.Email), s.ShopId))
            .Where(e => e.Email is not null)
            .GroupBy(e => e.Email!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ShopId).Distinct().Order().ToList(), StringComparer.Ordinal);
        return [.. shops.Select(s => new ShopPrerequisiteResult(s.ShopId, s.ShopName, s.HiPayProcessEnabled, Check(s, owners)))];
    }

    private List<ShopProblem> Check(MiraklShop shop, Dictionary<string, List<long>> emailOwners)
    {
        var problems = new List<ShopProblem>();
        var contact = shop.ContactInformations;
        var email = NormaliseEmail(contact?.Email);
        const string emailField = "contact_informations.email";
        if (email is null)
        {
            problems.Add(new(ShopProblemKind.EmailMissing, emailField, "e-mail missing: HiPay creates the wallet with the shop's e-mail"));
        }
        else
        {
            var others = emailOwners.TryGetValue(email, out var owners) ? owners.Where(id => id != shop.ShopId).ToList() : [];
            if (others.Count > 0)
            {
                problems.Add(new(ShopProblemKind.EmailNotUnique, emailField,
                    "e-mail also used by shop " + string.Join(", ", others.Select(id => id.ToString(CultureInfo.InvariantCulture)))
                    + ": HiPay ties one wallet to one e-mail"));
            }

            if (string.Equals(email, NormaliseEmail(accounts.OperatorEmail), StringComparison.Ordinal))
            {
                problems.Add(new(ShopProblemKind.EmailIsOperatorAccount, emailField,
                    "e-mail is the operator account's (Accounts:OperatorEmail): HiPay ties one wallet to one e-mail"));
            }

            if (string.Equals(email, NormaliseEmail(accounts.TechnicalEmail), StringComparison.Ordinal))
            {
                problems.Add(new(ShopProblemKind.EmailIsTechnicalAccount, emailField,
                    "e-mail is the technical account's (Accounts:TechnicalEmail): HiPay ties one wallet to one e-mail"));
            }
        }

        if (string.IsNullOrWhiteSpace(contact?.Phone))
        {
            problems.Add(new(ShopProblemKind.PhoneMissing, "contact_informations.phone",
                "phone missing: optional in Mirakl, required by HiPay to create the wallet"));
        }

        problems.AddRange(BankProblems(shop));
        return problems;
    }

    private static IEnumerable<ShopProblem> BankProblems(MiraklShop shop)
    {
        string prefix;
        (string Field, string Label, string? Value)[] fields;
        if (shop.PaymentInfo is { } p)
        {
            if (p.Type is not null && !string.Equals(p.Type, "IBAN", StringComparison.OrdinalIgnoreCase))
            {
                yield return new(ShopProblemKind.BankAccountNotIban, "payment_info.@type",
                    $"bank account of type {p.Type}: the connector registers IBAN accounts only");
                yield break;
            }

            prefix = "payment_info.";
            fields =
            [
                ("iban", "IBAN", p.Iban), ("bic", "BIC", p.Bic), ("owner", "account owner", p.Owner), ("bank_name", "bank name", p.BankName),
                ("bank_street", "bank address", p.BankStreet), ("bank_zip", "bank zip code", p.BankZip), ("bank_city", "bank city", p.BankCity),
            ];
        }
        else
        {
            var b = shop.BillingInfo;
            prefix = b is null ? "payment_info." : "billing_info.";
            fields =
            [
                ("iban", "IBAN", b?.Iban), ("bic", "BIC", b?.Bic), ("owner", "account owner", b?.Owner), ("bank_name", "bank name", b?.BankName),
                ("bank_street", "bank address", b?.BankStreet), (b is null ? "bank_zip" : "zip_code", "bank zip code", b?.ZipCode), ("bank_city", "bank city", b?.BankCity),
            ];
        }

        foreach (var (field, label, value) in fields)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return new(ShopProblemKind.BankFieldMissing, prefix + field, $"{label} missing: HiPay needs every bank field");
                continue;
            }

            var refused = RefusedCharacters(value);
            if (refused.Length > 0)
            {
                // The characters, never the value: an IBAN is not written to logs or reports.
                yield return new(ShopProblemKind.NotAlphanumeric, prefix + field,
                    $"{label} contains {refused}: HiPay accepts only letters A-Z, digits and spaces (the connector would drop them)");
            }
            else if (field == "iban" && !(value.TrimStart().Length >= 2 && char.IsAsciiLetter(value.TrimStart()[0]) && char.IsAsciiLetter(value.TrimStart()[1])))
            {
                yield return new(ShopProblemKind.BankFieldMissing, prefix + field, "bank country missing: the IBAN does not start with a country code");
            }
        }
    }

    /// <summary>Null when <paramref name="version"/> (from <c>GET /api/version</c>) is 3 or later; else why not.</summary>
    public static string? VersionProblem(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return "Mirakl did not say its API version (GET /api/version): HiPay requires 3 or later";
        }

        var major = version.Trim().Split('.')[0];
        if (!int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return $"Mirakl API version '{version.Trim()}' cannot be read: HiPay requires 3 or later";
        }

        return number < MinimumMiraklMajorVersion ? $"Mirakl API version {version.Trim()} is older than 3: HiPay requires 3 or later" : null;
    }

    /// <summary>The distinct characters outside <c>[A-Za-z0-9 ]</c>, quoted ("'é', '-'"); empty when none.</summary>
    public static string RefusedCharacters(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var seen = new List<char>();
        foreach (var c in value.Trim())
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != ' ' && !seen.Contains(c))
            {
                seen.Add(c);
            }
        }

        var text = new StringBuilder();
        foreach (var c in seen)
        {
            text.Append(text.Length == 0 ? "" : ", ").Append('\'');
            if (char.IsControl(c))
            {
                text.Append("U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }

            text.Append('\'');
        }

        return text.ToString();
    }

    private static string? NormaliseEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
}
