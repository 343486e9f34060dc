using System.Buffers;
using SmartShop.OpcUa.Transport;

namespace SmartShop.OpcUa.SecureChannel;

/// <summary>
/// Reassembles the chunks of responses (already verified and decrypted, sequence header stripped) into whole message
/// bodies, per request id. Enforces the negotiated maximum message size and chunk count while the chunks arrive, so a
/// server cannot make the client buffer without bound. An Abort chunk ends its message with the server's error.
/// Not thread-safe: one receive loop owns it.
/// </summary>
public sealed class MessageAssembler : IDisposable
{
    private readonly int _maxMessageSize;
    private readonly int _maxChunkCount;
    private readonly Dictionary<uint, Partial> _partials = [];

    /// <param name="maxMessageSize">Largest body accepted, in bytes (0 = no limit besides memory: not recommended).</param>
    /// <param name="maxChunkCount">Most chunks per message (0 = no limit).</param>
    public MessageAssembler(int maxMessageSize, int maxChunkCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMessageSize);
        ArgumentOutOfRangeException.ThrowIfNegative(maxChunkCount);
        _maxMessageSize = maxMessageSize;
        _maxChunkCount = maxChunkCount;
    }

    /// <summary>Messages partly received.</summary>
    public int PendingCount => _partials.Count;

    /// <summary>
    /// Adds one chunk's payload. Returns the complete body for a final chunk (the caller owns and disposes it), null
    /// for an intermediate one; throws a <see cref="UaException"/> for an abort chunk (the server's status and reason)
    /// and for a message over the limits (BadResponseTooLarge / BadEncodingLimitsExceeded), dropping that message.
    /// </summary>
    public AssembledMessage? Add(UaTcpChunkType chunkType, uint requestId, ReadOnlySpan<byte> payload)
    {
        if (chunkType == UaTcpChunkType.Abort)
        {
            Drop(requestId);
            throw AbortError(requestId, payload);
        }

        _partials.TryGetValue(requestId, out var partial);
        var chunks = (partial?.Chunks ?? 0) + 1;
        var size = (partial?.Length ?? 0) + payload.Length;
        if (_maxChunkCount > 0 && chunks > _maxChunkCount)
        {
            Drop(requestId);
            throw new UaException(StatusCodes.BadEncodingLimitsExceeded, $"The response to request {requestId} has more than {_maxChunkCount} chunks.");
        }

        if (_maxMessageSize > 0 && size > _maxMessageSize)
        {
            Drop(requestId);
            throw new UaException(StatusCodes.BadResponseTooLarge, $"The response to request {requestId} exceeds {_maxMessageSize} bytes.");
        }

        if (chunkType == UaTcpChunkType.Final && partial is null)
        {
            // Single-chunk message, the common case: one copy into a pooled buffer.
            var single = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 1));
            payload.CopyTo(single);
            return new AssembledMessage(requestId, single, payload.Length);
        }

        partial ??= _partials[requestId] = new Partial();
        partial.Append(payload);
        if (chunkType == UaTcpChunkType.Intermediate)
        {
            return null;
        }

        _partials.Remove(requestId);
        return partial.Complete(requestId);
    }

    /// <summary>Forgets a partly received message (its request timed out or was cancelled).</summary>
    public void Drop(uint requestId)
    {
        if (_partials.Remove(requestId, out var partial))
        {
            partial.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var partial in _partials.Values)
        {
            partial.Dispose();
        }

        _partials.Clear();
    }

    private static UaException AbortError(uint requestId, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 8)
        {
            return new UaException(StatusCodes.BadDecodingError, $"The server aborted request {requestId} with a malformed abort chunk.");
        }

        // The abort body has the layout of a UA-TCP Error message (StatusCode, String reason): reuse its decoder.
        var (code, reason) = UaTcpError.Decode(payload);
        return new UaException(code, $"The server aborted the response to request {requestId}: {code}{(string.IsNullOrEmpty(reason) ? string.Empty : ": " + reason)}");
    }

    private sealed class Partial : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);

        public int Chunks { get; private set; }

        public int Length { get; private set; }

        public void Append(ReadOnlySpan<byte> payload)
        {
            if (Length + payload.Length > _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + payload.Length));
                _buffer.AsSpan(0, Length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            payload.CopyTo(_buffer.AsSpan(Length));
            Length += payload.Length;
            Chunks++;
        }

        public AssembledMessage Complete(uint requestId)
        {
            var message = new AssembledMessage(requestId, _buffer, Length);
            _buffer = [];
            return message;
        }

        public void Dispose()
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }
        }
    }
}

/// <summary>A whole response body in a pooled buffer; dispose it after decoding.</summary>
public sealed class AssembledMessage : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    internal AssembledMessage(uint requestId, byte[] buffer, int length)
    {
        RequestId = requestId;
        _buffer = buffer;
        _length = length;
    }

    public uint RequestId { get; }

    public ReadOnlyMemory<byte> Body => _buffer is { } b ? b.AsMemory(0, _length) : throw new ObjectDisposedException(nameof(AssembledMessage));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { Length: > 0 } b)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}
