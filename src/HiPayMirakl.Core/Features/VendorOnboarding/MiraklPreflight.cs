using HiPayMirakl.Mirakl;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.VendorOnboarding;

/// <summary>Outcome of the Mirakl settings check: empty <see cref="Problems"/> means the instance is configured.</summary>
public sealed record MiraklPreflightResult(IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    public string Describe() => Succeeded
        ? "Mirakl configuration OK (document types and hipay-process field present)."
        : "Mirakl is not configured for HiPay: " + string.Join("; ", Problems) + ".";
}

/// <summary>
/// DO01 + AF01 check run by <c>mirakl:check</c> and before every vendor sync. The predecessor computed this and threw
/// the result away; here a failure is an error-level log and a failed command or batch.
/// </summary>
public sealed class MiraklPreflight(IMiraklClient mirakl, ILogger<MiraklPreflight> logger)
{
    public async Task<MiraklPreflightResult> CheckAsync(CancellationToken ct)
    {
        List<string> problems;
        try
        {
            var documentTypes = await mirakl.GetDocumentTypesAsync("SHOP", ct);
            var fields = await mirakl.GetAdditionalFieldsAsync("SHOP", ct);
            problems = [.. Evaluate(documentTypes.Select(t => t.Code), fields)];
        }
        catch (MiraklApiException ex)
        {
            problems = ["Mirakl settings could not be read: " + ex.Message];
        }
        catch (HttpRequestException ex)
        {
            problems = ["Mirakl settings could not be read: " + ex.Message];
        }

        var result = new MiraklPreflightResult(problems);
        if (!result.Succeeded)
        {
            logger.LogError("{Problem}", result.Describe());
        }

        return result;
    }

    /// <summary>
    /// The rules: the bank proof type is required; the corporation (LEGAL_*) and sole-trader (SOLE_MAN_*) families are
    /// each either complete or absent (a marketplace may onboard only one kind), but not both absent; the
    /// <c>hipay-process</c> field exists and, when typed, is BOOLEAN.
    /// </summary>
    public static IEnumerable<string> Evaluate(IEnumerable<string?> documentTypeCodes, IEnumerable<MiraklAdditionalField> additionalFields)
    {
        ArgumentNullException.ThrowIfNull(documentTypeCodes);
        ArgumentNullException.ThrowIfNull(additionalFields);
        var codes = documentTypeCodes.OfType<string>().Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal);
        if (!codes.Contains(KycDocumentTypes.BankProof))
        {
            yield return $"document type {KycDocumentTypes.BankProof} is missing (DO01)";
        }

        var legalMissing = KycDocumentTypes.LegalFamily.Where(c => !codes.Contains(c)).ToList();
        var soleMissing = KycDocumentTypes.SoleTraderFamily.Where(c => !codes.Contains(c)).ToList();
        var legalAbsent = legalMissing.Count == KycDocumentTypes.LegalFamily.Count;
        var soleAbsent = soleMissing.Count == KycDocumentTypes.SoleTraderFamily.Count;
        if (legalAbsent && soleAbsent)
        {
            yield return "no KYC document type is configured: neither the LEGAL_* nor the SOLE_MAN_* types exist (DO01)";
        }
        else
        {
            if (!legalAbsent && legalMissing.Count > 0)
            {
                yield return "document type(s) " + string.Join(", ", legalMissing) + " missing (DO01)";
            }

            if (!soleAbsent && soleMissing.Count > 0)
            {
                yield return "document type(s) " + string.Join(", ", soleMissing) + " missing (DO01)";
            }
        }

        var field = additionalFields.FirstOrDefault(f => string.Equals(f.Code, MiraklShop.HiPayProcessFieldCode, StringComparison.Ordinal));
        if (field is null)
        {
            yield return $"shop custom field {MiraklShop.HiPayProcessFieldCode} is missing (AF01)";
        }
        else if (field.Type is not null && !string.Equals(field.Type, "BOOLEAN", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"shop custom field {MiraklShop.HiPayProcessFieldCode} has type {field.Type}, expected BOOLEAN (AF01)";
        }
    }
}
