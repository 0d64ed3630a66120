using System.Collections.Frozen;

namespace HiPayMirakl.Core.Features.VendorOnboarding;

/// <summary>How a Mirakl shop document type is sent to HiPay.</summary>
public sealed record KycDocumentType(string MiraklCode, int HiPayType, string? RearCode, bool NeedsValidityDate);

/// <summary>Mirakl document type codes and what HiPay calls them.</summary>
public static class KycDocumentTypes
{
    public const string BankProof = "ALL_PROOF_OF_BANK_ACCOUNT";
    public const string LegalIdentity = "LEGAL_IDENTITY_OF_REPRESENTATIVE";
    public const string LegalIdentityRear = "LEGAL_IDENTITY_OF_REP_REAR";
    public const string LegalRegistration = "LEGAL_PROOF_OF_REGISTRATION_NUMBER";
    public const string LegalArticles = "LEGAL_ARTICLES_DISTR_OF_POWERS";
    public const string SoleTraderIdentity = "SOLE_MAN_BUS_IDENTITY";
    public const string SoleTraderIdentityRear = "SOLE_MAN_BUS_IDENTITY_REAR";
    public const string SoleTraderRegistration = "SOLE_MAN_BUS_PROOF_OF_REG_NUMBER";
    public const string SoleTraderTaxStatus = "SOLE_MAN_BUS_PROOF_OF_TAX_STATUS";

    /// <summary>The bank proof's HiPay type; it travels with the bank details, never through /identification.</summary>
    public const int BankProofHiPayType = 6;

    /// <summary>Types sent through /identification (3–5, 7–9). Rear sides and the bank proof are not in here.</summary>
    public static readonly FrozenDictionary<string, KycDocumentType> Uploadable = new KycDocumentType[]
    {
        new(LegalIdentity, 3, LegalIdentityRear, true),
        new(LegalRegistration, 4, null, false),
        new(LegalArticles, 5, null, false),
        new(SoleTraderIdentity, 7, SoleTraderIdentityRear, true),
        new(SoleTraderRegistration, 8, null, false),
        new(SoleTraderTaxStatus, 9, null, false),
    }.ToFrozenDictionary(t => t.MiraklCode, StringComparer.Ordinal);

    public static readonly IReadOnlyList<string> LegalFamily = [LegalIdentity, LegalIdentityRear, LegalRegistration, LegalArticles];

    public static readonly IReadOnlyList<string> SoleTraderFamily =
        [SoleTraderIdentity, SoleTraderIdentityRear, SoleTraderRegistration, SoleTraderTaxStatus];

    private static readonly FrozenSet<string> AllowedExtensions =
        new[] { ".jpg", ".jpeg", ".png", ".gif", ".pdf" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The upload rule for a Mirakl code, or null when the code is not sent through /identification.</summary>
    public static KycDocumentType? ForMiraklCode(string? code) =>
        code is not null && Uploadable.TryGetValue(code, out var type) ? type : null;

    /// <summary>Only images and PDF are accepted by HiPay (jpg, jpeg, png, gif, pdf; any case).</summary>
    public static bool HasAllowedExtension(string? fileName) =>
        !string.IsNullOrWhiteSpace(fileName) && AllowedExtensions.Contains(Path.GetExtension(fileName.Trim()));

    /// <summary>
    /// A file name safe for a temp path and a multipart header: ASCII letters, digits, '.', '-', '_' kept, the rest
    /// dropped; the extension is kept so HiPay can check it.
    /// </summary>
    public static string SafeFileName(string? fileName, long documentId)
    {
        var name = Path.GetFileName(fileName ?? "");
        var extension = Keep(Path.GetExtension(name));
        var stem = Keep(Path.GetFileNameWithoutExtension(name)).Trim('.');
        if (stem.Length == 0)
        {
            stem = "document-" + documentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return stem + extension;

        static string Keep(string text) => new(text.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_').ToArray());
    }
}
