using System.Security.Cryptography;
using System.Text;

namespace HiPayMirakl.HiPayEnterprise;

/// <summary>
/// The gateway's signatures: notifications carry <c>X-ALLOPASS-SIGNATURE = hex(SHA-x(raw body ‖ passphrase))</c>
/// (a plain digest, not an HMAC); redirects carry <c>hash</c> over the sorted parameters. Always computed over the
/// raw bytes and compared in constant time.
/// </summary>
public static class HiPayEnterpriseSignature
{
    public const string HeaderName = "X-ALLOPASS-SIGNATURE";

    public static string Compute(ReadOnlySpan<byte> rawBody, string passphrase, HiPayEnterpriseSignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var secret = Encoding.UTF8.GetBytes(passphrase);
        var preimage = new byte[rawBody.Length + secret.Length];
        rawBody.CopyTo(preimage);
        secret.CopyTo(preimage.AsSpan(rawBody.Length));
        return Convert.ToHexStringLower(Hash(preimage, algorithm));
    }

    public static bool Verify(ReadOnlySpan<byte> rawBody, string? headerValue, string passphrase, HiPayEnterpriseSignatureAlgorithm algorithm)
    {
        if (string.IsNullOrWhiteSpace(headerValue) || string.IsNullOrEmpty(passphrase))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(rawBody, passphrase, algorithm));
        // Hex from other producers may be upper case; the digest, not the casing, is the secret-bearing part.
        var actual = Encoding.ASCII.GetBytes(headerValue.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>
    /// Redirect <c>hash</c>: parameters sorted by name (ordinal), <c>hash</c> and empty values skipped, each
    /// contributing name ‖ value ‖ passphrase.
    /// </summary>
    public static string ComputeRedirectHash(IEnumerable<KeyValuePair<string, string?>> parameters, string passphrase, HiPayEnterpriseSignatureAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (string.Equals(name, "hash", StringComparison.Ordinal) || string.IsNullOrEmpty(value))
            {
                continue;
            }

            builder.Append(name).Append(value).Append(passphrase);
        }

        return Convert.ToHexStringLower(Hash(Encoding.UTF8.GetBytes(builder.ToString()), algorithm));
    }

    public static bool VerifyRedirect(IEnumerable<KeyValuePair<string, string?>> parameters, string? hash, string passphrase, HiPayEnterpriseSignatureAlgorithm algorithm)
    {
        if (string.IsNullOrWhiteSpace(hash))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(ComputeRedirectHash(parameters, passphrase, algorithm));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(hash.Trim().ToLowerInvariant()));
    }

    private static byte[] Hash(ReadOnlySpan<byte> data, HiPayEnterpriseSignatureAlgorithm algorithm) => algorithm switch
    {
        // SHA-1 is what the gateway's back office offers and many accounts still use; this is interoperability, not our choice.
#pragma warning disable CA5350
        HiPayEnterpriseSignatureAlgorithm.Sha1 => SHA1.HashData(data),
#pragma warning restore CA5350
        HiPayEnterpriseSignatureAlgorithm.Sha256 => SHA256.HashData(data),
        HiPayEnterpriseSignatureAlgorithm.Sha512 => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}
