using System.Security.Cryptography;
using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class AsymmetricCryptoTests
{
    private static readonly SecurityPolicy Policy = SecurityPolicy.Basic256Sha256;

    [Fact]
    public void AsymmetricSign_ThenVerifyWithPublicCertificate_ReturnsTrue()
    {
        using var key = TestCertificates.ServerKey();
        using var signer = TestCertificates.SelfSigned(key);
        using var publicOnly = TestCertificates.PublicOnly(signer);
        var data = RandomNumberGenerator.GetBytes(1000);

        var signature = Policy.AsymmetricSign(data, signer);

        Assert.Equal(256, signature.Length);
        Assert.True(Policy.AsymmetricVerify(data, signature, publicOnly));
    }

    [Fact]
    public void AsymmetricSign_IsRsaPkcs1Sha256_VerifiableByBcl()
    {
        using var key = TestCertificates.ServerKey();
        using var signer = TestCertificates.SelfSigned(key);
        var data = "OpenSecureChannel"u8.ToArray();

        var signature = Policy.AsymmetricSign(data, signer);

        Assert.True(key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void AsymmetricVerify_OtherSigner_ReturnsFalse()
    {
        using var key = TestCertificates.ServerKey();
        using var signer = TestCertificates.SelfSigned(key);
        using var otherKey = TestCertificates.OtherKey();
        using var other = TestCertificates.SelfSigned(otherKey);
        var data = RandomNumberGenerator.GetBytes(100);

        var signature = Policy.AsymmetricSign(data, signer);

        Assert.False(Policy.AsymmetricVerify(data, signature, other));
        Assert.False(Policy.AsymmetricVerify(data, signature.AsSpan(0, 255), signer));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(214)]
    [InlineData(215)]
    [InlineData(1000)]
    public void AsymmetricEncrypt_ThenDecryptWithPrivateKey_RestoresPlainText(int length)
    {
        using var key = TestCertificates.ServerKey();
        using var owner = TestCertificates.SelfSigned(key);
        using var publicOnly = TestCertificates.PublicOnly(owner);
        var plainText = RandomNumberGenerator.GetBytes(length);

        var cipherText = Policy.AsymmetricEncrypt(plainText, publicOnly);
        var decrypted = Policy.AsymmetricDecrypt(cipherText, owner);

        Assert.Equal(Policy.GetAsymmetricEncryptedLength(length, 2048), cipherText.Length);
        Assert.Equal(plainText, decrypted);
    }

    [Fact]
    public void AsymmetricEncrypt_IsRsaOaepSha1_DecryptableByBcl()
    {
        using var key = TestCertificates.ServerKey();
        using var owner = TestCertificates.SelfSigned(key);
        var plainText = RandomNumberGenerator.GetBytes(214);

        var cipherText = Policy.AsymmetricEncrypt(plainText, owner);

        Assert.Equal(plainText, key.Decrypt(cipherText, RSAEncryptionPadding.OaepSHA1));
    }

    [Fact]
    public void AsymmetricDecrypt_WrongKey_Throws()
    {
        using var key = TestCertificates.ServerKey();
        using var owner = TestCertificates.SelfSigned(key);
        using var otherKey = TestCertificates.OtherKey();
        using var other = TestCertificates.SelfSigned(otherKey);
        var cipherText = Policy.AsymmetricEncrypt(RandomNumberGenerator.GetBytes(50), owner);

        Assert.ThrowsAny<CryptographicException>(() => Policy.AsymmetricDecrypt(cipherText, other));
    }

    [Fact]
    public void AsymmetricDecrypt_PartialBlock_Throws()
    {
        using var key = TestCertificates.ServerKey();
        using var owner = TestCertificates.SelfSigned(key);

        Assert.ThrowsAny<CryptographicException>(() => Policy.AsymmetricDecrypt(new byte[300], owner));
    }

    [Fact]
    public void AsymmetricSign_PolicyNone_Throws()
    {
        using var key = TestCertificates.ServerKey();
        using var signer = TestCertificates.SelfSigned(key);

        Assert.Throws<InvalidOperationException>(() => SecurityPolicy.None.AsymmetricSign([1, 2, 3], signer));
    }
}
