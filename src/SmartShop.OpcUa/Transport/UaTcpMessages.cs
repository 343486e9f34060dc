using System.Buffers.Binary;
using System.Text;

namespace SmartShop.OpcUa.Transport;

/// <summary>The three-letter message types of UA-TCP (OPC 10000-6 §7.1.2), as the first three header bytes.</summary>
public enum UaTcpMessageType : uint
{
    Hello = 'H' | ('E' << 8) | ('L' << 16),
    Acknowledge = 'A' | ('C' << 8) | ('K' << 16),
    Error = 'E' | ('R' << 8) | ('R' << 16),
    ReverseHello = 'R' | ('H' << 8) | ('E' << 16),
    Message = 'M' | ('S' << 8) | ('G' << 16),
    OpenSecureChannel = 'O' | ('P' << 8) | ('N' << 16),
    CloseSecureChannel = 'C' | ('L' << 8) | ('O' << 16),
}

/// <summary>The fourth header byte: final chunk, intermediate chunk, or abort (the sender gave up on the message).</summary>
public enum UaTcpChunkType : byte
{
    Final = (byte)'F',
    Intermediate = (byte)'C',
    Abort = (byte)'A',
}

/// <summary>The 8-byte header in front of every UA-TCP message and chunk.</summary>
public readonly record struct UaTcpHeader(UaTcpMessageType MessageType, UaTcpChunkType ChunkType, int MessageSize)
{
    public const int Size = 8;

    /// <summary>Writes the header into the first 8 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        var type = (uint)MessageType;
        destination[0] = (byte)type;
        destination[1] = (byte)(type >> 8);
        destination[2] = (byte)(type >> 16);
        destination[3] = (byte)ChunkType;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)MessageSize);
    }

    /// <summary>Reads and checks a header. Unknown types and sizes outside [8, maxSize] are protocol errors.</summary>
    public static UaTcpHeader Read(ReadOnlySpan<byte> source, int maxSize)
    {
        var type = (uint)(source[0] | (source[1] << 8) | (source[2] << 16));
        if (!Enum.IsDefined((UaTcpMessageType)type))
        {
            throw new UaException(StatusCodes.BadTcpMessageTypeInvalid, $"Unknown UA-TCP message type '{Printable(source[..3])}'.");
        }

        var chunk = source[3];
        var isSecureChannelMessage = type is (uint)UaTcpMessageType.Message or (uint)UaTcpMessageType.OpenSecureChannel or (uint)UaTcpMessageType.CloseSecureChannel;
        if (isSecureChannelMessage ? chunk is not ((byte)'F' or (byte)'C' or (byte)'A') : chunk != (byte)'F')
        {
            throw new UaException(StatusCodes.BadTcpMessageTypeInvalid, $"Invalid chunk type '{Printable(source.Slice(3, 1))}' for a {Printable(source[..3])} message.");
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (size < Size || size > (uint)maxSize)
        {
            throw new UaException(StatusCodes.BadTcpMessageTooLarge, $"A {Printable(source[..3])} chunk declares {size} bytes; the negotiated limit is {maxSize}.");
        }

        return new UaTcpHeader((UaTcpMessageType)type, (UaTcpChunkType)chunk, (int)size);
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return text.ToString();
    }
}

/// <summary>
/// Hello, sent by the client right after connecting. Buffer sizes are chunk sizes in bytes (at least 8192);
/// MaxMessageSize and MaxChunkCount are what the client accepts in responses (0 = no limit).
/// </summary>
public sealed record UaTcpHello(uint ProtocolVersion, uint ReceiveBufferSize, uint SendBufferSize, uint MaxMessageSize, uint MaxChunkCount, string EndpointUrl)
{
    /// <summary>OPC 10000-6 limits the endpoint URL in Hello to 4096 bytes.</summary>
    public const int MaxEndpointUrlLength = 4096;

    public byte[] Encode()
    {
        var url = Encoding.UTF8.GetBytes(EndpointUrl);
        if (url.Length > MaxEndpointUrlLength)
        {
            throw new UaException(StatusCodes.BadTcpEndpointUrlInvalid, $"The endpoint URL is {url.Length} bytes long; UA-TCP allows {MaxEndpointUrlLength}.");
        }

        var message = new byte[UaTcpHeader.Size + 20 + 4 + url.Length];
        new UaTcpHeader(UaTcpMessageType.Hello, UaTcpChunkType.Final, message.Length).Write(message);
        var body = message.AsSpan(UaTcpHeader.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(body, ProtocolVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], ReceiveBufferSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], SendBufferSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], MaxMessageSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[16..], MaxChunkCount);
        BinaryPrimitives.WriteInt32LittleEndian(body[20..], url.Length);
        url.CopyTo(body[24..]);
        return message;
    }
}

/// <summary>Acknowledge: the server's side of the negotiation (its receive and send chunk sizes and its limits).</summary>
public sealed record UaTcpAcknowledge(uint ProtocolVersion, uint ReceiveBufferSize, uint SendBufferSize, uint MaxMessageSize, uint MaxChunkCount)
{
    public const int BodySize = 20;

    public static UaTcpAcknowledge Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length < BodySize)
        {
            throw new UaException(StatusCodes.BadTcpInternalError, $"The Acknowledge message has {body.Length} body bytes; {BodySize} are required.");
        }

        return new UaTcpAcknowledge(
            BinaryPrimitives.ReadUInt32LittleEndian(body),
            BinaryPrimitives.ReadUInt32LittleEndian(body[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[16..]));
    }

    public byte[] Encode()
    {
        var message = new byte[UaTcpHeader.Size + BodySize];
        new UaTcpHeader(UaTcpMessageType.Acknowledge, UaTcpChunkType.Final, message.Length).Write(message);
        var body = message.AsSpan(UaTcpHeader.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(body, ProtocolVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], ReceiveBufferSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], SendBufferSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], MaxMessageSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[16..], MaxChunkCount);
        return message;
    }
}

/// <summary>Error: the peer's StatusCode and reason, after which it closes the connection.</summary>
public sealed record UaTcpError(StatusCode Error, string? Reason)
{
    /// <summary>OPC 10000-6 limits the reason to 4096 bytes; a longer one is cut, not trusted.</summary>
    public const int MaxReasonLength = 4096;

    public static UaTcpError Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
        {
            throw new UaException(StatusCodes.BadTcpInternalError, $"The Error message has {body.Length} body bytes; at least 8 are required.");
        }

        var code = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var length = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        string? reason = null;
        if (length >= 0)
        {
            var available = Math.Min(Math.Min(length, body.Length - 8), MaxReasonLength);
            reason = Encoding.UTF8.GetString(body.Slice(8, available));
        }

        return new UaTcpError(new StatusCode(code), reason);
    }

    public byte[] Encode()
    {
        var reason = Reason is null ? null : Encoding.UTF8.GetBytes(Reason);
        var message = new byte[UaTcpHeader.Size + 8 + (reason?.Length ?? 0)];
        new UaTcpHeader(UaTcpMessageType.Error, UaTcpChunkType.Final, message.Length).Write(message);
        var body = message.AsSpan(UaTcpHeader.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(body, Error.Code);
        BinaryPrimitives.WriteInt32LittleEndian(body[4..], reason?.Length ?? -1);
        reason?.CopyTo(body[8..]);
        return message;
    }

    public UaException ToException() =>
        new(Error, string.IsNullOrEmpty(Reason) ? $"The server reported {Error}." : $"The server reported {Error}: {Reason}");
}
