using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Simulator.HiPayEnterprise;

/// <summary>
/// An ordered document of the gateway's fields under their snake_case names, rendered three ways from one source
/// so the JSON answer, the XML answer and the notification body can never disagree: JSON (camelCase keys, the
/// gateway's string-typed values, "" for an empty object), XML (snake_case elements) and PHP-style form
/// encoding (bracket keys, percent-encoded, spaces as '+').
/// </summary>
internal sealed class WireDoc
{
    /// <summary>An object the gateway reports as "" in JSON, &lt;x/&gt; in XML and leaves out of forms.</summary>
    public static readonly object EmptyObject = new();

    private readonly List<KeyValuePair<string, object?>> _fields = [];

    public IReadOnlyList<KeyValuePair<string, object?>> Fields => _fields;

    /// <summary>Adds a field; values are string, <see cref="WireDoc"/>, <see cref="WireRaw"/>, <see cref="EmptyObject"/> or null.</summary>
    public WireDoc Add(string snakeName, object? value)
    {
        _fields.Add(new(snakeName, value));
        return this;
    }

    public string ToJson(bool camelCase = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, this, camelCase);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, WireDoc doc, bool camelCase)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in doc._fields)
        {
            writer.WritePropertyName(camelCase ? Camel(name) : name);
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case WireDoc nested:
                    WriteJson(writer, nested, camelCase);
                    break;
                case WireRaw raw:
                    writer.WriteRawValue(raw.Json);
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                default:
                    writer.WriteStringValue("");
                    break;
            }
        }

        writer.WriteEndObject();
    }

    public string ToXml(string root)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(root);
            WriteXml(writer, this);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteXml(XmlWriter writer, WireDoc doc)
    {
        foreach (var (name, value) in doc._fields)
        {
            // An index map ({"0":…,"1":…}) becomes repeated elements: XML names cannot start with a digit.
            if (value is WireDoc list && list._fields.Count > 0 && list._fields.All(f => f.Key.All(char.IsAsciiDigit)))
            {
                foreach (var item in list._fields)
                {
                    writer.WriteStartElement(name);
                    if (item.Value is WireDoc element)
                    {
                        WriteXml(writer, element);
                    }

                    writer.WriteEndElement();
                }

                continue;
            }

            writer.WriteStartElement(name);
            switch (value)
            {
                case WireDoc nested:
                    WriteXml(writer, nested);
                    break;
                case WireRaw raw:
                    writer.WriteString(raw.Text);
                    break;
                case string { Length: > 0 } text:
                    writer.WriteString(text);
                    break;
            }

            // Empty values stay self-closing (<forward_url/>), as in HiPay's documented answers.
            writer.WriteEndElement();
        }
    }

    /// <summary>PHP http_build_query: <c>order%5Bid%5D=…</c>; empty objects and nulls are left out.</summary>
    public string ToForm()
    {
        var builder = new StringBuilder();
        AppendForm(builder, this, null);
        return builder.ToString();
    }

    private static void AppendForm(StringBuilder builder, WireDoc doc, string? prefix)
    {
        foreach (var (name, value) in doc._fields)
        {
            var key = prefix is null ? name : $"{prefix}[{name}]";
            switch (value)
            {
                case WireDoc nested:
                    AppendForm(builder, nested, key);
                    break;
                case WireRaw raw:
                    Append(builder, key, raw.Text);
                    break;
                case string text:
                    Append(builder, key, text);
                    break;
            }
        }
    }

    private static void Append(StringBuilder builder, string key, string value)
    {
        if (builder.Length > 0)
        {
            builder.Append('&');
        }

        builder.Append(FormEncode(key)).Append('=').Append(FormEncode(value));
    }

    /// <summary>PHP urlencode: RFC 3986 escaping, then spaces as '+'.</summary>
    public static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    public static string Camel(string snake)
    {
        var builder = new StringBuilder(snake.Length);
        var upper = false;
        foreach (var c in snake)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A JSON literal (number, boolean) written raw in JSON and as text elsewhere.</summary>
internal sealed record WireRaw(string Json)
{
    public string Text => Json;

    public static WireRaw Of(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    public static WireRaw Of(bool value) => new(value ? "true" : "false");
}
