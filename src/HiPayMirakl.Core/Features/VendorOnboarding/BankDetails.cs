using System.Security.Cryptography;
using System.Text;
using HiPayMirakl.HiPayWallet;

namespace HiPayMirakl.Core.Features.VendorOnboarding;

/// <summary>
/// Sanitised bank details of a shop (only <c>[A-Za-z0-9 ]</c>, IBAN and BIC compact upper case). Holds a full IBAN:
/// <see cref="ToString"/> masks it, and only <see cref="Fingerprint"/> is ever stored.
/// </summary>
public sealed record BankDetails(string Iban, string Swift, string BankName, string BankAddress, string BankZipCode, string BankCity)
{
    /// <summary>HiPay's <c>bank_country</c>: the IBAN's country prefix.</summary>
    public string BankCountry => Iban.Length >= 2 ? Iban[..2] : "";

    /// <summary>Lower-case hex SHA-256 of every field: tells "changed" apart without keeping the IBAN.</summary>
    public string Fingerprint
    {
        get
        {
            var text = string.Join('\n', Iban, Swift, BankName, BankAddress, BankZipCode, BankCity);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        }
    }

    /// <summary>
    /// True when HiPay holds these details: no registration (status 1), another IBAN, or another value in a field HiPay
    /// returned, all mean "register again". Fields HiPay leaves out are not compared, so an omission does not
    /// trigger a registration on every sync.
    /// </summary>
    public bool MatchesHiPay(HiPayBankInfo hiPay)
    {
        ArgumentNullException.ThrowIfNull(hiPay);
        if (hiPay.StatusKind == HiPayBankInfoStatus.NoBankInfo || !string.Equals(VendorMapping.Iban(hiPay.Iban), Iban, StringComparison.Ordinal))
        {
            return false;
        }

        return Same(hiPay.Swift, Swift, compact: true) && Same(hiPay.BankName, BankName) && Same(hiPay.BankAddress, BankAddress)
            && Same(hiPay.BankZipCode, BankZipCode) && Same(hiPay.BankCity, BankCity);

        static bool Same(string? theirs, string ours, bool compact = false)
        {
            if (string.IsNullOrWhiteSpace(theirs))
            {
                return true;
            }

            var sanitised = VendorMapping.Sanitise(theirs);
            if (compact)
            {
                sanitised = sanitised.Replace(" ", "", StringComparison.Ordinal);
            }

            return string.Equals(sanitised, ours, StringComparison.OrdinalIgnoreCase);
        }
    }

    public HiPayBankInfoRequest ToRequest(HiPayFile proof) => new(BankCountry, proof)
    {
        BankName = NullIfEmpty(BankName),
        BankAddress = NullIfEmpty(BankAddress),
        BankZipCode = NullIfEmpty(BankZipCode),
        BankCity = NullIfEmpty(BankCity),
        Iban = Iban,
        Swift = NullIfEmpty(Swift),
    };

    public override string ToString() => $"BankDetails {{ Iban = {WalletRedaction.MaskIban(Iban)}, Swift = {Swift} }}";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
