using System.Text.RegularExpressions;

namespace Simulator.HiPayWallet;

/// <summary>The checks HiPay applies to bank details (IBAN mod-97, BIC shape, alphanumeric names).</summary>
internal static partial class BankDetailsRules
{
    public static string NormaliseIban(string iban) => iban.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>ISO 13616: move the first four characters to the end, letters → 10..35, remainder mod 97 must be 1.</summary>
    public static bool IsValidIban(string iban)
    {
        if (!IbanShape().IsMatch(iban))
        {
            return false;
        }

        var rearranged = string.Concat(iban.AsSpan(4), iban.AsSpan(0, 4));
        var remainder = 0;
        foreach (var ch in rearranged)
        {
            if (char.IsAsciiDigit(ch))
            {
                remainder = ((remainder * 10) + (ch - '0')) % 97;
            }
            else
            {
                var value = ch - 'A' + 10;
                remainder = ((remainder * 100) + value) % 97;
            }
        }

        return remainder == 1;
    }

    public static bool IsValidBic(string bic) => BicShape().IsMatch(bic);

    /// <summary>HiPay only accepts letters, digits and spaces in bank text fields (HDOCS prerequisites).</summary>
    public static bool IsAlphanumericText(string value, int maxLength) => value.Length <= maxLength && AlphanumericText().IsMatch(value);

    /// <summary>Only the first four and last four characters may ever be shown.</summary>
    public static string Mask(string? iban) =>
        iban is null || iban.Length <= 8 ? "****" : string.Concat(iban.AsSpan(0, 4), new string('*', iban.Length - 8), iban.AsSpan(iban.Length - 4));

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")]
    private static partial Regex IbanShape();

    [GeneratedRegex("^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")]
    private static partial Regex BicShape();

    [GeneratedRegex("^[A-Za-z0-9 ]*$")]
    private static partial Regex AlphanumericText();
}
