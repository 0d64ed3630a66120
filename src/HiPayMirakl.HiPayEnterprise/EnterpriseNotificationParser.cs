using System.Xml;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// Reads a notification body into <see cref="EnterpriseNotification"/>. Verify the signature over the same raw
/// bytes first (<see cref="HiPayEnterpriseSignature.Verify"/>); this parser trusts what it is given.
/// </summary>
public static class EnterpriseNotificationParser
{
    /// <summary>Form-encoded (<c>debit_agreement[id]=…</c>) or XML (<c>&lt;notification&gt;</c>), by content.</summary>
    public static EnterpriseNotification Parse(ReadOnlySpan<byte> rawBody)
    {
        var root = LooksLikeXml(rawBody) ? ParseXml(rawBody) : WireNode.FromForm(rawBody);
        return EnterpriseWireReader.ReadNotification(root);
    }

    public static bool TryParse(ReadOnlySpan<byte> rawBody, out EnterpriseNotification? notification) =>
        TryParse(rawBody, out notification, out _);

    /// <summary>
    /// Like <see cref="TryParse(ReadOnlySpan{byte}, out EnterpriseNotification?)"/>, and tells the two failures apart:
    /// <paramref name="wellFormed"/> is false when the body is not a form or XML document at all, true when it is one
    /// whose values the typed reading cannot take (an unknown currency, a decimals count we have no scale for, a
    /// number beyond range). A signed body of the second kind is the gateway's own: kept, not refused.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> rawBody, out EnterpriseNotification? notification, out bool wellFormed)
    {
        notification = null;
        WireNode root;
        try
        {
            root = LooksLikeXml(rawBody) ? ParseXml(rawBody) : WireNode.FromForm(rawBody);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or InvalidOperationException)
        {
            wellFormed = false;
            return false;
        }

        wellFormed = true;
        try
        {
            notification = EnterpriseWireReader.ReadNotification(root);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or InvalidOperationException)
        {
            return false;
        }
    }

    private static WireNode ParseXml(ReadOnlySpan<byte> rawBody)
    {
        try
        {
            return WireNode.FromXml(rawBody);
        }
        catch (XmlException ex)
        {
            throw new FormatException("Notification XML is malformed.", ex);
        }
    }

    private static bool LooksLikeXml(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0xEF or 0xBB or 0xBF)
            {
                continue;
            }

            return b == (byte)'<';
        }

        return false;
    }
}
