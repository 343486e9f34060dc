using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class SymmetricKeysTests
{
    private static readonly byte[] ClientNonce = Enumerable.Range(0x00, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] ServerNonce = Enumerable.Range(0x20, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] TwoBlocks = Convert.FromHexString("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    // Computed with node-opcua 2.182 (node-opcua-crypto makeMessageChunkSignatureWithDerivedKeys and
    // encryptBufferWithDerivedKeys on the client keys of the nonces above) and checked with `openssl dgst -mac HMAC`
    // and `openssl enc -aes-256-cbc -nopad`.
    [Fact]
    public void Sign_ClientKeysOfKnownNonces_MatchesNodeOpcua()
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        var signature = new byte[32];

        keys.Client.Sign(TwoBlocks, signature);

        Assert.Equal("ef31c052d8574e1088082a7cbc5b42a0e7982861157db5caeee922f12f61c38e", Convert.ToHexStringLower(signature));
    }

    [Fact]
    public void Encrypt_ClientKeysOfKnownNonces_MatchesNodeOpcua()
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        var buffer = (byte[])TwoBlocks.Clone();

        keys.Client.Encrypt(buffer);

        Assert.Equal("d9a385e497d008629ea0d2ed9ebed1b74bfa7fd15f5c5fee23c94c60458e4c80", Convert.ToHexStringLower(buffer));
    }

    [Fact]
    public void Decrypt_EncryptedBuffer_RestoresPlainText()
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        var buffer = Enumerable.Range(0, 160).Select(i => (byte)(i * 7)).ToArray();
        var original = (byte[])buffer.Clone();

        keys.Server.Encrypt(buffer);
        Assert.NotEqual(original, buffer);
        keys.Server.Decrypt(buffer);

        Assert.Equal(original, buffer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(17)]
    public void Encrypt_LengthNotBlockMultiple_Throws(int length)
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);

        Assert.Throws<ArgumentException>(() => keys.Client.Encrypt(new byte[length]));
    }

    [Fact]
    public void Verify_TamperedData_ReturnsFalse()
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        var data = (byte[])TwoBlocks.Clone();
        var signature = new byte[32];
        keys.Client.Sign(data, signature);

        data[5] ^= 1;

        Assert.False(keys.Client.Verify(data, signature));
    }

    [Fact]
    public void Verify_TruncatedSignature_ReturnsFalse()
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        var signature = new byte[32];
        keys.Client.Sign(TwoBlocks, signature);

        Assert.False(keys.Client.Verify(TwoBlocks, signature.AsSpan(0, 31)));
    }

    [Fact]
    public void Sign_AfterDispose_Throws()
    {
        var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        keys.Dispose();

        Assert.Throws<ObjectDisposedException>(() => keys.Client.Sign(TwoBlocks, new byte[32]));
    }
}
