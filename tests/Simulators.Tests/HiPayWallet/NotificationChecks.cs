using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Simulators.Tests.HiPayWallet;

/// <summary>
/// The receiver's side of a HiPay notification, written from the reference text and not from the simulator's
/// code: take the form field, cut the raw &lt;result&gt; substring, normalise by hand, md5 with the salt.
/// </summary>
public static class NotificationChecks
{
    /// <summary>
    /// The single "xml" form field as PHP hands it over ('+' is a space, then %XX), then rawurldecode'd once more as
    /// the predecessor connector did.
    /// </summary>
    public static string XmlFromForm(string formBody)
    {
        Assert.StartsWith("xml=", formBody, StringComparison.Ordinal);
        Assert.DoesNotContain('&', formBody);
        var php = Uri.UnescapeDataString(formBody["xml=".Length..].Replace('+', ' '));
        return Uri.UnescapeDataString(php);
    }

    public static string ExpectedMd5(string xml, string salt)
    {
        var start = xml.IndexOf("<result>", StringComparison.Ordinal);
        var end = xml.IndexOf("</result>", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the document has no <result> element");
        var raw = xml[start..(end + "</result>".Length)].Replace("\r\n", "\n", StringComparison.Ordinal);

        var withoutBreaks = new StringBuilder();
        foreach (var ch in raw)
        {
            if (ch is not '\n' and not '\t')
            {
                withoutBreaks.Append(ch);
            }
        }

        // Drop runs of spaces that sit between a '>' and a '<' (and only those).
        var text = withoutBreaks.ToString();
        var normalised = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            normalised.Append(text[i]);
            if (text[i] != '>')
            {
                continue;
            }

            var j = i + 1;
            while (j < text.Length && text[j] == ' ')
            {
                j++;
            }

            if (j > i + 1 && j < text.Length && text[j] == '<')
            {
                i = j - 1;
            }
        }

#pragma warning disable CA5351 // MD5 is what HiPay signs notifications with; the test checks that, it does not choose it.
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(normalised.ToString().Trim() + salt));
#pragma warning restore CA5351
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    public static string Md5Content(string xml) => XDocument.Parse(xml).Root!.Element("md5content")!.Value;

    public static XElement Result(string xml) => XDocument.Parse(xml).Root!.Element("result")!;

    public static string Field(string xml, string name) => Result(xml).Element(name)?.Value ?? throw new Xunit.Sdk.XunitException($"<{name}> missing");
}
