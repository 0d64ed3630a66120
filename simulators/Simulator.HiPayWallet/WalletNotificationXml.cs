using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Simulator.HiPayWallet;

/// <summary>What goes into one notification's &lt;result&gt;; optional parts are omitted when null.</summary>
internal sealed record WalletNotificationContent(
    string Operation,
    string Status,
    long AccountId,
    string? Message = null,
    int? DocumentType = null,
    string? DocumentTypeLabel = null,
    string? TransId = null,
    string? Amount = null,
    string? Currency = null,
    string? Label = null,
    bool IncludeCallbackSalt = false);

/// <summary>
/// Builds the notification document exactly as the fixtures lay it out: fixed element order,
/// 4-space indentation, LF line ends, and md5content = md5(normalised result + callback salt).
/// </summary>
internal static partial class WalletNotificationXml
{
    public static string Build(WalletNotificationContent content, DateTimeOffset at, string callbackSalt, string? md5Override = null)
    {
        var result = BuildResult(content, at.ToUniversalTime(), callbackSalt);
        var md5 = md5Override ?? ComputeMd5(result, callbackSalt);
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.Append("<notification>\n");
        xml.Append("    <md5content>").Append(md5).Append("</md5content>\n");
        xml.Append("    ").Append(result).Append('\n');
        xml.Append("</notification>\n");
        return xml.ToString();
    }

    /// <summary>The LIB algorithm: drop LF and TAB, remove space runs between tags, trim, append salt, MD5 of UTF-8.</summary>
    public static string ComputeMd5(string resultElement, string callbackSalt)
    {
        var normalised = SpacesBetweenTags().Replace(resultElement.Replace("\n", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal), "><").Trim();
#pragma warning disable CA5351 // MD5 is the provider's notification checksum; the fake must reproduce it, not choose it.
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(normalised + callbackSalt));
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }

    private static string BuildResult(WalletNotificationContent c, DateTimeOffset at, string callbackSalt)
    {
        var sb = new StringBuilder();
        sb.Append("<result>\n");
        Element(sb, "operation", c.Operation);
        Element(sb, "status", c.Status);
        Element(sb, "message", c.Message);
        Element(sb, "date", at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Element(sb, "time", at.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC+0000");
        Element(sb, "document_type", c.DocumentType?.ToString(CultureInfo.InvariantCulture));
        Element(sb, "document_type_label", c.DocumentTypeLabel);
        Element(sb, "transid", c.TransId);
        Element(sb, "account_id", c.AccountId.ToString(CultureInfo.InvariantCulture));
        Element(sb, "amount", c.Amount);
        Element(sb, "currency", c.Currency);
        Element(sb, "label", c.Label);
        Element(sb, "callback_salt", c.IncludeCallbackSalt ? callbackSalt : null);
        sb.Append("    </result>");
        return sb.ToString();
    }

    private static void Element(StringBuilder sb, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        sb.Append("        <").Append(name).Append('>').Append(Escape(value)).Append("</").Append(name).Append(">\n");
    }

    private static string Escape(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    [GeneratedRegex(">( )+<")]
    private static partial Regex SpacesBetweenTags();
}
