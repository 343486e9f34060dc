using System.Buffers.Binary;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Transport;

namespace SmartShop.OpcUa.SecureChannel;

/// <summary>What a secured chunk carries once its security has been checked and removed.</summary>
/// <param name="BodyOffset">Offset of the body in the chunk buffer that was read (decrypted in place).</param>
public readonly record struct SecureChunk(
    UaTcpMessageType MessageType,
    UaTcpChunkType ChunkType,
    uint ChannelId,
    uint TokenId,
    uint SequenceNumber,
    uint RequestId,
    int BodyOffset,
    int BodyLength);

/// <summary>The asymmetric security header of an OPN chunk (OPC 10000-6 6.7.2.3).</summary>
public sealed record AsymmetricSecurityHeader(string? SecurityPolicyUri, byte[]? SenderCertificate, byte[]? ReceiverCertificateThumbprint)
{
    public int EncodedLength =>
        12 + (SecurityPolicyUri is null ? 0 : Encoding.UTF8.GetByteCount(SecurityPolicyUri))
           + (SenderCertificate?.Length ?? 0) + (ReceiverCertificateThumbprint?.Length ?? 0);

    public int Write(Span<byte> destination)
    {
        var offset = WriteBytes(destination, SecurityPolicyUri is null ? null : Encoding.UTF8.GetBytes(SecurityPolicyUri));
        offset += WriteBytes(destination[offset..], SenderCertificate);
        offset += WriteBytes(destination[offset..], ReceiverCertificateThumbprint);
        return offset;
    }

    /// <summary>Reads the header; <paramref name="length"/> is the bytes it took. Lengths beyond the chunk are BadDecodingError.</summary>
    public static AsymmetricSecurityHeader Read(ReadOnlySpan<byte> source, out int length)
    {
        var offset = 0;
        var uri = ReadBytes(source, ref offset);
        var certificate = ReadBytes(source, ref offset);
        var thumbprint = ReadBytes(source, ref offset);
        length = offset;
        return new AsymmetricSecurityHeader(uri is null ? null : Encoding.UTF8.GetString(uri), certificate, thumbprint);
    }

