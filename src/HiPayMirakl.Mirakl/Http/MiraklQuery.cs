using System.Globalization;
using System.Text;

namespace HiPayMirakl.Mirakl.Http;

/// <summary>Query strings as Mirakl reads them.</summary>
internal static class MiraklQuery
{
    /// <summary>Mirakl rejects or truncates long id lists; 100 per call is the documented safe size.</summary>
    public const int MaxIdsPerCall = 100;

    /// <summary>Distinct ids, in first-seen order, as comma lists of at most <paramref name="size"/> ids.</summary>
    public static IReadOnlyList<string> ChunkIds(IEnumerable<long> ids, int size = MaxIdsPerCall)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return ids.Distinct()
            .Chunk(size)
            .Select(c => string.Join(',', c.Select(id => id.ToString(CultureInfo.InvariantCulture))))
            .ToList();
    }

    public static string Build(string path, params (string Name, string? Value)[] parameters)
    {
        var sb = new StringBuilder(path);
        var first = !path.Contains('?', StringComparison.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            sb.Append(first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            first = false;
        }

        return sb.ToString();
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
