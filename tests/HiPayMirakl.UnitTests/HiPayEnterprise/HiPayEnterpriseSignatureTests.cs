using System.Text;
using HiPayMirakl.HiPayEnterprise;

namespace HiPayMirakl.UnitTests.HiPayEnterprise;

public sealed class HiPayEnterpriseSignatureTests
{
    // Signature vectors published with HiPay's notification documentation.
    private static readonly KeyValuePair<string, string?>[] PhpRedirect = [new("signature", "testSignature")];

    [Theory]
    [InlineData(HiPayEnterpriseSignatureAlgorithm.Sha1, "9cf701f5d7519f1aeabe69a2857ee85fefbf31a3")]
    [InlineData(HiPayEnterpriseSignatureAlgorithm.Sha256, "9664430560899c4a1eeff059f4244265d783bdba077c525943ec1438db04b8bc")]
    [InlineData(HiPayEnterpriseSignatureAlgorithm.Sha512, "dca1c8cd59e00362d6c1516596e5cc514778f7d88a2fcbedf4feae035333dddc3e86175d7df65616857571d3ce75b994fe3abc43048bfca248cdb198c521e7a0")]
    public void ComputeRedirectHash_PhpSdkVector_MatchesReference(HiPayEnterpriseSignatureAlgorithm algorithm, string expected)
    {
        Assert.Equal(expected, HiPayEnterpriseSignature.ComputeRedirectHash(PhpRedirect, "testSignature", algorithm));
    }

    [Theory]
    [InlineData(HiPayEnterpriseSignatureAlgorithm.Sha1, "9cf701f5d7519f1aeabe69a2857ee85fefbf31a3")]
    [InlineData(HiPayEnterpriseSignatureAlgorithm.Sha256, "9664430560899c4a1eeff059f4244265d783bdba077c525943ec1438db04b8bc")]
    [InlineData(HiPayEnterpriseSignatureAlgorithm.Sha512, "dca1c8cd59e00362d6c1516596e5cc514778f7d88a2fcbedf4feae035333dddc3e86175d7df65616857571d3ce75b994fe3abc43048bfca248cdb198c521e7a0")]
    public void Verify_PhpPreimageAsRawBody_AcceptsReferenceDigest(HiPayEnterpriseSignatureAlgorithm algorithm, string digest)
    {
        // The notification rule is hex(SHA(body ‖ passphrase)); "signaturetestSignature" ‖ "testSignature" is the same preimage.
        var body = Encoding.UTF8.GetBytes("signaturetestSignature");

        Assert.True(HiPayEnterpriseSignature.Verify(body, digest, "testSignature", algorithm));
    }

    [Fact]
    public void Verify_HyperswitchNotificationVector_Accepts()
    {
        var body = Encoding.UTF8.GetBytes("""{"status":"118","transactionReference":"800451428387"}""");
        const string digest = "6663ee693fa0c63c8c8864a094203599cd675c7c4342e10e2e7e0da29e5f0d4e";

        Assert.Equal(digest, HiPayEnterpriseSignature.Compute(body, "SecretPassphrase", HiPayEnterpriseSignatureAlgorithm.Sha256));
        Assert.True(HiPayEnterpriseSignature.Verify(body, digest, "SecretPassphrase", HiPayEnterpriseSignatureAlgorithm.Sha256));
        Assert.True(HiPayEnterpriseSignature.Verify(body, digest.ToUpperInvariant(), "SecretPassphrase", HiPayEnterpriseSignatureAlgorithm.Sha256));
    }

    [Fact]
    public void ComputeRedirectHash_DeveloperPortalVector_MatchesReference()
    {
        KeyValuePair<string, string?>[] parameters =
        [
            new("orderid", "15424657"),
            new("currency", "EUR"),
            new("custom_data", """{"testing":"1"}"""),
            new("amount", "125.7"),
            new("empty", ""),
            new("hash", "ignored"),
        ];

        var hash = HiPayEnterpriseSignature.ComputeRedirectHash(parameters, "SecretPassphrase", HiPayEnterpriseSignatureAlgorithm.Sha256);

        Assert.Equal("4ba55196d83f32dd9c47489834ede83881d3f23dacd835c2fc32965a57296c94", hash);
        Assert.True(HiPayEnterpriseSignature.VerifyRedirect(parameters, hash, "SecretPassphrase", HiPayEnterpriseSignatureAlgorithm.Sha256));
    }

    [Fact]
    public void Verify_TamperedBody_Rejects()
    {
        var body = Encoding.UTF8.GetBytes("""{"status":"118","transactionReference":"800451428388"}""");

        Assert.False(HiPayEnterpriseSignature.Verify(body, "6663ee693fa0c63c8c8864a094203599cd675c7c4342e10e2e7e0da29e5f0d4e", "SecretPassphrase", HiPayEnterpriseSignatureAlgorithm.Sha256));
    }

    [Fact]
    public void Verify_WrongAlgorithmOrPassphraseOrMissingHeader_Rejects()
    {
        var body = Encoding.UTF8.GetBytes("""{"status":"118","transactionReference":"800451428387"}""");
        const string digest = "6663ee693fa0c63c8c8864a094203599cd675c7c4342e10e2e7e0da29e5f0d4e";

        Assert.False(HiPayEnterpriseSignature.Verify(body, digest, "SecretPassphrase", HiPayEnterpriseSignatureAlgorithm.Sha512));
        Assert.False(HiPayEnterpriseSignature.Verify(body, digest, "OtherPassphrase", HiPayEnterpriseSignatureAlgorithm.Sha256));
        Assert.False(HiPayEnterpriseSignature.Verify(body, null, "SecretPassphrase", HiPayEnterpriseSignatureAlgorithm.Sha256));
        Assert.False(HiPayEnterpriseSignature.Verify(body, digest[..40], "SecretPassphrase", HiPayEnterpriseSignatureAlgorithm.Sha256));
    }
}
