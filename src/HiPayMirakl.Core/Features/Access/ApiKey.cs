namespace HiPayMirakl.Core.Features.Access;

/// <summary>
/// A machine client's credential. Only the SHA-256 of the key is stored; the prefix (not secret) finds the row, and the
/// hash is compared in constant time. The key itself is shown once, when created.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    /// <summary>The public lookup part of the key (e.g. <c>hmk_3f9c2a7d01b4</c>), unique.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole key.</summary>
    public string Hash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who created it (a user's e-mail, or the OS user for the command line).</summary>
    public string? CreatedBy { get; set; }

    /// <summary>Refreshed at most once a minute, so that a busy client does not write on every request.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
