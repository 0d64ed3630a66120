using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Access;

/// <summary>An API key just created: the row, and the key itself, which is never stored nor shown again.</summary>
public sealed record CreatedApiKey(ApiKey Row, string Key);

/// <summary>
/// API keys for machine clients. A key is <c>hmk_&lt;12 hex&gt;_&lt;43 base64url&gt;</c>: 48 random bits of public
/// prefix that find the row, then 256 random bits of secret. The key is high-entropy random, so a plain SHA-256 of it
/// is enough (a slow password hash would only slow every request); the stored hash is compared in constant time.
/// </summary>
public sealed class ApiKeyService(ConnectorDbContext db, TimeProvider clock)
{
    public const string KeyStart = "hmk_";
    public const int MaxNameLength = 100;

    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedApiKey> CreateAsync(string name, string role, string? createdBy, CancellationToken ct)
    {
        name = (name ?? "").Trim();
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            throw new AccessException($"an API key needs a name of 1 to {MaxNameLength} characters");
        }

        role = ConnectorRoles.Require(role);
        var prefix = KeyStart + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var key = prefix + "_" + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var row = new ApiKey
        {
            Name = name,
            Role = role,
            Prefix = prefix,
            Hash = Hash(key),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy is null ? null : OneLine(createdBy, 256),
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(row, key);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct) =>
        await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct);

    /// <summary>Revokes a key: every later request with it is refused. Revoking a revoked key changes nothing.</summary>
    public async Task<ApiKey> RevokeAsync(long id, CancellationToken ct)
    {
        var row = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct)
            ?? throw new AccessException(string.Create(CultureInfo.InvariantCulture, $"API key {id} does not exist"));
        row.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>The live key row the presented key belongs to; null when it is malformed, unknown or revoked.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        var prefix = PrefixOf(presented);
        if (prefix is null)
        {
            return null;
        }

        var row = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (row is null || row.RevokedAt is not null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(row.Hash)))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (row.LastUsedAt is null || now - row.LastUsedAt.Value >= LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
            row.LastUsedAt = now;
        }

        return row;
    }

    /// <summary>The lookup prefix of a well-formed key, or null.</summary>
    internal static string? PrefixOf(string? presented)
    {
        if (presented is null || presented.Length > 100 || !presented.StartsWith(KeyStart, StringComparison.Ordinal))
        {
            return null;
        }

        var separator = presented.IndexOf('_', KeyStart.Length);
        return separator > KeyStart.Length ? presented[..separator] : null;
    }

    internal static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string OneLine(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..max];
    }
}
