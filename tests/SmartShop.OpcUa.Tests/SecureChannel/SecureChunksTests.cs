using SmartShop.OpcUa.SecureChannel;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Tests.Security;
using SmartShop.OpcUa.Transport;

namespace SmartShop.OpcUa.Tests.SecureChannel;

public sealed class SecureChunksTests
{
    private static readonly byte[] ClientNonce = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] ServerNonce = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    private static byte[] Body(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    [Theory]
    [InlineData(MessageSecurityMode.None, 0)]
    [InlineData(MessageSecurityMode.Sign, 1)]
    [InlineData(MessageSecurityMode.SignAndEncrypt, 0)]
    [InlineData(MessageSecurityMode.SignAndEncrypt, 1)]
    [InlineData(MessageSecurityMode.SignAndEncrypt, 15)]
    [InlineData(MessageSecurityMode.SignAndEncrypt, 1000)]
    public void Symmetric_WrittenThenRead_RecoversHeadersAndBody(MessageSecurityMode mode, int bodyLength)
    {
        var policy = mode == MessageSecurityMode.None ? SecurityPolicy.None : SecurityPolicy.Basic256Sha256;
        using var keys = mode == MessageSecurityMode.None ? null : policy.DeriveChannelKeys(ClientNonce, ServerNonce);
        var body = Body(bodyLength);
        var buffer = new byte[SecureChunks.GetSymmetricChunkSize(body.Length, policy, mode)];

        var length = SecureChunks.WriteSymmetric(buffer, UaTcpMessageType.Message, UaTcpChunkType.Final, 7, 3, 51, 9, body, mode, keys?.Client);
        var chunk = SecureChunks.ReadSymmetric(buffer.AsSpan(0, length), mode, token => token == 3 ? keys?.Client : null);

        Assert.Equal(buffer.Length, length);
        Assert.Equal((7u, 3u, 51u, 9u), (chunk.ChannelId, chunk.TokenId, chunk.SequenceNumber, chunk.RequestId));
        Assert.Equal(body, buffer.AsSpan(chunk.BodyOffset, chunk.BodyLength).ToArray());
        if (mode == MessageSecurityMode.SignAndEncrypt)
        {
            Assert.Equal(0, (length - 16) % 16);
        }
    }

    [Theory]
    [InlineData(MessageSecurityMode.Sign)]
    [InlineData(MessageSecurityMode.SignAndEncrypt)]
    public void Symmetric_OneByteChanged_FailsSecurityChecks(MessageSecurityMode mode)
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        var buffer = new byte[SecureChunks.GetSymmetricChunkSize(100, SecurityPolicy.Basic256Sha256, mode)];
        SecureChunks.WriteSymmetric(buffer, UaTcpMessageType.Message, UaTcpChunkType.Final, 7, 3, 1, 1, Body(100), mode, keys.Client);
        buffer[40] ^= 0x01;

        var error = Assert.Throws<UaException>(() => SecureChunks.ReadSymmetric(buffer, mode, _ => keys.Client));

        Assert.Equal(StatusCodes.BadSecurityChecksFailed, error.StatusCode.Code);
    }

    [Fact]
    public void Symmetric_UnknownToken_FailsWithTokenUnknown()
    {
        using var keys = SecurityPolicy.Basic256Sha256.DeriveChannelKeys(ClientNonce, ServerNonce);
        var buffer = new byte[SecureChunks.GetSymmetricChunkSize(10, SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign)];
        SecureChunks.WriteSymmetric(buffer, UaTcpMessageType.Message, UaTcpChunkType.Final, 7, 4, 1, 1, Body(10), MessageSecurityMode.Sign, keys.Client);

        var error = Assert.Throws<UaException>(() => SecureChunks.ReadSymmetric(buffer, MessageSecurityMode.Sign, token => token == 3 ? keys.Client : null));

        Assert.Equal(StatusCodes.BadSecureChannelTokenUnknown, error.StatusCode.Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Asymmetric_SignedAndEncrypted_ReceiverRecoversBodyAndHeader(bool receiverKey4096)
    {
        using var clientKey = TestCertificates.OtherKey();
        using var serverKey = receiverKey4096 ? TestCertificates.LargeKey() : TestCertificates.ServerKey();
        using var client = TestCertificates.SelfSigned(clientKey, "Client", "urn:client");
        using var server = TestCertificates.SelfSigned(serverKey, "Server", "urn:server");
        using var serverPublic = TestCertificates.PublicOnly(server);
        using var clientPublic = TestCertificates.PublicOnly(client);
        var policy = SecurityPolicy.Basic256Sha256;
        var header = new AsymmetricSecurityHeader(policy.Uri, client.RawData, UaCertificate.GetSha1Thumbprint(server));
        var body = Body(300);
        var buffer = new byte[SecureChunks.GetAsymmetricChunkSizeBound(body.Length, header, client, serverPublic)];

        var length = SecureChunks.WriteAsymmetric(buffer, UaTcpChunkType.Final, 0, header, 1, 1, body, policy, client, serverPublic);
        var (chunk, readHeader, plain) = SecureChunks.ReadAsymmetric(buffer.AsSpan(0, length), policy, server, der => der is not null && der.AsSpan().SequenceEqual(client.RawData) ? clientPublic : null);

        Assert.Equal(body, plain.AsSpan(chunk.BodyOffset, chunk.BodyLength).ToArray());
        Assert.Equal(UaTcpMessageType.OpenSecureChannel, chunk.MessageType);
        Assert.Equal(client.RawData, readHeader.SenderCertificate);
        Assert.Equal(policy.Uri, readHeader.SecurityPolicyUri);
        Assert.DoesNotContain(Convert.ToHexString(body[..32]), Convert.ToHexString(buffer.AsSpan(0, length)), StringComparison.Ordinal);
    }

    [Fact]
    public void Asymmetric_ForAnotherReceiver_IsRefused()
    {
        using var clientKey = TestCertificates.OtherKey();
        using var serverKey = TestCertificates.ServerKey();
        using var client = TestCertificates.SelfSigned(clientKey, "Client", "urn:client");
        using var server = TestCertificates.SelfSigned(serverKey, "Server", "urn:server");
        var policy = SecurityPolicy.Basic256Sha256;
        var header = new AsymmetricSecurityHeader(policy.Uri, client.RawData, UaCertificate.GetSha1Thumbprint(client));
        var buffer = new byte[SecureChunks.GetAsymmetricChunkSizeBound(10, header, client, server)];
        var length = SecureChunks.WriteAsymmetric(buffer, UaTcpChunkType.Final, 0, header, 1, 1, Body(10), policy, client, server);

        var error = Assert.Throws<UaException>(() => SecureChunks.ReadAsymmetric(buffer.AsSpan(0, length), policy, server, _ => client));

        Assert.Equal(StatusCodes.BadCertificateInvalid, error.StatusCode.Code);
    }

    [Fact]
    public void Asymmetric_PolicyNone_IsPlainAndRoundTrips()
    {
        var header = new AsymmetricSecurityHeader(SecurityPolicy.NoneUri, null, null);
        var body = Body(50);
        var buffer = new byte[SecureChunks.GetAsymmetricChunkSizeBound(body.Length, header, null, null)];

        var length = SecureChunks.WriteAsymmetric(buffer, UaTcpChunkType.Final, 0, header, 1, 2, body, SecurityPolicy.None, null, null);
        var (chunk, _, plain) = SecureChunks.ReadAsymmetric(buffer.AsSpan(0, length), SecurityPolicy.None, null, _ => null);

        Assert.Equal(buffer.Length, length);
        Assert.Equal(2u, chunk.RequestId);
        Assert.Equal(body, plain.AsSpan(chunk.BodyOffset, chunk.BodyLength).ToArray());
    }

    [Theory]
    [InlineData(MessageSecurityMode.None)]
    [InlineData(MessageSecurityMode.Sign)]
    [InlineData(MessageSecurityMode.SignAndEncrypt)]
    public void SplitSymmetric_LargeRequest_ChunksFitAndReassemble(MessageSecurityMode mode)
    {
        var policy = mode == MessageSecurityMode.None ? SecurityPolicy.None : SecurityPolicy.Basic256Sha256;
        using var keys = mode == MessageSecurityMode.None ? null : policy.DeriveChannelKeys(ClientNonce, ServerNonce);
        using var token = new TokenState(new ChannelSecurityToken { ChannelId = 5, TokenId = 1 }, keys, [], DateTimeOffset.MaxValue);
        var limits = new UaTcpLimits(8192, 8192, 0, 0, 0, 0);
        var body = Body(30_000);
        uint sequence = 10;

        var chunks = UaSecureChannel.SplitSymmetric(body, UaTcpMessageType.Message, token, 77, limits, policy, mode, ref sequence);
        using var assembler = new MessageAssembler(100_000, 10);
        AssembledMessage? message = null;
        var expectedSequence = 11u;
        foreach (var raw in chunks)
        {
            Assert.True(raw.Length <= limits.SendChunkSize);
            var chunk = SecureChunks.ReadSymmetric(raw, mode, _ => keys?.Client);
            Assert.Equal(expectedSequence++, chunk.SequenceNumber);
            message = assembler.Add(chunk.ChunkType, chunk.RequestId, raw.AsSpan(chunk.BodyOffset, chunk.BodyLength));
        }

        Assert.Equal(4, chunks.Count);
        Assert.NotNull(message);
        using (message)
        {
            Assert.Equal(body, message.Body.ToArray());
        }

        Assert.Equal(14u, sequence);
    }

    [Fact]
    public void SplitSymmetric_MoreChunksThanServerAccepts_RequestTooLarge()
    {
        using var token = new TokenState(new ChannelSecurityToken { ChannelId = 5, TokenId = 1 }, null, [], DateTimeOffset.MaxValue);
        var limits = new UaTcpLimits(8192, 8192, 0, 2, 0, 0);
        uint sequence = 0;

        var error = Assert.Throws<UaException>(() =>
            UaSecureChannel.SplitSymmetric(Body(20_000), UaTcpMessageType.Message, token, 1, limits, SecurityPolicy.None, MessageSecurityMode.None, ref sequence));

        Assert.Equal(StatusCodes.BadRequestTooLarge, error.StatusCode.Code);
    }
}
