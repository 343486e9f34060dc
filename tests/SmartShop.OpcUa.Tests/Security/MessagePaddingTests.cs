using System.Security.Cryptography;
using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class MessagePaddingTests
{
    private const int SequenceHeaderSize = 8;

    [Theory]
    // plain text (sequence header + body), signature, block, extra byte -> padding bytes
    [InlineData(8, 32, 16, false, 7)]       // 8 + 32 + 1 = 41 -> 48
    [InlineData(15, 32, 16, false, 0)]      // 15 + 32 + 1 = 48, already aligned
    [InlineData(16, 32, 16, false, 15)]     // 16 + 32 + 1 = 49 -> 64
    [InlineData(8, 256, 214, false, 163)]   // 2048-bit RSA: 8 + 256 + 1 = 265 -> 428
    [InlineData(8, 256, 470, true, 204)]    // 4096-bit RSA: 8 + 256 + 2 = 266 -> 470
    [InlineData(213, 256, 470, true, 469)]  // 213 + 256 + 2 = 471 -> 940: needs the ExtraPaddingSize byte
    public void GetPaddingSize_Lengths_AlignsEncryptedArea(int plainText, int signature, int block, bool extra, int expected)
    {
        var padding = MessagePadding.GetPaddingSize(plainText, signature, block, extra);

        Assert.Equal(expected, padding);
        Assert.Equal(0, (plainText + MessagePadding.GetPaddingFieldsLength(padding, extra) + signature) % block);
    }

    [Fact]
    public void WritePadding_SmallPadding_RepeatsPaddingSizeByte()
    {
        var buffer = new byte[8];

        var written = MessagePadding.WritePadding(buffer, 3, extraPaddingByte: false);

        Assert.Equal(4, written);
        Assert.Equal(new byte[] { 3, 3, 3, 3, 0, 0, 0, 0 }, buffer);
    }

    [Fact]
    public void WritePadding_ExtraPaddingByte_WritesLowBytesThenHighByte()
    {
        var buffer = new byte[300 + 2];

        var written = MessagePadding.WritePadding(buffer, 300, extraPaddingByte: true);

        Assert.Equal(302, written);
        Assert.All(buffer[..301], b => Assert.Equal(300 & 0xFF, b)); // PaddingSize + 300 padding bytes hold 0x2C
        Assert.Equal(1, buffer[301]);                                  // ExtraPaddingSize holds 300 >> 8
    }

    [Fact]
    public void WritePadding_Over255WithoutExtraByte_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessagePadding.WritePadding(new byte[300], 256, extraPaddingByte: false));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(15, false)]
    [InlineData(255, false)]
    [InlineData(0, true)]
    [InlineData(256, true)]
    [InlineData(469, true)]
    public void TryReadPadding_WrittenPadding_ReturnsFieldsLength(int paddingSize, bool extra)
    {
        var body = new byte[] { 9, 9, 9 };
        var buffer = new byte[body.Length + MessagePadding.GetPaddingFieldsLength(paddingSize, extra)];
        body.CopyTo(buffer, 0);
        MessagePadding.WritePadding(buffer.AsSpan(body.Length), paddingSize, extra);

        Assert.True(MessagePadding.TryReadPadding(buffer, extra, out var fieldsLength));
        Assert.Equal(buffer.Length - body.Length, fieldsLength);
    }

    [Fact]
    public void TryReadPadding_PaddingByteDiffers_ReturnsFalse()
    {
        byte[] buffer = [1, 2, 3, 3, 7, 3, 3];

        Assert.False(MessagePadding.TryReadPadding(buffer, extraPaddingByte: false, out _));
    }

    [Fact]
    public void TryReadPadding_CountBeyondData_ReturnsFalse()
    {
        byte[] buffer = [9, 9, 9];

        Assert.False(MessagePadding.TryReadPadding(buffer, extraPaddingByte: false, out _));
        Assert.False(MessagePadding.TryReadPadding([], extraPaddingByte: false, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(1000)]
    [InlineData(8157)]
    public void SymmetricChunk_SignPadEncrypt_ReceiverRecoversBody(int bodyLength)
    {
        var policy = SecurityPolicy.Basic256Sha256;
        using var sender = policy.DeriveChannelKeys(Nonce(1), Nonce(2));
        using var receiver = policy.DeriveChannelKeys(Nonce(1), Nonce(2));
        var keys = sender.Client;
        var header = RandomNumberGenerator.GetBytes(16); // message header + symmetric security header
        var body = RandomNumberGenerator.GetBytes(bodyLength);

        // Sender: header | sequence header | body | padding | signature, sign all before the signature, encrypt after the header.
        var padding = MessagePadding.GetPaddingSize(SequenceHeaderSize + bodyLength, keys.SignatureSize, keys.BlockSize, false);
        var chunk = new byte[header.Length + SequenceHeaderSize + bodyLength + MessagePadding.GetPaddingFieldsLength(padding, false) + keys.SignatureSize];
        header.CopyTo(chunk, 0);
        body.CopyTo(chunk, header.Length + SequenceHeaderSize);
        var signatureAt = chunk.Length - keys.SignatureSize;
        MessagePadding.WritePadding(chunk.AsSpan(header.Length + SequenceHeaderSize + bodyLength), padding, false);
        keys.Sign(chunk.AsSpan(0, signatureAt), chunk.AsSpan(signatureAt));
        keys.Encrypt(chunk.AsSpan(header.Length));

        // Receiver: decrypt, verify, strip padding.
        var theirs = receiver.Client;
        theirs.Decrypt(chunk.AsSpan(header.Length));
        Assert.True(theirs.Verify(chunk.AsSpan(0, signatureAt), chunk.AsSpan(signatureAt)));
        var decrypted = chunk.AsSpan(header.Length, signatureAt - header.Length);
        Assert.True(MessagePadding.TryReadPadding(decrypted, false, out var fieldsLength));
        var received = decrypted[SequenceHeaderSize..^fieldsLength];
        Assert.Equal(body, received.ToArray());
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(false, 500)]
    [InlineData(true, 0)]
    [InlineData(true, 205)] // 8 + 205 + 256 + 2 = 471: padding of 469, beyond one byte
    [InlineData(true, 1500)]
    public void AsymmetricChunk_SignPadEncrypt_ReceiverRecoversBody(bool receiverHas4096BitKey, int bodyLength)
    {
        var policy = SecurityPolicy.Basic256Sha256;
        using var clientKey = TestCertificates.ServerKey();
        using var client = TestCertificates.SelfSigned(clientKey, "SmartShop", "urn:smartshop:client");
        using var serverKey = receiverHas4096BitKey ? TestCertificates.LargeKey() : TestCertificates.OtherKey();
        using var server = TestCertificates.SelfSigned(serverKey);
        using var serverPublic = TestCertificates.PublicOnly(server);
        using var clientPublic = TestCertificates.PublicOnly(client);
        var receiverBits = SecurityPolicy.GetKeySizeBits(server);
        var extra = SecurityPolicy.UsesExtraPaddingByte(receiverBits);
        var plainBlock = policy.GetAsymmetricPlainTextBlockSize(receiverBits);
        var signatureSize = SecurityPolicy.GetAsymmetricSignatureSize(SecurityPolicy.GetKeySizeBits(client));
        var header = RandomNumberGenerator.GetBytes(40);
        var body = RandomNumberGenerator.GetBytes(bodyLength);

        var padding = MessagePadding.GetPaddingSize(SequenceHeaderSize + bodyLength, signatureSize, plainBlock, extra);
        var plain = new byte[SequenceHeaderSize + bodyLength + MessagePadding.GetPaddingFieldsLength(padding, extra) + signatureSize];
        body.CopyTo(plain, SequenceHeaderSize);
        MessagePadding.WritePadding(plain.AsSpan(SequenceHeaderSize + bodyLength), padding, extra);
        var signatureAt = plain.Length - signatureSize;
        policy.AsymmetricSign([.. header, .. plain.AsSpan(0, signatureAt)], client, plain.AsSpan(signatureAt));
        Assert.Equal(0, plain.Length % plainBlock);
        var cipher = policy.AsymmetricEncrypt(plain, serverPublic);
        Assert.Equal(plain.Length / plainBlock * (receiverBits / 8), cipher.Length);

        var decrypted = policy.AsymmetricDecrypt(cipher, server);
        Assert.True(policy.AsymmetricVerify([.. header, .. decrypted.AsSpan(0, signatureAt)], decrypted.AsSpan(signatureAt), clientPublic));
        Assert.True(MessagePadding.TryReadPadding(decrypted.AsSpan(0, signatureAt), extra, out var fieldsLength));
        Assert.Equal(body, decrypted[SequenceHeaderSize..(signatureAt - fieldsLength)]);
        if (bodyLength == 205)
        {
            Assert.Equal(469, padding);
        }
    }

    private static byte[] Nonce(byte fill) => Enumerable.Repeat(fill, 32).ToArray();
}
