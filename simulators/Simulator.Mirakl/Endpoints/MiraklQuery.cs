using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Simulator.Mirakl.Json;

namespace Simulator.Mirakl.Endpoints;

/// <summary>A 400 answer explaining which query parameter is wrong.</summary>
internal sealed class MiraklBadRequestException(string message) : Exception(message);

/// <summary>Query-string parsing shared by the list endpoints.</summary>
internal static class MiraklQuery
{
    public static string? Text(HttpRequest r, string name)
    {
        var v = r.Query[name].ToString();
        return string.IsNullOrWhiteSpace(v) ? null : v.Trim();
    }

    /// <summary>Comma-separated ids; repeated parameters are accepted too (shop_ids=1&amp;shop_ids=2).</summary>
    public static IReadOnlyList<long>? Ids(HttpRequest r, string name)
    {
        var raw = r.Query[name];
        if (StringValues.IsNullOrEmpty(raw))
        {
            return null;
        }

        var ids = new List<long>();
        foreach (var part in raw.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                throw new MiraklBadRequestException($"Invalid value '{part}' in {name}.");
            }

            ids.Add(id);
        }

        return ids.Count == 0 ? null : ids;
    }

    public static IReadOnlyList<string>? List(HttpRequest r, string name)
    {
        var raw = r.Query[name];
        if (StringValues.IsNullOrEmpty(raw))
        {
            return null;
        }

        var items = raw.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return items.Count == 0 ? null : items;
    }

    public static DateTimeOffset? Date(HttpRequest r, string name)
    {
        var text = Text(r, name);
        if (text is null)
        {
            return null;
        }

        return MiraklDates.TryParse(text, out var value)
            ? value
            : throw new MiraklBadRequestException($"Invalid date '{text}' for {name}.");
    }

    public static bool? Bool(HttpRequest r, string name)
    {
        var text = Text(r, name);
        if (text is null)
        {
            return null;
        }

        // PHP clients serialise booleans as "true"/"false" or "1"/"0" depending on the HTTP library.
        return text switch
        {
            "1" => true,
            "0" => false,
            _ => bool.TryParse(text, out var b) ? b : throw new MiraklBadRequestException($"Invalid boolean '{text}' for {name}."),
        };
    }

    public static int? Int(HttpRequest r, string name)
    {
        var text = Text(r, name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0
            ? i
            : throw new MiraklBadRequestException($"Invalid value '{text}' for {name}.");
    }

    /// <summary>Offset paging: max clamped to the page limit, default page size when absent or 0.</summary>
    public static (int Offset, int Max) Paging(HttpRequest r, MiraklSimulatorOptions o)
    {
        var max = Int(r, "max") ?? o.DefaultPageSize;
        if (max == 0)
        {
            max = o.DefaultPageSize;
        }

        return (Int(r, "offset") ?? 0, Math.Min(max, o.MaxPageSize));
    }

    /// <summary>RFC 5988 Link header with previous/next pages, keeping every other query parameter.</summary>
    public static void AddLinkHeader(HttpContext context, int offset, int max, int total)
    {
        var links = new List<string>();
        if (offset > 0)
        {
            links.Add($"<{PageUrl(context.Request, Math.Max(0, offset - max), max)}>; rel=\"previous\"");
        }

        if (offset + max < total)
        {
            links.Add($"<{PageUrl(context.Request, offset + max, max)}>; rel=\"next\"");
        }

        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }
    }

    private static string PageUrl(HttpRequest r, int offset, int max)
    {
        var sb = new StringBuilder();
        sb.Append(r.Scheme).Append("://").Append(r.Host.Value).Append(r.PathBase.Value).Append(r.Path.Value).Append('?');
        foreach (var (key, values) in r.Query)
        {
            if (string.Equals(key, "offset", StringComparison.OrdinalIgnoreCase) ||
                string.Equals(key, "max", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var v in values)
            {
                sb.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(v ?? string.Empty)).Append('&');
            }
        }

        sb.Append("max=").Append(max.ToString(CultureInfo.InvariantCulture))
            .Append("&offset=").Append(offset.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
