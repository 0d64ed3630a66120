using HiPayMirakl.Currencies;

namespace HiPayMirakl.Web.Dashboard;

/// <summary>
/// An amount typed in a filter, in major units of a currency ("12.50", "12,50", "1 000"), read exactly into minor
/// units through the one currency table: more decimals than the currency has is an error, never rounded.
/// </summary>
public static class DashboardAmountInput
{
    public static bool TryParse(string? text, string currency, out long minorUnits)
    {
        minorUnits = 0;
        if (string.IsNullOrWhiteSpace(text) || !CurrencyTable.TryGetExponent(currency, out var exponent))
        {
            return false;
        }

        // Spaces (including the no-break spaces French uses between thousands) go; a comma is a decimal point unless
        // a point is there too, in which case the comma separates thousands.
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c != '\u202F'));
        compact = compact.Contains('.', StringComparison.Ordinal)
            ? compact.Replace(",", "", StringComparison.Ordinal)
            : compact.Replace(',', '.');
        return MinorUnits.TryParse(compact, exponent, out minorUnits);
    }
}
