using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Dashboard.Pages.Vendors;

/// <summary>
/// The sellers: search by shop id, name, login or e-mail; filters on KYC (wallet identified), bank details, payment
/// blocked and disabled; sorted by a column; 50 a page. The filter is <see cref="VendorSearch"/>, the same as
/// <c>GET /api/vendors</c>.
/// </summary>
public sealed class IndexModel(ConnectorDbContext db) : PageModel
{
    [BindProperty(Name = "q", SupportsGet = true)]
    public string? Query { get; set; }

    /// <summary>"yes" (identified), "no", or empty.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Kyc { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Bank { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Blocked { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Disabled { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Dir { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public List<Vendor> Rows { get; private set; } = [];

    public DashboardPager? Pager { get; private set; }

    public VendorSort SortBy => Enum.TryParse<VendorSort>(Sort, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : VendorSort.Shop;

    public bool Descending => string.Equals(Dir, "desc", StringComparison.OrdinalIgnoreCase);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var filter = new VendorFilter(
            Text: Query,
            Identified: YesNo(Kyc),
            BankInfo: Enum.TryParse<BankInfoStatus>(Bank, ignoreCase: true, out var bank) && Enum.IsDefined(bank) ? bank : null,
            PaymentBlocked: YesNo(Blocked),
            Enabled: YesNo(Disabled) is { } disabled ? !disabled : null);
        var query = VendorSearch.Sort(VendorSearch.Apply(db.Vendors.AsNoTracking(), filter), SortBy, Descending);
        (Pager, Rows) = await DashboardPager.ReadAsync(query, PageNumber, ct);
    }

    /// <summary>The link that sorts by <paramref name="sort"/>: ascending, or the other way when it already sorts by it.</summary>
    public string SortUrl(VendorSort sort)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Request.QueryString.Value);
        var builder = new Microsoft.AspNetCore.Http.Extensions.QueryBuilder();
        foreach (var (key, values) in query)
        {
            if (key is not ("sort" or "dir" or "page"))
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

        builder.Add("sort", sort.ToString());
        builder.Add("dir", SortBy == sort && !Descending ? "desc" : "asc");
        return "/vendors" + builder.ToQueryString();
    }

    /// <summary>aria-sort of a column header.</summary>
    public string AriaSort(VendorSort sort) => SortBy != sort ? "none" : Descending ? "descending" : "ascending";

    private static bool? YesNo(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "yes" or "true" => true,
        "no" or "false" => false,
        _ => null,
    };
}
