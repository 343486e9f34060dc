namespace SmartShop.OpcUa.Transport;

/// <summary>What the client offers in Hello and how long it waits. Sizes in bytes.</summary>
public sealed class UaTcpOptions
{
    /// <summary>The smallest buffer (chunk) size UA-TCP allows.</summary>
    public const int MinBufferSize = 8192;

    /// <summary>Largest chunk the client accepts (default 65,535, as the reference stacks; at least 8,192).</summary>
    public int ReceiveBufferSize { get; init; } = 65_535;

    /// <summary>Largest chunk the client would like to send (default 65,535; the server may lower it).</summary>
    public int SendBufferSize { get; init; } = 65_535;

    /// <summary>Largest whole response the client accepts, over all its chunks (default 16 MiB). Bounds memory per message.</summary>
    public int MaxMessageSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most chunks in one response (default 0: derived from MaxMessageSize and the smallest chunk).</summary>
    public int MaxChunkCount { get; init; }

    /// <summary>Time allowed for the TCP connect plus the Hello/Acknowledge exchange (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal int EffectiveMaxChunkCount =>
        MaxChunkCount > 0 ? MaxChunkCount : (MaxMessageSize / MinBufferSize) + 1;

    internal void Validate()
    {
        if (ReceiveBufferSize < MinBufferSize || SendBufferSize < MinBufferSize)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveBufferSize), $"UA-TCP buffer sizes must be at least {MinBufferSize} bytes (receive {ReceiveBufferSize}, send {SendBufferSize}).");
        }

        if (MaxMessageSize < ReceiveBufferSize)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), $"MaxMessageSize ({MaxMessageSize}) must be at least ReceiveBufferSize ({ReceiveBufferSize}).");
        }

        if (MaxChunkCount < 0 || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxChunkCount), "MaxChunkCount must be 0 or more and ConnectTimeout positive.");
        }
    }
}

/// <summary>
/// The outcome of Hello/Acknowledge, from the client's point of view. Chunk sizes include the 8-byte header.
/// A limit of 0 means the peer set none.
/// </summary>
/// <param name="SendChunkSize">Largest chunk the client may send (the server's receive buffer).</param>
/// <param name="ReceiveChunkSize">Largest chunk the server may send (the smaller of both sides' values).</param>
/// <param name="MaxRequestSize">Largest request the server accepts (0 = no limit).</param>
/// <param name="MaxRequestChunkCount">Most chunks per request the server accepts (0 = no limit).</param>
/// <param name="MaxResponseSize">Largest response the client accepts.</param>
/// <param name="MaxResponseChunkCount">Most chunks per response the client accepts.</param>
public sealed record UaTcpLimits(
    int SendChunkSize,
    int ReceiveChunkSize,
    int MaxRequestSize,
    int MaxRequestChunkCount,
    int MaxResponseSize,
    int MaxResponseChunkCount);
