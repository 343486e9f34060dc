using System.Security.Cryptography;
using System.Text;
using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class PseudoRandomFunctionTests
{
    // The TLS 1.2 PRF (SHA-256) test vector published on the IETF TLS list (msg03416, "Generating 100 bytes of
    // pseudo-randomness using TLS1.2PRF-SHA256"). PRF(secret, label, seed) = P_SHA256(secret, label + seed).
    // OpenSSL 3 (`openssl kdf -kdfopt digest:SHA256 ... TLS1-PRF`) gives the same 100 bytes.
    private static readonly byte[] Secret = Convert.FromHexString("9bbe436ba940f017b17652849a71db35");
    private static readonly byte[] LabelAndSeed =
        [.. Encoding.ASCII.GetBytes("test label"), .. Convert.FromHexString("a0ba9f936cda311827a6f796ffd5198c")];

    private const string Expected100 =
        "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af" +
        "0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701" +
        "87347b66";

    [Fact]
    public void PSha256_Tls12PrfVector_MatchesPublishedOutput()
    {
        var output = new byte[100];

        PseudoRandomFunction.PSha256(Secret, LabelAndSeed, output);

        Assert.Equal(Expected100, Convert.ToHexStringLower(output));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(80)]
    public void PSha256_ShorterOutput_IsPrefixOfLongerOutput(int length)
    {
        var output = new byte[length];

        PseudoRandomFunction.PSha256(Secret, LabelAndSeed, output);

        Assert.Equal(Expected100[..(length * 2)], Convert.ToHexStringLower(output));
    }

    [Fact]
    public void PHash_Sha1_DiffersFromSha256()
    {
        var sha1 = new byte[32];
        var sha256 = new byte[32];

        PseudoRandomFunction.PHash(HashAlgorithmName.SHA1, Secret, LabelAndSeed, sha1);
        PseudoRandomFunction.PSha256(Secret, LabelAndSeed, sha256);

        Assert.NotEqual(sha256, sha1);
    }
}
