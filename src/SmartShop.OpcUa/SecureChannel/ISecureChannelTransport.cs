using System.Buffers;
using SmartShop.OpcUa.Transport;

namespace SmartShop.OpcUa.SecureChannel;

/// <summary>
/// Whole chunks in both directions: a UA-TCP connection, or a fake in tests. Received chunks come back as
/// (length, pooled buffer holding the whole chunk, header included); the channel returns the buffer to
/// <see cref="ArrayPool{T}.Shared"/>.
/// </summary>
public interface ISecureChannelTransport : IAsyncDisposable
{
    UaTcpLimits Limits { get; }

    ValueTask SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    ValueTask<(int Length, byte[] Buffer)> ReceiveAsync(CancellationToken cancellationToken);
}

/// <summary>Adapts <see cref="UaTcpConnection"/>; the signature covers the header, so the chunk is made contiguous again.</summary>
public sealed class UaTcpTransport(UaTcpConnection connection) : ISecureChannelTransport
{
    public UaTcpLimits Limits => connection.Limits;

    public ValueTask SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) => connection.SendAsync(chunk, cancellationToken);

    public async ValueTask<(int Length, byte[] Buffer)> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var chunk = await connection.ReceiveAsync(cancellationToken);
        var length = chunk.Header.MessageSize;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        chunk.Header.Write(buffer);
        chunk.Body.Span.CopyTo(buffer.AsSpan(UaTcpHeader.Size));
        return (length, buffer);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
