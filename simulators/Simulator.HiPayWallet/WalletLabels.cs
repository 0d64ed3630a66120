using System.Globalization;

namespace Simulator.HiPayWallet;

/// <summary>Human labels the API returns next to codes (HDOCS tables 6–9 and 15; LIB BankInfo status labels).</summary>
internal static class WalletLabels
{
    public static string DocumentType(int type) => type switch
    {
        1 => "Identity card",
        2 => "Proof of address",
        3 => "Identity card of the legal representative",
        4 => "Company registration",
        5 => "Articles of association / distribution of power",
        6 => "Bank details",
        7 => "Identity card (sole trader / association)",
        8 => "Registration (sole trader)",
        9 => "Tax status",
        11 => "President of association",
        12 => "Official journal",
        13 => "Association statutes",
        14 => "Gambling licence",
        _ => "Document " + type.ToString(CultureInfo.InvariantCulture),
    };

    public static string DocumentStatus(int status) => status switch
    {
        -1 => "NA",
        0 => "New",
        1 => "Waiting",
        2 => "Validated",
        3 => "Refused",
        4 => "Deleted",
        5 => "Waiting (being reviewed)",
        8 => "Refused",
        9 => "Waiting (new review)",
        _ => "Unknown",
    };

    public static string BankStatus(int status, string? locale) => (status, IsFrench(locale)) switch
    {
        (1, false) => "No bank account details.",
        (2, false) => "Validation in progress",
        (3, false) => "Validated",
        (1, true) => "Aucune coordonnée bancaire.",
        (2, true) => "Validation en cours",
        (3, true) => "Validé",
        _ => "Unknown",
    };

    public static string BankField(string code, string? locale) => (code, IsFrench(locale)) switch
    {
        ("bank_name", false) => "Bank name",
        ("bank_name", true) => "Nom de la banque",
        ("bank_address", false) => "Bank address",
        ("bank_address", true) => "Adresse de la banque",
        ("bank_zip_code", false) => "Zip code",
        ("bank_zip_code", true) => "Code postal",
        ("bank_city", false) => "City",
        ("bank_city", true) => "Ville",
        ("iban", _) => "IBAN",
        ("swift", _) => "BIC / SWIFT",
        ("aba_num", _) => "ABA routing number",
        ("acct_num", false) => "Account number",
        ("acct_num", true) => "Numéro de compte",
        ("transit_num", _) => "Transit number",
        ("bank_num", _) => "Bank number",
        ("bsb_num", _) => "BSB",
        _ => code,
    };

    private static bool IsFrench(string? locale) => locale is not null && locale.StartsWith("fr", StringComparison.OrdinalIgnoreCase);
}