    private static int WriteBytes(Span<byte> destination, byte[]? bytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, bytes is null ? -1 : bytes.Length);
        bytes?.CopyTo(destination[4..]);
        return 4 + (bytes?.Length ?? 0);
    }

    private static byte[]? ReadBytes(ReadOnlySpan<byte> source, ref int offset)
    {
        if (source.Length - offset < 4)
        {
            throw new UaException(StatusCodes.BadDecodingError, "The asymmetric security header is truncated.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(source[offset..]);
        offset += 4;
        if (length < 0)
        {
            return null;
        }

        if (length > source.Length - offset)
        {
            throw new UaException(StatusCodes.BadDecodingError, $"The asymmetric security header declares a field of {length} bytes beyond the chunk.");
        }

        var bytes = source.Slice(offset, length).ToArray();
        offset += length;
        return bytes;
    }
}

/// <summary>
/// Builds and parses secured chunks (OPC 10000-6 6.7.2): <c>header | channel id | security header | sequence header |
/// body | padding | signature</c>. The signature covers everything before it; encryption covers the sequence header
/// to the signature. Pure functions on spans, so a test can play both sides.
/// </summary>
public static class SecureChunks
{
    /// <summary>Message header (8) + secure channel id (4).</summary>
    public const int MessageHeaderSize = 12;

    /// <summary>Sequence number (4) + request id (4).</summary>
    public const int SequenceHeaderSize = 8;

    /// <summary>Symmetric security header: the token id.</summary>
    public const int SymmetricSecurityHeaderSize = 4;

    /// <summary>Largest body of one symmetric chunk of <paramref name="chunkSize"/> bytes.</summary>
    public static int MaxSymmetricBodySize(int chunkSize, SecurityPolicy policy, MessageSecurityMode mode)
    {
        const int fixedHeaders = MessageHeaderSize + SymmetricSecurityHeaderSize;
        return mode switch
        {
            MessageSecurityMode.SignAndEncrypt =>
                ((chunkSize - fixedHeaders) / policy.SymmetricBlockSize * policy.SymmetricBlockSize) - SequenceHeaderSize - policy.SymmetricSignatureSize - 1,
            MessageSecurityMode.Sign => chunkSize - fixedHeaders - SequenceHeaderSize - policy.SymmetricSignatureSize,
            _ => chunkSize - fixedHeaders - SequenceHeaderSize,
        };
    }

    /// <summary>Bytes a symmetric chunk with a body of <paramref name="bodyLength"/> takes.</summary>
    public static int GetSymmetricChunkSize(int bodyLength, SecurityPolicy policy, MessageSecurityMode mode)
    {
        var plain = SequenceHeaderSize + bodyLength;
        return MessageHeaderSize + SymmetricSecurityHeaderSize + mode switch
        {
            MessageSecurityMode.SignAndEncrypt => plain + MessagePadding.GetPaddingFieldsLength(
                MessagePadding.GetPaddingSize(plain, policy.SymmetricSignatureSize, policy.SymmetricBlockSize, false), false) + policy.SymmetricSignatureSize,
            MessageSecurityMode.Sign => plain + policy.SymmetricSignatureSize,
            _ => plain,
        };
    }

    /// <summary>
    /// Writes one symmetric chunk (MSG or CLO) into <paramref name="destination"/> and returns its length.
    /// <paramref name="keys"/> are the sender's keys (the client keys of the token); null with mode None.
    /// </summary>
    public static int WriteSymmetric(
        Span<byte> destination, UaTcpMessageType messageType, UaTcpChunkType chunkType, uint channelId, uint tokenId,
        uint sequenceNumber, uint requestId, ReadOnlySpan<byte> body, MessageSecurityMode mode, SymmetricKeys? keys)
    {
        var sign = mode is MessageSecurityMode.Sign or MessageSecurityMode.SignAndEncrypt;
        var encrypt = mode == MessageSecurityMode.SignAndEncrypt;
        if (sign && keys is null)
        {
            throw new ArgumentNullException(nameof(keys), $"Mode {mode} needs the channel's keys.");
        }

        var offset = MessageHeaderSize;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], channelId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], tokenId);
        offset += SymmetricSecurityHeaderSize;
        var encryptedStart = offset;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], sequenceNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(offset + 4)..], requestId);
        offset += SequenceHeaderSize;
        body.CopyTo(destination[offset..]);
        offset += body.Length;
        var signatureSize = sign ? keys!.SignatureSize : 0;
        if (encrypt)
        {
            var padding = MessagePadding.GetPaddingSize(offset - encryptedStart, signatureSize, keys!.BlockSize, false);
            offset += MessagePadding.WritePadding(destination[offset..], padding, false);
        }

        var total = offset + signatureSize;
        new UaTcpHeader(messageType, chunkType, total).Write(destination);
        if (sign)
        {
            keys!.Sign(destination[..offset], destination.Slice(offset, signatureSize));
        }

        if (encrypt)
        {
            keys!.Encrypt(destination[encryptedStart..total]);
        }

        return total;
    }

    /// <summary>
    /// Checks and opens a symmetric chunk in place (<paramref name="chunk"/> is the whole chunk, header included).
    /// <paramref name="keysForToken"/> returns the receiver-side keys (the server keys) of a token id, or null for
    /// an unknown token (BadSecureChannelTokenUnknown). A wrong signature or padding is BadSecurityChecksFailed.
    /// </summary>
    public static SecureChunk ReadSymmetric(Span<byte> chunk, MessageSecurityMode mode, Func<uint, SymmetricKeys?> keysForToken)
    {
        var header = UaTcpHeader.Read(chunk, chunk.Length);
        if (header.MessageSize != chunk.Length || chunk.Length < MessageHeaderSize + SymmetricSecurityHeaderSize + SequenceHeaderSize)
        {
            throw new UaException(StatusCodes.BadDecodingError, $"A {chunk.Length}-byte chunk is too short or disagrees with its header.");
        }

        var channelId = BinaryPrimitives.ReadUInt32LittleEndian(chunk[8..]);
        var tokenId = BinaryPrimitives.ReadUInt32LittleEndian(chunk[MessageHeaderSize..]);
        var start = MessageHeaderSize + SymmetricSecurityHeaderSize;
        var end = chunk.Length;
        if (mode is MessageSecurityMode.Sign or MessageSecurityMode.SignAndEncrypt)
        {
            var keys = keysForToken(tokenId)
                ?? throw new UaException(StatusCodes.BadSecureChannelTokenUnknown, $"The server used token {tokenId}, which this channel does not know.");
            if (mode == MessageSecurityMode.SignAndEncrypt)
            {
                if ((end - start) % keys.BlockSize != 0)
                {
                    throw new UaException(StatusCodes.BadSecurityChecksFailed, "The encrypted part of a chunk is not a whole number of blocks.");
                }

                keys.Decrypt(chunk[start..end]);
            }

            if (end - start < keys.SignatureSize + SequenceHeaderSize)
            {
                throw new UaException(StatusCodes.BadSecurityChecksFailed, "A chunk is too short for its signature.");
            }

            end -= keys.SignatureSize;
            if (!keys.Verify(chunk[..end], chunk.Slice(end, keys.SignatureSize)))
            {
                throw new UaException(StatusCodes.BadSecurityChecksFailed, "A chunk's signature is invalid.");
            }

            if (mode == MessageSecurityMode.SignAndEncrypt)
            {
                if (!MessagePadding.TryReadPadding(chunk[start..end], false, out var paddingLength) || end - paddingLength < start + SequenceHeaderSize)
                {
                    throw new UaException(StatusCodes.BadSecurityChecksFailed, "A chunk's padding is invalid.");
                }

                end -= paddingLength;
            }
        }

        return new SecureChunk(
            header.MessageType, header.ChunkType, channelId, tokenId,
            BinaryPrimitives.ReadUInt32LittleEndian(chunk[start..]), BinaryPrimitives.ReadUInt32LittleEndian(chunk[(start + 4)..]),
            start + SequenceHeaderSize, end - start - SequenceHeaderSize);
    }

    /// <summary>Upper bound of an asymmetric chunk's size (for buffer sizing).</summary>
    public static int GetAsymmetricChunkSizeBound(int bodyLength, AsymmetricSecurityHeader securityHeader, X509Certificate2? sender, X509Certificate2? receiver)
    {
        var size = MessageHeaderSize + securityHeader.EncodedLength + SequenceHeaderSize + bodyLength;
        if (sender is null || receiver is null)
        {
            return size;
        }

        var receiverBytes = SecurityPolicy.GetKeySizeBits(receiver) / 8;
        var senderBytes = SecurityPolicy.GetKeySizeBits(sender) / 8;
        return (size + senderBytes + receiverBytes + 2) * 2;
    }

    /// <summary>
    /// Writes one asymmetric (OPN) chunk. With a policy other than None it is signed with <paramref name="sender"/>'s
    /// private key and encrypted with <paramref name="receiver"/>'s public key whatever the mode (6.7.4: OpenSecureChannel
    /// messages are always signed and encrypted unless the policy is None).
    /// </summary>
    public static int WriteAsymmetric(
        Span<byte> destination, UaTcpChunkType chunkType, uint channelId, AsymmetricSecurityHeader securityHeader,
        uint sequenceNumber, uint requestId, ReadOnlySpan<byte> body, SecurityPolicy policy, X509Certificate2? sender, X509Certificate2? receiver)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], channelId);
        var offset = MessageHeaderSize + securityHeader.Write(destination[MessageHeaderSize..]);
        var encryptedStart = offset;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], sequenceNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(offset + 4)..], requestId);
        offset += SequenceHeaderSize;
        body.CopyTo(destination[offset..]);
        offset += body.Length;
        if (policy.IsNone)
        {
            new UaTcpHeader(UaTcpMessageType.OpenSecureChannel, chunkType, offset).Write(destination);
            return offset;
        }

        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(receiver);
        var receiverBits = SecurityPolicy.GetKeySizeBits(receiver);
        var plainBlock = policy.GetAsymmetricPlainTextBlockSize(receiverBits);
        var cipherBlock = SecurityPolicy.GetAsymmetricCipherTextBlockSize(receiverBits);
        var signatureSize = SecurityPolicy.GetAsymmetricSignatureSize(SecurityPolicy.GetKeySizeBits(sender));
        var extra = SecurityPolicy.UsesExtraPaddingByte(receiverBits);
        var padding = MessagePadding.GetPaddingSize(offset - encryptedStart, signatureSize, plainBlock, extra);
        offset += MessagePadding.WritePadding(destination[offset..], padding, extra);
        var plainLength = offset + signatureSize - encryptedStart;
        var total = encryptedStart + (plainLength / plainBlock * cipherBlock);
        new UaTcpHeader(UaTcpMessageType.OpenSecureChannel, chunkType, total).Write(destination);
        policy.AsymmetricSign(destination[..offset], sender, destination.Slice(offset, signatureSize));

        var plain = destination.Slice(encryptedStart, plainLength).ToArray();
        var written = policy.AsymmetricEncrypt(plain, receiver, destination[encryptedStart..total]);
        if (written != total - encryptedStart)
        {
            throw new UaException(StatusCodes.BadInternalError, "Asymmetric encryption produced an unexpected length.");
        }

        return total;
    }

    /// <summary>
    /// Checks and opens an asymmetric chunk. <paramref name="receiver"/> is our certificate with its private key
    /// (decrypts); <paramref name="senderFor"/> turns the sender certificate of the security header into the
    /// certificate that verifies the signature (it must be the one we validated). Returns the chunk (body offset
    /// into the returned buffer) and the security header.
    /// </summary>
    public static (SecureChunk Chunk, AsymmetricSecurityHeader SecurityHeader, byte[] Buffer) ReadAsymmetric(
        ReadOnlySpan<byte> chunk, SecurityPolicy policy, X509Certificate2? receiver, Func<byte[]?, X509Certificate2?> senderFor)
    {
        var header = UaTcpHeader.Read(chunk, chunk.Length);
        if (header.MessageSize != chunk.Length || chunk.Length < MessageHeaderSize + 12)
        {
            throw new UaException(StatusCodes.BadDecodingError, $"An OPN chunk of {chunk.Length} bytes is too short or disagrees with its header.");
        }

        var channelId = BinaryPrimitives.ReadUInt32LittleEndian(chunk[8..]);
        var securityHeader = AsymmetricSecurityHeader.Read(chunk[MessageHeaderSize..], out var securityHeaderLength);
        if (!string.Equals(securityHeader.SecurityPolicyUri, policy.Uri, StringComparison.Ordinal))
        {
            throw new UaException(StatusCodes.BadSecurityPolicyRejected, $"The server answered with security policy '{securityHeader.SecurityPolicyUri}', not '{policy.Uri}'.");
        }

        var start = MessageHeaderSize + securityHeaderLength;
        byte[] buffer;
        int end;
        if (policy.IsNone)
        {
            buffer = chunk.ToArray();
            end = buffer.Length;
        }
        else
        {
            ArgumentNullException.ThrowIfNull(receiver);
            var sender = senderFor(securityHeader.SenderCertificate)
                ?? throw new UaException(StatusCodes.BadCertificateInvalid, "The OPN chunk's sender certificate is not the server certificate.");
            if (securityHeader.ReceiverCertificateThumbprint is not { } thumbprint || !thumbprint.AsSpan().SequenceEqual(UaCertificate.GetSha1Thumbprint(receiver)))
            {
                throw new UaException(StatusCodes.BadCertificateInvalid, "The OPN chunk is addressed to another certificate than ours.");
            }

            var receiverBits = SecurityPolicy.GetKeySizeBits(receiver);
            var cipherBlock = SecurityPolicy.GetAsymmetricCipherTextBlockSize(receiverBits);
            if ((chunk.Length - start) % cipherBlock != 0)
            {
                throw new UaException(StatusCodes.BadSecurityChecksFailed, "The encrypted part of an OPN chunk is not a whole number of blocks.");
            }

            buffer = new byte[chunk.Length];
            chunk[..start].CopyTo(buffer);
            int plainLength;
            try
            {
                plainLength = policy.AsymmetricDecrypt(chunk[start..], receiver, buffer.AsSpan(start));
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new UaException(StatusCodes.BadSecurityChecksFailed, $"An OPN chunk cannot be decrypted: {e.Message}", e);
            }

            end = start + plainLength;
            var signatureSize = SecurityPolicy.GetAsymmetricSignatureSize(SecurityPolicy.GetKeySizeBits(sender));
            if (end - start < signatureSize + SequenceHeaderSize)
            {
                throw new UaException(StatusCodes.BadSecurityChecksFailed, "An OPN chunk is too short for its signature.");
            }

            end -= signatureSize;
            // The signature covers the header as sent, whose size is the encrypted size.
            if (!policy.AsymmetricVerify(buffer.AsSpan(0, end), buffer.AsSpan(end, signatureSize), sender))
            {
                throw new UaException(StatusCodes.BadSecurityChecksFailed, "The OPN chunk's signature is invalid.");
            }

            if (!MessagePadding.TryReadPadding(buffer.AsSpan(start, end - start), SecurityPolicy.UsesExtraPaddingByte(receiverBits), out var paddingLength)
                || end - paddingLength < start + SequenceHeaderSize)
            {
                throw new UaException(StatusCodes.BadSecurityChecksFailed, "The OPN chunk's padding is invalid.");
            }

            end -= paddingLength;
        }

        var secure = new SecureChunk(
            header.MessageType, header.ChunkType, channelId, 0,
            BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(start)), BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(start + 4)),
            start + SequenceHeaderSize, end - start - SequenceHeaderSize);
        return (secure, securityHeader, buffer);
    }
}
