using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace SmartShop.OpcUa.Transport;

/// <summary>
/// One UA-TCP connection (OPC 10000-6 §7.1): TCP connect, Hello / Acknowledge negotiation, then whole chunks in both
/// directions. Chunks are not interpreted here (the secure channel signs, encrypts and reassembles them); this layer
/// enforces the negotiated chunk size and turns a peer's Error message into a <see cref="UaException"/>.
/// One reader and any number of writers at a time (writes are serialised).
/// </summary>
public sealed class UaTcpConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly byte[] _header = new byte[UaTcpHeader.Size];
    private int _disposed;

    private UaTcpConnection(Socket socket, string endpointUrl, UaTcpLimits limits)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        EndpointUrl = endpointUrl;
        Limits = limits;
    }

    public string EndpointUrl { get; }

    /// <summary>The negotiated limits (the client's own offer until the Acknowledge arrives).</summary>
    public UaTcpLimits Limits { get; private set; }

    /// <summary>Connects and negotiates. Fails with BadTcpEndpointUrlInvalid, BadNotConnected, BadTimeout or the server's Error.</summary>
    public static async Task<UaTcpConnection> ConnectAsync(string endpointUrl, UaTcpOptions options, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var (host, port) = ParseEndpointUrl(endpointUrl);
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            try
            {
                await socket.ConnectAsync(host, port, linked.Token);
            }
            catch (SocketException ex)
            {
                throw new UaException(StatusCodes.BadNotConnected, $"Cannot connect to {endpointUrl}: {ex.Message}", ex);
            }
        }
        catch (Exception ex)
        {
            socket.Dispose();
            if (ex is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new UaException(StatusCodes.BadTimeout, $"Could not connect to {endpointUrl} within {options.ConnectTimeout.TotalSeconds:0.###} s.");
            }

            throw;
        }

        var hello = new UaTcpHello(0, (uint)options.ReceiveBufferSize, (uint)options.SendBufferSize, (uint)options.MaxMessageSize, (uint)options.EffectiveMaxChunkCount, endpointUrl);
        var offered = new UaTcpLimits(options.SendBufferSize, options.ReceiveBufferSize, 0, 0, options.MaxMessageSize, options.EffectiveMaxChunkCount);
        var connection = new UaTcpConnection(socket, endpointUrl, offered);
        try
        {
            await connection._stream.WriteAsync(hello.Encode(), linked.Token);
            using var reply = await connection.ReceiveAsync(linked.Token);
            if (reply.Header.MessageType != UaTcpMessageType.Acknowledge)
            {
                throw new UaException(StatusCodes.BadTcpMessageTypeInvalid, $"Expected Acknowledge after Hello, received {reply.Header.MessageType}.");
            }

            connection.Limits = Negotiate(options, UaTcpAcknowledge.Decode(reply.Body.Span));
            return connection;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            throw new UaException(StatusCodes.BadTimeout, $"No Acknowledge from {endpointUrl} within {options.ConnectTimeout.TotalSeconds:0.###} s.");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Chunk sizes: the client sends at most what the server can receive (and never more than it offered); it accepts
    /// at most the smaller of its own receive buffer and the server's send buffer. Buffers below 8192 bytes are a
    /// protocol violation.
    /// </summary>
    internal static UaTcpLimits Negotiate(UaTcpOptions options, UaTcpAcknowledge ack)
    {
        if (ack.ReceiveBufferSize < UaTcpOptions.MinBufferSize || ack.SendBufferSize < UaTcpOptions.MinBufferSize)
        {
            throw new UaException(StatusCodes.BadTcpInternalError,
                $"The server's Acknowledge offers buffers of {ack.ReceiveBufferSize} / {ack.SendBufferSize} bytes; UA-TCP requires at least {UaTcpOptions.MinBufferSize}.");
        }

        var send = (int)Math.Min(ack.ReceiveBufferSize, (uint)options.SendBufferSize);
        var receive = (int)Math.Min(ack.SendBufferSize, (uint)options.ReceiveBufferSize);
        return new UaTcpLimits(
            send,
            receive,
            (int)Math.Min(ack.MaxMessageSize, int.MaxValue),
            (int)Math.Min(ack.MaxChunkCount, int.MaxValue),
            options.MaxMessageSize,
            options.EffectiveMaxChunkCount);
    }

    /// <summary>Sends one complete chunk (header included), as built by the secure channel.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken = default)
    {
        if (chunk.Length < UaTcpHeader.Size || chunk.Length > Limits.SendChunkSize)
        {
            throw new ArgumentException($"A chunk of {chunk.Length} bytes exceeds the negotiated send chunk size {Limits.SendChunkSize}.", nameof(chunk));
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(chunk.Span[4..]) != (uint)chunk.Length)
        {
            throw new ArgumentException("The chunk's header size does not match its length.", nameof(chunk));
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(chunk, cancellationToken);
        }
        catch (IOException ex)
        {
            throw new UaException(StatusCodes.BadConnectionClosed, $"The connection to {EndpointUrl} was lost while sending: {ex.Message}", ex);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Receives the next chunk. The body buffer is pooled: dispose the chunk when done. A peer's Error message is
    /// thrown as a <see cref="UaException"/> with its StatusCode; a closed connection as BadConnectionClosed.
    /// </summary>
    public async ValueTask<UaTcpChunk> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        await ReadExactlyAsync(_header, cancellationToken);
        var header = UaTcpHeader.Read(_header, Limits.ReceiveChunkSize);
        var bodyLength = header.MessageSize - UaTcpHeader.Size;
        var body = ArrayPool<byte>.Shared.Rent(Math.Max(bodyLength, 1));
        try
        {
            await ReadExactlyAsync(body.AsMemory(0, bodyLength), cancellationToken);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(body);
            throw;
        }

        var chunk = new UaTcpChunk(header, body, bodyLength);
        if (header.MessageType == UaTcpMessageType.Error)
        {
            using (chunk)
            {
                throw UaTcpError.Decode(chunk.Body.Span).ToException();
            }
        }

        return chunk;
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException ex)
        {
            throw new UaException(StatusCodes.BadConnectionClosed, $"{EndpointUrl} closed the connection.", ex);
        }
        catch (IOException ex)
        {
            throw new UaException(StatusCodes.BadConnectionClosed, $"The connection to {EndpointUrl} was lost: {ex.Message}", ex);
        }
    }

    /// <summary>Splits <c>opc.tcp://host[:port][/path]</c>; the port defaults to 4840.</summary>
    public static (string Host, int Port) ParseEndpointUrl(string endpointUrl)
    {
        if (!Uri.TryCreate(endpointUrl, UriKind.Absolute, out var uri) || uri.Scheme != "opc.tcp" || string.IsNullOrEmpty(uri.Host))
        {
            throw new UaException(StatusCodes.BadTcpEndpointUrlInvalid, $"'{endpointUrl}' is not an opc.tcp://host:port URL.");
        }

        return (uri.IdnHost, uri.IsDefaultPort || uri.Port < 0 ? 4840 : uri.Port);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the peer.
        }
        catch (ObjectDisposedException)
        {
            // Disposed through the stream already.
        }

        await _stream.DisposeAsync();
        _writeGate.Dispose();
    }
}

/// <summary>A received chunk: its header and body (pooled; valid until disposed).</summary>
public sealed class UaTcpChunk : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    internal UaTcpChunk(UaTcpHeader header, byte[] buffer, int length)
    {
        Header = header;
        _buffer = buffer;
        _length = length;
    }

    public UaTcpHeader Header { get; }

    /// <summary>The bytes after the 8-byte header.</summary>
    public ReadOnlyMemory<byte> Body => _buffer is { } b ? b.AsMemory(0, _length) : throw new ObjectDisposedException(nameof(UaTcpChunk));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } b)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}
