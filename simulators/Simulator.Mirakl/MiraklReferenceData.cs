using Simulator.Mirakl.Model;

namespace Simulator.Mirakl;

/// <summary>DO01 and AF01 content an operator configures for HiPay.</summary>
internal static class MiraklReferenceData
{
    private static readonly string[] KycMimeTypes = ["image/jpeg", "image/png", "image/gif", "application/pdf"];

    public static IReadOnlyList<MiraklDocumentType> HiPayDocumentTypes { get; } =
    [
        Doc("ALL_PROOF_OF_BANK_ACCOUNT", "Proof of bank account", "Bank details (RIB) matching the IBAN"),
        Doc("LEGAL_IDENTITY_OF_REPRESENTATIVE", "Identity of the legal representative", "Front side"),
        Doc("LEGAL_IDENTITY_OF_REP_REAR", "Identity of the legal representative (rear)", "Back side"),
        Doc("LEGAL_PROOF_OF_REGISTRATION_NUMBER", "Company registration", "Extract of registration, less than 3 months old"),
        Doc("LEGAL_ARTICLES_DISTR_OF_POWERS", "Articles of association", "Articles and distribution of powers"),
        Doc("SOLE_MAN_BUS_IDENTITY", "Identity of the sole trader", "Front side"),
        Doc("SOLE_MAN_BUS_IDENTITY_REAR", "Identity of the sole trader (rear)", "Back side"),
        Doc("SOLE_MAN_BUS_PROOF_OF_REG_NUMBER", "Sole trader registration", "Proof of registration number"),
        Doc("SOLE_MAN_BUS_PROOF_OF_TAX_STATUS", "Sole trader tax status", "Proof of tax status"),
    ];

    public static IReadOnlyList<MiraklAdditionalField> AdditionalFields { get; } =
    [
        new("hipay-process", "HiPay process", "Shop paid out through HiPay", "SHOP", "BOOLEAN", true, "READ_WRITE",
            [], "true", null, [], []),
    ];

    public static bool IsKnownDocumentType(string code) =>
        HiPayDocumentTypes.Any(t => string.Equals(t.Code, code, StringComparison.Ordinal));

    private static MiraklDocumentType Doc(string code, string label, string description) =>
        new(code, label, description, "SHOP", KycMimeTypes, ["MARKETPLACE"]);
}
