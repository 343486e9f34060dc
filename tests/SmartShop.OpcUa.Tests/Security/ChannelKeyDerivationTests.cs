using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class ChannelKeyDerivationTests
{
    // Nonces 00..1f (client) and 20..3f (server). The expected keys were computed twice, independently of this code:
    // with node-opcua 2.182 (node-opcua-secure-channel computeDerivedKeys for Basic256Sha256) and with OpenSSL 3
    // (`openssl kdf -keylen 80 -kdfopt digest:SHA256 -kdfopt hexsecret:<secret> -kdfopt hexseed:<seed> TLS1-PRF`,
    // secret = server nonce and seed = client nonce for the client keys, the reverse for the server keys).
    private static readonly byte[] ClientNonce = Enumerable.Range(0x00, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] ServerNonce = Enumerable.Range(0x20, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void DeriveChannelKeys_KnownNonces_ClientKeysMatchNodeOpcuaAndOpenSsl()
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);

        Assert.Equal("dd585db0c102dd1a4c1ed4dd195606dec3f7a1c789afca78f9479ed3a5d668af", Hex(keys.Client.SigningKey));
        Assert.Equal("ce49cb8f1c65a827f412c48e71c9f9cb3b5c2ee2fc2e4b3bd46d4098b5e45475", Hex(keys.Client.EncryptingKey));
        Assert.Equal("a77832c6215b6e7ab85f2e668be7aeff", Hex(keys.Client.InitializationVector));
    }

    [Fact]
    public void DeriveChannelKeys_KnownNonces_ServerKeysMatchNodeOpcuaAndOpenSsl()
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);

        Assert.Equal("b72593c43fee5fafa0256cd6bb904ff40c066a225db95f66dd744e20858a2220", Hex(keys.Server.SigningKey));
        Assert.Equal("ddf75067e3d76ac714c08e24eabd85ff425d7f5fb25e6e083b94b174e29db89b", Hex(keys.Server.EncryptingKey));
        Assert.Equal("c513e9172274d5ed54e52a3552901ae0", Hex(keys.Server.InitializationVector));
    }

    [Fact]
    public void DeriveChannelKeys_Basic256Sha256_HasSpecLengths()
    {
        var policy = SecurityPolicy.Basic256Sha256;
        using var keys = policy.DeriveChannelKeys(policy.CreateNonce(), policy.CreateNonce());

        foreach (var direction in new[] { keys.Client, keys.Server })
        {
            Assert.Equal(32, direction.SigningKey.Length);
            Assert.Equal(32, direction.EncryptingKey.Length);
            Assert.Equal(16, direction.InitializationVector.Length);
            Assert.Equal(32, direction.SignatureSize);
            Assert.Equal(16, direction.BlockSize);
        }
    }

    [Fact]
    public void DeriveChannelKeys_NoncesSwapped_DirectionsSwap()
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        using var swapped = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ServerNonce, ClientNonce);

        Assert.Equal(Hex(keys.Client.SigningKey), Hex(swapped.Server.SigningKey));
        Assert.Equal(Hex(keys.Server.EncryptingKey), Hex(swapped.Client.EncryptingKey));
        Assert.NotEqual(Hex(keys.Client.SigningKey), Hex(keys.Server.SigningKey));
    }

    [Fact]
    public void DeriveChannelKeys_ClientKeys_SignWhatServerKeysOfPeerVerify()
    {
        // Each side derives from the same two nonces; what the client signs with Client keys, the server checks with its
        // own copy of the Client keys.
        using var clientSide = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        using var serverSide = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        var message = "ReadRequest"u8.ToArray();
        var signature = new byte[32];

        clientSide.Client.Sign(message, signature);

        Assert.True(serverSide.Client.Verify(message, signature));
        Assert.False(serverSide.Server.Verify(message, signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(33)]
    public void DeriveChannelKeys_NonceOfWrongLength_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => SecurityPolicy.Basic256Sha256.DeriveChannelKeys(new byte[length], ServerNonce));
    }

    [Fact]
    public void DeriveChannelKeys_PolicyNone_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => SecurityPolicy.None.DeriveChannelKeys([], []));
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
