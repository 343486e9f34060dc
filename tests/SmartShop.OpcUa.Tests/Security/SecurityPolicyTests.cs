using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class SecurityPolicyTests
{
    [Theory]
    [InlineData("http://opcfoundation.org/UA/SecurityPolicy#None", "None")]
    [InlineData("http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256", "Basic256Sha256")]
    public void FromUri_SupportedUri_ReturnsPolicy(string uri, string name)
    {
        var policy = SecurityPolicy.FromUri(uri);

        Assert.NotNull(policy);
        Assert.Equal(uri, policy.Uri);
        Assert.Equal(name, policy.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://opcfoundation.org/UA/SecurityPolicy#Basic128Rsa15")]
    [InlineData("http://opcfoundation.org/UA/SecurityPolicy#basic256sha256")]
    public void FromUri_UnsupportedUri_ReturnsNull(string? uri)
    {
        Assert.Null(SecurityPolicy.FromUri(uri));
    }

    [Fact]
    public void Basic256Sha256_Parameters_MatchOpc10000_7()
    {
        var policy = SecurityPolicy.Basic256Sha256;

        Assert.False(policy.IsNone);
        Assert.Equal("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", policy.AsymmetricSignatureAlgorithmUri);
        Assert.Equal("http://www.w3.org/2001/04/xmlenc#rsa-oaep", policy.AsymmetricEncryptionAlgorithmUri);
        Assert.Equal("http://www.w3.org/2000/09/xmldsig#hmac-sha256", policy.SymmetricSignatureAlgorithmUri);
        Assert.Equal("http://www.w3.org/2001/04/xmlenc#aes256-cbc", policy.SymmetricEncryptionAlgorithmUri);
        Assert.Equal("http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512/dk/p_sha256", policy.KeyDerivationAlgorithmUri);
        Assert.Equal(32, policy.SecureChannelNonceLength);
        Assert.Equal(32, policy.DerivedSignatureKeyLength);
        Assert.Equal(32, policy.SymmetricEncryptionKeyLength);
        Assert.Equal(16, policy.SymmetricBlockSize);
        Assert.Equal(32, policy.SymmetricSignatureSize);
        Assert.Equal(2048, policy.MinAsymmetricKeyLengthBits);
        Assert.Equal(4096, policy.MaxAsymmetricKeyLengthBits);
        Assert.Equal(42, policy.AsymmetricEncryptionPaddingOverhead);
    }

    [Fact]
    public void None_Parameters_HaveNoAlgorithms()
    {
        var policy = SecurityPolicy.None;

        Assert.True(policy.IsNone);
        Assert.Null(policy.AsymmetricSignatureAlgorithmUri);
        Assert.Null(policy.AsymmetricEncryptionAlgorithmUri);
        Assert.Equal(0, policy.SecureChannelNonceLength);
        Assert.Empty(policy.CreateNonce());
    }

    [Theory]
    [InlineData(2048, 214, 256)]
    [InlineData(3072, 342, 384)]
    [InlineData(4096, 470, 512)]
    public void AsymmetricBlockSizes_KeySize_AreKeyBytesMinusOaepOverhead(int keyBits, int plainBlock, int cipherBlock)
    {
        Assert.Equal(plainBlock, SecurityPolicy.Basic256Sha256.GetAsymmetricPlainTextBlockSize(keyBits));
        Assert.Equal(cipherBlock, SecurityPolicy.GetAsymmetricCipherTextBlockSize(keyBits));
        Assert.Equal(cipherBlock, SecurityPolicy.GetAsymmetricSignatureSize(keyBits));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 256)]
    [InlineData(214, 256)]
    [InlineData(215, 512)]
    [InlineData(428, 512)]
    public void GetAsymmetricEncryptedLength_PlainTextLength_IsWholeBlocks(int plainTextLength, int expected)
    {
        Assert.Equal(expected, SecurityPolicy.Basic256Sha256.GetAsymmetricEncryptedLength(plainTextLength, 2048));
    }

    [Theory]
    [InlineData(1024, false)]
    [InlineData(2047, false)]
    [InlineData(2048, true)]
    [InlineData(3072, true)]
    [InlineData(4096, true)]
    [InlineData(8192, false)]
    public void IsKeySizeAllowed_Basic256Sha256_Allows2048To4096(int bits, bool allowed)
    {
        Assert.Equal(allowed, SecurityPolicy.Basic256Sha256.IsKeySizeAllowed(bits));
    }

    [Theory]
    [InlineData(2048, false)]
    [InlineData(3072, true)]
    [InlineData(4096, true)]
    public void UsesExtraPaddingByte_KeyAbove2048Bits_IsTrue(int bits, bool expected)
    {
        Assert.Equal(expected, SecurityPolicy.UsesExtraPaddingByte(bits));
    }

    [Theory]
    [InlineData("1.2.840.113549.1.1.5", false)] // sha1RSA
    [InlineData("1.2.840.113549.1.1.4", false)] // md5RSA
    [InlineData("1.2.840.113549.1.1.11", true)] // sha256RSA
    [InlineData("1.2.840.113549.1.1.12", true)] // sha384RSA
    [InlineData("1.2.840.113549.1.1.13", true)] // sha512RSA
    [InlineData(null, false)]
    public void IsCertificateSignatureAlgorithmAllowed_Basic256Sha256_RefusesSha1(string? oid, bool allowed)
    {
        Assert.Equal(allowed, SecurityPolicy.Basic256Sha256.IsCertificateSignatureAlgorithmAllowed(oid));
    }

    [Fact]
    public void CreateNonce_Basic256Sha256_Returns32FreshRandomBytes()
    {
        var first = SecurityPolicy.Basic256Sha256.CreateNonce();
        var second = SecurityPolicy.Basic256Sha256.CreateNonce();

        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(32, true, true)]
    [InlineData(31, true, false)]
    [InlineData(64, true, false)]
    [InlineData(64, false, true)]
    [InlineData(16, false, false)]
    public void IsValidNonce_Length_FollowsExactOrMinimumRule(int length, bool exact, bool valid)
    {
        Assert.Equal(valid, SecurityPolicy.Basic256Sha256.IsValidNonce(new byte[length], exact));
    }

    [Fact]
    public void Supported_StrongestFirst_EndsWithNone()
    {
        Assert.Equal([SecurityPolicy.Basic256Sha256, SecurityPolicy.None], SecurityPolicy.Supported);
    }
}
