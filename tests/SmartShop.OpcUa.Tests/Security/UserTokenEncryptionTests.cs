using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class UserTokenEncryptionTests
{
    private static readonly SecurityPolicy Policy = SecurityPolicy.Basic256Sha256;

    [Fact]
    public void EncryptPassword_Basic256Sha256_ServerDecryptsPassword()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);
        using var serverPublic = TestCertificates.PublicOnly(server);
        var nonce = Policy.CreateNonce();

        var encrypted = UserTokenEncryption.EncryptPassword(Policy, "operator-Pässwort", nonce, serverPublic);
        var secret = UserTokenEncryption.DecryptSecret(Policy, encrypted, nonce, server);

        Assert.Equal("http://www.w3.org/2001/04/xmlenc#rsa-oaep", encrypted.EncryptionAlgorithm);
        Assert.Equal(256, encrypted.Data.Length);
        Assert.Equal("operator-Pässwort", Encoding.UTF8.GetString(secret));
    }

    [Fact]
    public void EncryptPassword_Basic256Sha256_PlainTextIsLengthPasswordNonce()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);
        var nonce = Policy.CreateNonce();

        var encrypted = UserTokenEncryption.EncryptPassword(Policy, "secret", nonce, server);
        var plain = key.Decrypt(encrypted.Data, RSAEncryptionPadding.OaepSHA1);

        Assert.Equal(4 + 6 + 32, plain.Length);
        Assert.Equal(6u + 32u, BinaryPrimitives.ReadUInt32LittleEndian(plain));
        Assert.Equal("secret"u8.ToArray(), plain[4..10]);
        Assert.Equal(nonce, plain[10..]);
    }

    [Fact]
    public void EncryptPassword_LongerThanOneRsaBlock_UsesTwoBlocksAndRoundTrips()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);
        var nonce = Policy.CreateNonce();
        var password = new string('p', 300);

        var encrypted = UserTokenEncryption.EncryptPassword(Policy, password, nonce, server);

        Assert.Equal(512, encrypted.Data.Length);
        Assert.Equal(password, Encoding.UTF8.GetString(UserTokenEncryption.DecryptSecret(Policy, encrypted, nonce, server)));
    }

    [Fact]
    public void EncryptPassword_4096BitServerKey_UsesLargerBlocks()
    {
        using var key = TestCertificates.LargeKey();
        using var server = TestCertificates.SelfSigned(key);
        var nonce = Policy.CreateNonce();

        var encrypted = UserTokenEncryption.EncryptPassword(Policy, "pw", nonce, server);

        Assert.Equal(512, encrypted.Data.Length);
        Assert.Equal("pw"u8.ToArray(), UserTokenEncryption.DecryptSecret(Policy, encrypted, nonce, server));
    }

    [Fact]
    public void DecryptSecret_OtherNonce_Throws()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);
        var encrypted = UserTokenEncryption.EncryptPassword(Policy, "pw", Policy.CreateNonce(), server);

        Assert.Throws<CryptographicException>(() => UserTokenEncryption.DecryptSecret(Policy, encrypted, Policy.CreateNonce(), server));
    }

    [Fact]
    public void EncryptPassword_PolicyNone_SendsPlainUtf8WithoutAlgorithm()
    {
        var encrypted = UserTokenEncryption.EncryptPassword(SecurityPolicy.None, "pw", [], serverCertificate: null);

        Assert.Null(encrypted.EncryptionAlgorithm);
        Assert.Equal("pw"u8.ToArray(), encrypted.Data);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    public void EncryptPassword_ServerNonceTooShort_Throws(int nonceLength)
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);

        Assert.Throws<ArgumentException>(() => UserTokenEncryption.EncryptPassword(Policy, "pw", new byte[nonceLength], server));
    }

    [Theory]
    [InlineData(null, SecurityPolicy.NoneUri, SecurityPolicy.NoneUri)]
    [InlineData("", SecurityPolicy.Basic256Sha256Uri, SecurityPolicy.Basic256Sha256Uri)]
    [InlineData(SecurityPolicy.Basic256Sha256Uri, SecurityPolicy.NoneUri, SecurityPolicy.Basic256Sha256Uri)]
    [InlineData(SecurityPolicy.NoneUri, SecurityPolicy.Basic256Sha256Uri, SecurityPolicy.NoneUri)]
    public void SelectPolicy_TokenAndEndpointPolicies_TokenPolicyWinsWhenSet(string? tokenPolicy, string endpointPolicy, string expected)
    {
        Assert.Equal(expected, UserTokenEncryption.SelectPolicy(tokenPolicy, endpointPolicy).Uri);
    }

    [Fact]
    public void SelectPolicy_UnsupportedPolicy_Throws()
    {
        Assert.Throws<NotSupportedException>(() =>
            UserTokenEncryption.SelectPolicy("http://opcfoundation.org/UA/SecurityPolicy#Basic128Rsa15", SecurityPolicy.NoneUri));
    }
}
