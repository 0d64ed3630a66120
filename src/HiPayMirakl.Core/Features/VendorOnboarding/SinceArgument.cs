using System.Globalization;

namespace HiPayMirakl.Core.Features.VendorOnboarding;

/// <summary>The <c>--since</c> value of <c>vendor:process</c>: a date/time (UTC unless an offset is given) or a duration back from now.</summary>
public static class SinceArgument
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>
    /// "2026-01-31", "2026-01-31T08:00:00Z", "2026-01-31T08:00:00+02:00", or a duration "90m", "24h", "7d".
    /// Throws <see cref="FormatException"/> with the accepted forms otherwise.
    /// </summary>
    public static DateTimeOffset Parse(string value, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && text[^1] is 'm' or 'h' or 'd' or 'M' or 'H' or 'D'
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            return char.ToLowerInvariant(text[^1]) switch
            {
                'm' => now.AddMinutes(-amount),
                'h' => now.AddHours(-amount),
                _ => now.AddDays(-amount),
            };
        }

        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var local))
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        if (text.Contains('T', StringComparison.Ordinal) && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 10)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var withOffset))
        {
            return withOffset.ToUniversalTime();
        }

        throw new FormatException($"--since '{value}': expected a date (2026-01-31), a date-time (2026-01-31T08:00:00Z) or a duration (90m, 24h, 7d).");
    }
}
