using System.Globalization;

namespace HiPayMirakl.Mirakl;

/// <summary>Query-string dates as Mirakl reads them.</summary>
public static class MiraklDates
{
    /// <summary>
    /// UTC, "yyyy-MM-ddTHH:mm:ssZ". The instant is converted to UTC first: the predecessor printed local time with a
    /// literal Z, shifting every IV01 window by the server's offset.
    /// </summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
