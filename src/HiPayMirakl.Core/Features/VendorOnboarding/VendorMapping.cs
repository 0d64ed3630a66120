using System.Globalization;
using System.Text;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;

namespace HiPayMirakl.Core.Features.VendorOnboarding;

/// <summary>Mirakl shop → HiPay Wallet account mapping.</summary>
public static class VendorMapping
{
    /// <summary><c>mirakl_</c> + shop name stripped to ASCII letters and digits + <c>_</c> + shop id (predecessor 2.4.0).</summary>
    public static string Login(string? shopName, long shopId)
    {
        var name = new StringBuilder();
        foreach (var c in shopName ?? "")
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(c);
            }
        }

        return "mirakl_" + name + "_" + shopId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Mr → 1, Mrs → 2, Miss → 3; anything else is not sent (HiPay then applies its default).</summary>
    public static int? Civility(string? miraklCivility) => miraklCivility?.Trim().ToUpperInvariant() switch
    {
        "MR" or "M" or "M." or "MR." => 1,
        "MRS" or "MRS." or "MME" => 2,
        "MISS" or "MS" or "MLLE" => 3,
        _ => null,
    };

    /// <summary>Keeps only <c>[A-Za-z0-9 ]</c>, trimmed, as HiPay's bank-info form accepts (e.g. "Adélka" → "Adlka").</summary>
    public static string Sanitise(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var kept = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == ' ')
            {
                kept.Append(c);
            }
        }

        return kept.ToString().Trim();
    }

    /// <summary>The account creation request for a new shop; null fields and empty address parts are not sent.</summary>
    public static HiPayCreateAccountRequest CreateAccountRequest(MiraklShop shop, string locale, string timezone)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var contact = shop.ContactInformations
            ?? throw new InvalidOperationException($"Shop {shop.ShopId} has no contact information.");
        var email = Blank(contact.Email) ?? throw new InvalidOperationException($"Shop {shop.ShopId} has no e-mail.");
        var currency = Blank(shop.CurrencyIsoCode)?.ToUpperInvariant()
            ?? throw new InvalidOperationException($"Shop {shop.ShopId} has no currency.");
        var street = string.Join(' ', new[] { contact.Street1, contact.Street2 }.Select(Blank).OfType<string>());
        return new HiPayCreateAccountRequest(email, contact.Firstname?.Trim() ?? "", contact.Lastname?.Trim() ?? "", currency)
        {
            Login = Login(shop.ShopName, shop.ShopId),
            Civility = Civility(contact.Civility),
            Locale = locale,
            Timezone = timezone,
            CompanyName = Blank(shop.ProDetails?.CorporateName),
            VatNumber = Blank(shop.ProDetails?.VatNumber),
            Address = new HiPayAddress(
                Blank(street),
                Blank(contact.ZipCode),
                Blank(contact.City),
                CountryCodes.ToAlpha2(contact.Country),
                Blank(contact.Phone),
                Blank(contact.Fax)),
            HipayInformation = 1,
            CommercialInformation = 1,
            ActivationType = 0,
            // Sole traders upload the SOLE_MAN_* set (7, 8, 9): HiPay checks that set only for pro type 2 (person).
            ProType = shop.IsProfessional == false ? 2 : 1,
            ExternalAccountId = shop.ShopId.ToString(CultureInfo.InvariantCulture),
            ExternalType = 1,
        };
    }

    /// <summary>Bank details of a shop: payment_info, else the legacy billing_info; null when Mirakl has no IBAN.</summary>
    public static BankDetails? BankDetails(MiraklShop shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var iban = shop.Iban;
        if (iban is null)
        {
            return null;
        }

        return shop.PaymentInfo is { } p
            ? new BankDetails(Iban(iban), Sanitise(p.Bic).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(),
                Sanitise(p.BankName), Sanitise(p.BankStreet), Sanitise(p.BankZip), Sanitise(p.BankCity))
            : new BankDetails(Iban(iban), Sanitise(shop.BillingInfo?.Bic).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(),
                Sanitise(shop.BillingInfo?.BankName), Sanitise(shop.BillingInfo?.BankStreet), Sanitise(shop.BillingInfo?.ZipCode),
                Sanitise(shop.BillingInfo?.BankCity));
    }

    /// <summary>IBAN reduced to upper-case letters and digits.</summary>
    public static string Iban(string? iban) => Sanitise(iban).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
