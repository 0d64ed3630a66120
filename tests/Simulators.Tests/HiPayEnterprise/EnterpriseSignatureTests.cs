using System.Security.Cryptography;
using System.Text;
using Simulator.HiPayEnterprise;

namespace Simulators.Tests.HiPayEnterprise;

public sealed class EnterpriseSignatureTests
{
    // The test computes its digests itself with System.Security.Cryptography, independently of the simulator.
    private static string Hex(byte[] digest) => Convert.ToHexStringLower(digest);

    private static string Expected(string algorithm, byte[] preimage) => algorithm switch
    {
#pragma warning disable CA5350 // SHA-1 is one of the gateway's three signature settings; the vector must cover it.
        "SHA1" => Hex(SHA1.HashData(preimage)),
#pragma warning restore CA5350
        "SHA512" => Hex(SHA512.HashData(preimage)),
        _ => Hex(SHA256.HashData(preimage)),
    };

    [Theory]
    [InlineData("SHA1", "9cf701f5d7519f1aeabe69a2857ee85fefbf31a3")]
    [InlineData("SHA256", "9664430560899c4a1eeff059f4244265d783bdba077c525943ec1438db04b8bc")]
    [InlineData("SHA512", "dca1c8cd59e00362d6c1516596e5cc514778f7d88a2fcbedf4feae035333dddc3e86175d7df65616857571d3ce75b994fe3abc43048bfca248cdb198c521e7a0")]
    public void SignRedirect_PhpSdkVector_MatchesReference(string algorithm, string digest)
    {
        var result = SimSepa.SignRedirect([new("signature", "testSignature")], "testSignature", algorithm);

        Assert.Equal(digest, result);
        Assert.Equal(Expected(algorithm, Encoding.UTF8.GetBytes("signaturetestSignaturetestSignature")), result);
    }

    [Fact]
    public void SignBody_HyperswitchVector_MatchesReference()
    {
        var body = Encoding.UTF8.GetBytes("""{"status":"118","transactionReference":"800451428387"}""");

        Assert.Equal("6663ee693fa0c63c8c8864a094203599cd675c7c4342e10e2e7e0da29e5f0d4e", SimSepa.SignBody(body, "SecretPassphrase", "SHA256"));
    }

    [Fact]
    public void SignRedirect_DeveloperPortalVector_MatchesReference()
    {
        KeyValuePair<string, string>[] parameters =
        [
            new("orderid", "15424657"), new("custom_data", """{"testing":"1"}"""), new("currency", "EUR"), new("amount", "125.7"), new("cid", ""),
        ];

        Assert.Equal("4ba55196d83f32dd9c47489834ede83881d3f23dacd835c2fc32965a57296c94", SimSepa.SignRedirect(parameters, "SecretPassphrase", "SHA256"));
    }

    [Theory]
    [InlineData("SHA1")]
    [InlineData("SHA256")]
    [InlineData("SHA512")]
    public async Task Notification_EachAlgorithm_HeaderIsDigestOfRawBodyAndPassphrase(string algorithm)
    {
        await using var host = await EnterpriseTestHost.StartAsync(o =>
        {
            o.HashAlgorithm = algorithm;
            o.SecretPassphrase = "TestPass";
        });

        await host.FirstDebitAsync("SIG-" + algorithm);
        await host.DeliverAsync();

        var received = Assert.Single(host.Received);
        var preimage = received.Body.Concat(Encoding.UTF8.GetBytes("TestPass")).ToArray();
        Assert.Equal(Expected(algorithm, preimage), received.Signature);
        Assert.Equal("Allopass", received.UserAgent);
        Assert.StartsWith("application/x-www-form-urlencoded", received.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecuritySettings_ChangedAtRuntime_ReportedAndUsedForSigning()
    {
        await using var host = await EnterpriseTestHost.StartAsync();
        using var content = new StringContent("""{"passphrase":"rotated","hashAlgorithm":"SHA512"}""", Encoding.UTF8, "application/json");
        using var changed = await host.Http.PostAsync("_sim/enterprise/security-settings", content);
        changed.EnsureSuccessStatusCode();

        var (status, body) = await host.GetAsync("rest/v2/security-settings");
        await host.FirstDebitAsync("SIG-ROT");
        await host.DeliverAsync();

        Assert.Equal(200, status);
        Assert.Equal("""{"hashing_algorithm":"SHA512"}""", body);
        var received = Assert.Single(host.Received);
        Assert.Equal(Expected("SHA512", received.Body.Concat(Encoding.UTF8.GetBytes("rotated")).ToArray()), received.Signature);
    }
}
