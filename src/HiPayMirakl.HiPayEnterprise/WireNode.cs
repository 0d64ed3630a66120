using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// One tree for the gateway's four encodings (camelCase JSON, snake_case XML, bracket-keyed forms, XML
/// notifications). Keys are normalised (lower case, underscores dropped) so <c>transactionReference</c> and
/// <c>transaction_reference</c> meet; every scalar is kept as text because the gateway sends numbers as strings.
/// </summary>
internal sealed class WireNode
{
    private readonly Dictionary<string, WireNode> _children = new(StringComparer.Ordinal);

    private WireNode(string? text) => Text = text;

    /// <summary>Scalar value; null for objects and JSON null.</summary>
    public string? Text { get; }

    public bool IsObject => _children.Count > 0;

    public IReadOnlyDictionary<string, WireNode> Children => _children;

    public static string NormalizeKey(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (c != '_' && c != '-')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    public WireNode? this[string key] => _children.GetValueOrDefault(NormalizeKey(key));

    /// <summary>Text of a scalar child; empty strings (the gateway's "no value") become null.</summary>
    public string? Str(string key)
    {
        var text = this[key]?.Text;
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public int? Int(string key) =>
        int.TryParse(Str(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public bool? Bool(string key) => Str(key)?.ToUpperInvariant() switch
    {
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        _ => null,
    };

    /// <summary>Object child; the gateway's <c>""</c> for an empty object reads as null.</summary>
    public WireNode? Obj(string key)
    {
        var child = this[key];
        return child is { IsObject: true } ? child : null;
    }

    /// <summary>"2023-12-12T14:49:45+0000" (offset without colon) or ISO 8601; empty → null.</summary>
    public DateTimeOffset? Date(string key)
    {
        var text = Str(key);
        if (text is null)
        {
            return null;
        }

        if (text.Length >= 5 && (text[^5] == '+' || text[^5] == '-') && text[^4..].All(char.IsAsciiDigit))
        {
            text = string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : null;
    }

    /// <summary>True when every key is a number: the {"0":{…},"1":{…}} list shape.</summary>
    public bool IsIndexMap => _children.Count > 0 && _children.Keys.All(k => k.All(char.IsAsciiDigit));

    public IEnumerable<WireNode> IndexedItems() =>
        _children.OrderBy(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture)).Select(kv => kv.Value);

    private WireNode Child(string key)
    {
        var normalized = NormalizeKey(key);
        if (!_children.TryGetValue(normalized, out var child))
        {
            child = new WireNode(null);
            _children[normalized] = child;
        }

        return child;
    }

    private void Set(string key, WireNode value) => _children[NormalizeKey(key)] = value;

    public static WireNode FromJson(ReadOnlySpan<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8.ToArray());
        return FromJsonElement(document.RootElement);
    }

    private static WireNode FromJsonElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var node = new WireNode(null);
                foreach (var property in element.EnumerateObject())
                {
                    node.Set(property.Name, FromJsonElement(property.Value));
                }

                return node;
            case JsonValueKind.Array:
                var list = new WireNode(null);
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    list.Set(index.ToString(CultureInfo.InvariantCulture), FromJsonElement(item));
                    index++;
                }

                return list;
            case JsonValueKind.String:
                return new WireNode(element.GetString());
            case JsonValueKind.Number:
                return new WireNode(element.GetRawText());
            case JsonValueKind.True:
                return new WireNode("true");
            case JsonValueKind.False:
                return new WireNode("false");
            default:
                return new WireNode(null);
        }
    }

    public static WireNode FromXml(ReadOnlySpan<byte> utf8)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var stream = new MemoryStream(utf8.ToArray());
        using var reader = XmlReader.Create(stream, settings);
        var root = XElement.Load(reader);
        return FromXElement(root, 0);
    }

    /// <summary>The gateway's documents are a few levels deep; a deeper one is refused before recursion gets costly.</summary>
    private const int MaxXmlDepth = 32;

    private static WireNode FromXElement(XElement element, int depth)
    {
        if (depth > MaxXmlDepth)
        {
            throw new FormatException($"XML nested deeper than {MaxXmlDepth} levels.");
        }

        if (!element.HasElements)
        {
            return new WireNode(element.Value);
        }

        var node = new WireNode(null);
        // A repeated element (several <transaction>) becomes an index map, the JSON list shape.
        foreach (var group in element.Elements().GroupBy(e => e.Name.LocalName, StringComparer.Ordinal))
        {
            var items = group.ToList();
            if (items.Count == 1)
            {
                node.Set(group.Key, FromXElement(items[0], depth + 1));
                continue;
            }

            var list = new WireNode(null);
            for (var i = 0; i < items.Count; i++)
            {
                list.Set(i.ToString(CultureInfo.InvariantCulture), FromXElement(items[i], depth + 1));
            }

            node.Set(group.Key, list);
        }

        return node;
    }

    /// <summary>PHP http_build_query bodies: <c>order%5Bid%5D=1&amp;debit_agreement%5Bid%5D=2</c>.</summary>
    public static WireNode FromForm(ReadOnlySpan<byte> utf8)
    {
        var root = new WireNode(null);
        var text = Encoding.UTF8.GetString(utf8);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var rawKey = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? "" : pair[(equals + 1)..];
            var key = FormDecode(rawKey);
            var value = FormDecode(rawValue);
            var path = SplitBrackets(key);
            var target = root;
            for (var i = 0; i < path.Count - 1; i++)
            {
                target = target.Child(path[i]);
            }

            target.Set(path[^1], new WireNode(value));
        }

        return root;
    }

    private static string FormDecode(string raw) => Uri.UnescapeDataString(raw.Replace('+', ' '));

    private static List<string> SplitBrackets(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0)
        {
            return [key];
        }

        var parts = new List<string> { key[..open] };
        var rest = key[open..];
        while (rest.Length > 0 && rest[0] == '[')
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            parts.Add(rest[1..close]);
            rest = rest[(close + 1)..];
        }

        return parts;
    }
}
