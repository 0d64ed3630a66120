namespace HiPayMirakl.Web.Dashboard;

/// <summary>
/// Where a paged list is: page N (from 1) of 50 rows, and how many rows match. A page number past the end shows the
/// last page; the pager links keep the page's other query parameters (its filters).
/// </summary>
public sealed record OpsPager(int Page, int Total)
{
    public const int PageSize = 50;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public int Skip => (Page - 1) * PageSize;

    /// <summary>The pager of <paramref name="total"/> rows at the requested page, kept within 1..PageCount.</summary>
    public static OpsPager At(int? requested, int total)
    {
        var count = Math.Max(1, (total + PageSize - 1) / PageSize);
        return new OpsPager(Math.Clamp(requested ?? 1, 1, count), total);
    }
}
