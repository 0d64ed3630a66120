namespace Simulator.Common;

/// <summary>Masks credential-bearing header values so the journal can be shown and logged safely.</summary>
public static class HeaderMasking
{
    private static readonly string[] SensitiveFragments =
        ["authorization", "cookie", "password", "secret", "token", "key", "-pw", "signature"];

    public static bool IsSensitive(string headerName, IEnumerable<string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(headerName);
        if (extra is not null && extra.Any(e => string.Equals(e, headerName, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return SensitiveFragments.Any(f => headerName.Contains(f, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Keeps an authentication scheme ("Bearer", "Basic") when present, never any part of the secret.</summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && space < 16)
        {
            return value[..space] + " ****";
        }

        return "****";
    }
}
