using System.Buffers;
using System.Threading.Channels;
using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.SecureChannel;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Transport;

namespace SmartShop.OpcUa.Tests.SecureChannel;

/// <summary>A server end for a secure channel with policy None, scripted by the test, without sockets.</summary>
internal sealed class FakeSecureChannelTransport : ISecureChannelTransport
{
    private readonly Channel<byte[]> _toServer = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _toClient = Channel.CreateUnbounded<byte[]>();
    private readonly EncodingContext _context = UaSecureChannel.CreateDefaultContext();
    private uint _sequence;

    public UaTcpLimits Limits { get; init; } = new(8192, 8192, 0, 0, 1 << 20, 0);

    public uint ChannelId { get; set; } = 42;

    public uint TokenId { get; set; } = 1;

    public bool Disposed { get; private set; }

    public ValueTask SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        _toServer.Writer.TryWrite(chunk.ToArray());
        return ValueTask.CompletedTask;
    }

    public async ValueTask<(int Length, byte[] Buffer)> ReceiveAsync(CancellationToken cancellationToken)
    {
        byte[] chunk;
        try
        {
            chunk = await _toClient.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException e) when (e.InnerException is UaException closed)
        {
            throw closed;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(chunk.Length);
        chunk.CopyTo(buffer, 0);
        return (chunk.Length, buffer);
    }

    /// <summary>The next request the client sent (single-chunk requests).</summary>
    public async Task<(UaTcpMessageType Type, uint RequestId, uint TokenId, IEncodeable Message)> NextRequestAsync()
    {
        var raw = await _toServer.Reader.ReadAsync();
        SecureChunk chunk;
        byte[] buffer = raw;
        if (raw[0] == (byte)'O')
        {
            (chunk, _, buffer) = SecureChunks.ReadAsymmetric(raw, SecurityPolicy.None, null, _ => null);
        }
        else
        {
            chunk = SecureChunks.ReadSymmetric(raw, MessageSecurityMode.None, _ => null);
        }

        var message = new BinaryDecoder(buffer.AsMemory(chunk.BodyOffset, chunk.BodyLength), _context).ReadMessage();
        return (chunk.MessageType, chunk.RequestId, chunk.TokenId, message);
    }

    public void Respond(uint requestId, IEncodeable response, bool openSecureChannel = false, uint? tokenId = null)
    {
        using var encoder = new BinaryEncoder(_context);
        encoder.WriteMessage(response);
        var body = encoder.WrittenSpan;
        _sequence++;
        byte[] chunk;
        if (openSecureChannel)
        {
            var header = new AsymmetricSecurityHeader(SecurityPolicy.NoneUri, null, null);
            chunk = new byte[SecureChunks.GetAsymmetricChunkSizeBound(body.Length, header, null, null)];
            SecureChunks.WriteAsymmetric(chunk, UaTcpChunkType.Final, ChannelId, header, _sequence, requestId, body, SecurityPolicy.None, null, null);
        }
        else
        {
            chunk = new byte[SecureChunks.GetSymmetricChunkSize(body.Length, SecurityPolicy.None, MessageSecurityMode.None)];
            SecureChunks.WriteSymmetric(chunk, UaTcpMessageType.Message, UaTcpChunkType.Final, ChannelId, tokenId ?? TokenId, _sequence, requestId, body, MessageSecurityMode.None, null);
        }

        _toClient.Writer.TryWrite(chunk);
    }

    /// <summary>An abort chunk: the server gives up on the response (error code and reason as body).</summary>
    public void RespondAbort(uint requestId, uint status, string reason)
    {
        using var encoder = new BinaryEncoder(_context);
        encoder.WriteUInt32(status);
        encoder.WriteString(reason);
        _sequence++;
        var chunk = new byte[SecureChunks.GetSymmetricChunkSize(encoder.Position, SecurityPolicy.None, MessageSecurityMode.None)];
        SecureChunks.WriteSymmetric(chunk, UaTcpMessageType.Message, UaTcpChunkType.Abort, ChannelId, TokenId, _sequence, requestId, encoder.WrittenSpan, MessageSecurityMode.None, null);
        _toClient.Writer.TryWrite(chunk);
    }

    /// <summary>Skips sequence numbers, as a lost or injected chunk would look.</summary>
    public void SkipSequenceNumbers(uint count) => _sequence += count;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        _toClient.Writer.TryComplete(new UaException(StatusCodes.BadConnectionClosed, "closed"));
        return ValueTask.CompletedTask;
    }
}
