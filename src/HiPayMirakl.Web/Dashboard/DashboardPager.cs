using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard;

/// <summary>
/// One page of a dashboard list: 50 rows, <c>?page=N</c> from 1. A page past the end shows the last one, so a link
/// kept from a longer list still lands somewhere. The pager's links (<c>_DashboardPager</c>) keep the list's other
/// query parameters, its filters.
/// </summary>
public sealed class DashboardPager
{
    public const int Size = 50;

    private DashboardPager(int number, int total)
    {
        Total = total;
        Count = Math.Max(1, (total + Size - 1) / Size);
        Number = Math.Clamp(number, 1, Count);
    }

    public int Number { get; }

    public int Count { get; }

    public int Total { get; }

    public bool HasPrevious => Number > 1;

    public bool HasNext => Number < Count;

    /// <summary>How many rows come before this page.</summary>
    public int Skip => (Number - 1) * Size;

    /// <summary>The pager of <paramref name="total"/> rows at the requested page, kept within 1..Count.</summary>
    public static DashboardPager At(int? requested, int total) => new(requested ?? 1, total);

    /// <summary>Counts <paramref name="ordered"/>, then reads the asked page of it.</summary>
    public static async Task<(DashboardPager Pager, List<T> Rows)> ReadAsync<T>(IQueryable<T> ordered, int? page, CancellationToken ct)
    {
        var pager = At(page, await ordered.CountAsync(ct));
        var rows = await ordered.Skip(pager.Skip).Take(Size).ToListAsync(ct);
        return (pager, rows);
    }
}
