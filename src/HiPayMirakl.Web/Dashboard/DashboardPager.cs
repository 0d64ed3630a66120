using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard;

/// <summary>
/// One page of a dashboard list: 50 rows, <c>?page=N</c> from 1, the filters kept in the query string. A page past
/// the end shows the last one, so a link kept from a longer list still lands somewhere.
/// </summary>
public sealed class DashboardPager
{
    public const int Size = 50;

    private readonly QueryString _query;
    private readonly PathString _path;

    private DashboardPager(HttpRequest request, int number, int total)
    {
        _path = request.Path;
        _query = request.QueryString;
        Total = total;
        Count = Math.Max(1, (total + Size - 1) / Size);
        Number = Math.Clamp(number, 1, Count);
    }

    public int Number { get; }

    public int Count { get; }

    public int Total { get; }

    public bool HasPrevious => Number > 1;

    public bool HasNext => Number < Count;

    /// <summary>Counts <paramref name="ordered"/>, then reads the asked page of it.</summary>
    public static async Task<(DashboardPager Pager, List<T> Rows)> ReadAsync<T>(HttpRequest request, IQueryable<T> ordered, int? page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var total = await ordered.CountAsync(ct);
        var pager = new DashboardPager(request, page ?? 1, total);
        var rows = await ordered.Skip((pager.Number - 1) * Size).Take(Size).ToListAsync(ct);
        return (pager, rows);
    }

    /// <summary>A page of rows already in memory (lists sorted client-side).</summary>
    public static (DashboardPager Pager, List<T> Rows) Of<T>(HttpRequest request, IReadOnlyList<T> rows, int? page)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rows);
        var pager = new DashboardPager(request, page ?? 1, rows.Count);
        return (pager, [.. rows.Skip((pager.Number - 1) * Size).Take(Size)]);
    }

    /// <summary>The same list (same filters) at page <paramref name="number"/>.</summary>
    public string Url(int number)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(_query.Value);
        var builder = new QueryBuilder();
        foreach (var (key, values) in query)
        {
            if (!string.Equals(key, "page", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    if (!string.IsNullOrEmpty(value))
                    {
                        builder.Add(key, value);
                    }
                }
            }
        }

        builder.Add("page", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return _path + builder.ToQueryString().ToString();
    }
}
