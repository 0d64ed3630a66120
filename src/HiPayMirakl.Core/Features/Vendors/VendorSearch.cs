namespace HiPayMirakl.Core.Features.Vendors;

/// <summary>How a vendors list is ordered.</summary>
public enum VendorSort
{
    Shop,
    Name,
    Email,

    /// <summary>Oldest first (by id: rows are numbered as they are created).</summary>
    Created,
}

/// <summary>
/// Which vendors a reader asked for. <see cref="Text"/> is a shop id when it is all digits, otherwise a piece of the
/// shop name, login or e-mail (case-insensitive).
/// </summary>
public sealed record VendorFilter(
    string? Text = null,
    long? MiraklShopId = null,
    string? Country = null,
    bool? Identified = null,
    BankInfoStatus? BankInfo = null,
    bool? PaymentBlocked = null,
    bool? Enabled = null);

/// <summary>The one filter of the vendors list, shared by <c>GET /api/vendors</c> and the dashboard's vendors page.</summary>
public static class VendorSearch
{
    public static IQueryable<Vendor> Apply(IQueryable<Vendor> vendors, VendorFilter filter)
    {
        ArgumentNullException.ThrowIfNull(vendors);
        ArgumentNullException.ThrowIfNull(filter);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            if (text.All(char.IsAsciiDigit) && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var shopId))
            {
                vendors = vendors.Where(v => v.MiraklShopId == shopId);
            }
            else
            {
                var lower = text.ToLowerInvariant();
                // Translated to SQL (lower(column) and a LIKE/strpos on both providers): .NET culture rules and
                // comparison overloads do not apply there, and the overloads that take them are not translated.
#pragma warning disable CA1304, CA1311, CA1862
                vendors = vendors.Where(v => (v.ShopName != null && v.ShopName.ToLower().Contains(lower))
                    || v.Email.ToLower().Contains(lower)
                    || (v.Login != null && v.Login.ToLower().Contains(lower)));
#pragma warning restore CA1304, CA1311, CA1862
            }
        }

        if (filter.MiraklShopId is { } shop)
        {
            vendors = vendors.Where(v => v.MiraklShopId == shop);
        }

        if (!string.IsNullOrWhiteSpace(filter.Country))
        {
            var code = filter.Country.Trim().ToUpperInvariant();
            vendors = vendors.Where(v => v.Country == code);
        }

        if (filter.Identified is { } identified)
        {
            vendors = vendors.Where(v => v.Identified == identified);
        }

        if (filter.BankInfo is { } bank)
        {
            vendors = vendors.Where(v => v.BankInfoStatus == bank);
        }

        if (filter.PaymentBlocked is { } blocked)
        {
            vendors = vendors.Where(v => v.PaymentBlocked == blocked);
        }

        if (filter.Enabled is { } enabled)
        {
            vendors = vendors.Where(v => v.Enabled == enabled);
        }

        return vendors;
    }

    public static IOrderedQueryable<Vendor> Sort(IQueryable<Vendor> vendors, VendorSort sort, bool descending)
    {
        ArgumentNullException.ThrowIfNull(vendors);
        var ordered = (sort, descending) switch
        {
            (VendorSort.Shop, false) => vendors.OrderBy(v => v.MiraklShopId),
            (VendorSort.Shop, true) => vendors.OrderByDescending(v => v.MiraklShopId),
            (VendorSort.Name, false) => vendors.OrderBy(v => v.ShopName),
            (VendorSort.Name, true) => vendors.OrderByDescending(v => v.ShopName),
            (VendorSort.Email, false) => vendors.OrderBy(v => v.Email),
            (VendorSort.Email, true) => vendors.OrderByDescending(v => v.Email),
            (_, false) => vendors.OrderBy(v => v.Id),
            (_, true) => vendors.OrderByDescending(v => v.Id),
        };
        // Ties keep one order from page to page.
        return descending ? ordered.ThenByDescending(v => v.Id) : ordered.ThenBy(v => v.Id);
    }
}
