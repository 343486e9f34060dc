using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Transport;

namespace SmartShop.OpcUa.SecureChannel;

/// <summary>What a secure channel needs besides its connection.</summary>
public sealed record SecureChannelOptions
{
    public SecurityPolicy Policy { get; init; } = SecurityPolicy.None;

    public MessageSecurityMode Mode { get; init; } = MessageSecurityMode.None;

    /// <summary>Our application instance certificate with its private key (required unless the policy is None).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The server's (already validated) certificate (required unless the policy is None).</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>Token lifetime asked for; the server revises it. Renewal happens at 75 % of the revised value.</summary>
    public TimeSpan RequestedLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a request waits for its response unless the call says otherwise.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public EncodingContext? EncodingContext { get; init; }

    /// <summary>Reports things worth logging (renewals, late responses); no logger dependency here.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// A secure channel (OPC 10000-6 6.7) on one UA-TCP connection: OpenSecureChannel Issue, then requests as symmetric
/// MSG chunks, responses matched to their requests by request id in a receive loop, token renewal at 75 % of the
/// revised lifetime, CloseSecureChannel on dispose. Requests may be sent from any thread.
/// </summary>
public sealed class UaSecureChannel : IAsyncDisposable
{
    private readonly ISecureChannelTransport _transport;
    private readonly SecureChannelOptions _options;
    private readonly TimeProvider _time;
    private readonly EncodingContext _context;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ReceivedSequence _receivedSequence = new();
    private readonly MessageAssembler _assembler;
    private readonly byte[] _clientCertificateDer;
    private readonly byte[]? _serverThumbprint;
    private Task _receiveLoop = Task.CompletedTask;
    private ITimer? _renewTimer;
    private uint _sequenceNumber;
    private uint _requestId;
    private uint _requestHandle;
    private uint _channelId;
    private TokenState? _current;
    private TokenState? _previous;
    private byte[]? _pendingClientNonce;
    private Exception? _fault;
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;
    private long _chunksSent;
    private int _tokenRenewals;
    private long _chunksReceived;

    private UaSecureChannel(ISecureChannelTransport transport, SecureChannelOptions options, TimeProvider time)
    {
        _transport = transport;
        _options = options;
        _time = time;
        _context = options.EncodingContext ?? CreateDefaultContext();
        _assembler = new MessageAssembler(transport.Limits.MaxResponseSize, transport.Limits.MaxResponseChunkCount);
        _clientCertificateDer = options.ClientCertificate?.RawData ?? [];
        _serverThumbprint = options.ServerCertificate is { } server ? UaCertificate.GetSha1Thumbprint(server) : null;
    }

    public uint ChannelId => _channelId;

    public SecurityPolicy Policy => _options.Policy;

    public MessageSecurityMode Mode => _options.Mode;

    /// <summary>The current token (changes on renewal).</summary>
    public ChannelSecurityToken? Token => _current?.Token;

    /// <summary>The server nonce of the last OpenSecureChannel.</summary>
    public byte[]? ServerNonce => _current?.ServerNonce;

    public EncodingContext EncodingContext => _context;

    public UaTcpLimits Limits => _transport.Limits;

    /// <summary>Chunks sent and received so far (diagnostics; tests check chunking with them).</summary>
    public long ChunksSent => Interlocked.Read(ref _chunksSent);

    public long ChunksReceived => Interlocked.Read(ref _chunksReceived);

    /// <summary>Tokens issued by Renew so far.</summary>
    public int TokenRenewals => Volatile.Read(ref _tokenRenewals);

    /// <summary>Raised on the receive loop when a renewed token is in force; keep handlers short.</summary>
    public event Action<ChannelSecurityToken>? TokenRenewed;

    /// <summary>The last token renewal started (completed task before the first); it never throws.</summary>
    internal Task Renewal { get; private set; } = Task.CompletedTask;

    /// <summary>Why the channel stopped working, once it has.</summary>
    public Exception? Fault => _fault;

    /// <summary>Completes, with the fault, when the channel fails or is closed (the connection dropped, a bad chunk, dispose).</summary>
    public Task<Exception> Closed => _closed.Task;

    /// <summary>Default limits and a registry of the standard structures (a new one per channel: namespace tables differ per server).</summary>
    public static EncodingContext CreateDefaultContext() => new();

    /// <summary>Opens a channel on <paramref name="connection"/> (the channel owns it from then on).</summary>
    public static Task<UaSecureChannel> OpenAsync(UaTcpConnection connection, SecureChannelOptions options, TimeProvider time, CancellationToken cancellationToken = default) =>
        OpenAsync(new UaTcpTransport(connection), options, time, cancellationToken);

    /// <summary>Opens a channel on any transport (tests use a fake one).</summary>
    public static async Task<UaSecureChannel> OpenAsync(ISecureChannelTransport transport, SecureChannelOptions options, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Policy.IsNone && (options.ClientCertificate is null || options.ServerCertificate is null))
        {
            throw new ArgumentException($"Security policy {options.Policy.Name} needs the client and the server certificate.", nameof(options));
        }

        var channel = new UaSecureChannel(transport, options, time);
        try
        {
            channel._receiveLoop = Task.Run(channel.ReceiveLoopAsync, CancellationToken.None);
            await channel.OpenOrRenewAsync(SecurityTokenRequestType.Issue, cancellationToken);
            return channel;
        }
        catch
        {
            await channel.DisposeCoreAsync(sendClose: false);
            throw;
        }
    }

    /// <summary>
    /// Sends a request and waits for its response. The header's handle, timestamp and timeout hint are set here; a
    /// ServiceFault or a bad ServiceResult becomes a <see cref="UaException"/> with the server's status.
    /// </summary>
    public async Task<TResponse> SendRequestAsync<TResponse>(IServiceRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TResponse : class, IServiceResponse
    {
        var response = await SendCoreAsync(request, UaTcpMessageType.Message, timeout ?? _options.RequestTimeout, cancellationToken);
        return response as TResponse
            ?? throw new UaException(StatusCodes.BadUnknownResponse, $"Expected a {typeof(TResponse).Name}, received a {response.GetType().Name}.");
    }

    private async Task<IServiceResponse> SendCoreAsync(IServiceRequest request, UaTcpMessageType messageType, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_fault is { } fault)
        {
            throw new UaException(StatusCodes.BadSecureChannelClosed, $"The secure channel is closed: {fault.Message}", fault);
        }

        var header = request.RequestHeader;
        header.RequestHandle = Interlocked.Increment(ref _requestHandle);
        header.Timestamp = UaDateTime.FromDateTimeOffset(_time.GetUtcNow());
        header.TimeoutHint = (uint)Math.Clamp(timeout.TotalMilliseconds, 0, uint.MaxValue);

        var requestId = Interlocked.Increment(ref _requestId);
        var pending = new PendingRequest(requestId, header.RequestHandle, request.GetType().Name);
        _pending[requestId] = pending;
        using var timer = timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan
            ? _time.CreateTimer(
                static state =>
                {
                    var (channel, pending, timeout) = ((UaSecureChannel, PendingRequest, TimeSpan))state!;
                    if (channel._pending.TryRemove(pending.RequestId, out _))
                    {
                        pending.Completion.TrySetException(new UaException(StatusCodes.BadTimeout,
                            $"No response to {pending.Name} (request {pending.RequestId}) within {timeout.TotalSeconds:0.###} s."));
                    }
                },
                (this, pending, timeout), timeout, Timeout.InfiniteTimeSpan)
            : null;
        await using var registration = cancellationToken.Register(static state =>
        {
            var (channel, pending, token) = ((UaSecureChannel, PendingRequest, CancellationToken))state!;
            if (channel._pending.TryRemove(pending.RequestId, out _))
            {
                pending.Completion.TrySetCanceled(token);
            }
        }, (this, pending, cancellationToken));

        try
        {
            await SendMessageAsync(request, messageType, requestId, cancellationToken);
        }
        catch
        {
            _pending.TryRemove(requestId, out _);
            throw;
        }

        var response = await pending.Completion.Task;
        if (response is ServiceFault serviceFault)
        {
            throw new UaException(serviceFault.ResponseHeader.ServiceResult,
                $"{pending.Name} failed: {serviceFault.ResponseHeader.ServiceResult}");
        }

        if (response.ResponseHeader.ServiceResult.IsBad)
        {
            throw new UaException(response.ResponseHeader.ServiceResult, $"{pending.Name} failed: {response.ResponseHeader.ServiceResult}");
        }

        return response;
    }

    private async Task SendMessageAsync(IServiceRequest request, UaTcpMessageType messageType, uint requestId, CancellationToken cancellationToken)
    {
        using var encoder = new BinaryEncoder(_context);
        encoder.WriteMessage(request);
        var body = encoder.WrittenMemory;
        var limits = _transport.Limits;
        if (limits.MaxRequestSize > 0 && body.Length > limits.MaxRequestSize)
        {
            throw new UaException(StatusCodes.BadRequestTooLarge, $"The {request.GetType().Name} is {body.Length} bytes; the server accepts at most {limits.MaxRequestSize}.");
        }

        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            if (messageType == UaTcpMessageType.OpenSecureChannel)
            {
                await SendAsymmetricAsync(body, requestId, cancellationToken);
                return;
            }

            var token = _current ?? throw new UaException(StatusCodes.BadSecureChannelClosed, "The secure channel is not open.");
            var chunks = SplitSymmetric(body.Span, messageType, token, requestId, limits, _options.Policy, _options.Mode, ref _sequenceNumber);
            foreach (var chunk in chunks)
            {
                await _transport.SendAsync(chunk, cancellationToken);
                Interlocked.Increment(ref _chunksSent);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>
    /// Cuts a message body into symmetric chunks of at most the negotiated send chunk size. Throws
    /// BadRequestTooLarge when the server's chunk count limit would be exceeded.
    /// </summary>
    internal static List<byte[]> SplitSymmetric(
        ReadOnlySpan<byte> body, UaTcpMessageType messageType, TokenState token, uint requestId, UaTcpLimits limits,
        SecurityPolicy policy, MessageSecurityMode mode, ref uint sequenceNumber)
    {
        var maxBody = SecureChunks.MaxSymmetricBodySize(limits.SendChunkSize, policy, mode);
        var count = Math.Max(1, (body.Length + maxBody - 1) / maxBody);
        if (limits.MaxRequestChunkCount > 0 && count > limits.MaxRequestChunkCount)
        {
            throw new UaException(StatusCodes.BadRequestTooLarge, $"The request needs {count} chunks; the server accepts at most {limits.MaxRequestChunkCount}.");
        }

        var chunks = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var part = body.Slice(i * maxBody, Math.Min(maxBody, body.Length - (i * maxBody)));
            var buffer = new byte[SecureChunks.GetSymmetricChunkSize(part.Length, policy, mode)];
            sequenceNumber = SequenceNumbers.Next(sequenceNumber);
            var written = SecureChunks.WriteSymmetric(
                buffer, messageType, i == count - 1 ? UaTcpChunkType.Final : UaTcpChunkType.Intermediate,
                token.Token.ChannelId, token.Token.TokenId, sequenceNumber, requestId, part, mode, token.Keys?.Client);
            chunks.Add(written == buffer.Length ? buffer : buffer[..written]);
        }

        return chunks;
    }

    private async Task SendAsymmetricAsync(ReadOnlyMemory<byte> body, uint requestId, CancellationToken cancellationToken)
    {
        var policy = _options.Policy;
        var securityHeader = policy.IsNone
            ? new AsymmetricSecurityHeader(policy.Uri, null, null)
            : new AsymmetricSecurityHeader(policy.Uri, _clientCertificateDer, _serverThumbprint);
        var buffer = new byte[SecureChunks.GetAsymmetricChunkSizeBound(body.Length, securityHeader, _options.ClientCertificate, _options.ServerCertificate)];
        _sequenceNumber = SequenceNumbers.Next(_sequenceNumber);
        var length = SecureChunks.WriteAsymmetric(
            buffer, UaTcpChunkType.Final, _channelId, securityHeader, _sequenceNumber, requestId, body.Span, policy,
            _options.ClientCertificate, _options.ServerCertificate);
        if (length > _transport.Limits.SendChunkSize)
        {
            throw new UaException(StatusCodes.BadRequestTooLarge,
                $"The OpenSecureChannel request is {length} bytes, more than the server's chunk size {_transport.Limits.SendChunkSize} (certificate too large).");
        }

        await _transport.SendAsync(buffer.AsMemory(0, length), cancellationToken);
        Interlocked.Increment(ref _chunksSent);
    }

    private async Task OpenOrRenewAsync(SecurityTokenRequestType requestType, CancellationToken cancellationToken)
    {
        var policy = _options.Policy;
        var clientNonce = policy.IsNone ? [] : policy.CreateNonce();
        _pendingClientNonce = clientNonce;
        var request = new OpenSecureChannelRequest
        {
            RequestType = requestType,
            SecurityMode = _options.Mode,
            ClientNonce = ByteString.Wrap(clientNonce),
            RequestedLifetime = (uint)Math.Clamp(_options.RequestedLifetime.TotalMilliseconds, 0, uint.MaxValue),
        };
        var response = (OpenSecureChannelResponse)await SendCoreAsync(request, UaTcpMessageType.OpenSecureChannel, _options.RequestTimeout, cancellationToken);
        ScheduleRenewal(response.SecurityToken);
    }

    /// <summary>Runs on the receive loop, before any later chunk is read, so the next token's keys are known in time.</summary>
    private void ApplyOpenResponse(OpenSecureChannelResponse response)
    {
        var policy = _options.Policy;
        var serverNonce = response.ServerNonce.ToArray() ?? [];
        ChannelKeys? keys = null;
        if (!policy.IsNone)
        {
            if (!policy.IsValidNonce(serverNonce))
            {
                throw new UaException(StatusCodes.BadNonceInvalid, $"The server nonce has {serverNonce.Length} bytes; {policy.Name} needs {policy.SecureChannelNonceLength}.");
            }

            keys = policy.DeriveChannelKeys(_pendingClientNonce, serverNonce);
        }

        // A token is accepted from the server until 25 % of its lifetime after it expired (OPC 10000-6 6.7.4), by our clock.
        var acceptUntil = _time.GetUtcNow() + TimeSpan.FromMilliseconds(response.SecurityToken.RevisedLifetime * 1.25);
        var state = new TokenState(response.SecurityToken, keys, serverNonce, acceptUntil);
        if (_current is null)
        {
            _channelId = response.SecurityToken.ChannelId;
            _current = state;
            return;
        }

        if (response.SecurityToken.ChannelId != _channelId)
        {
            throw new UaException(StatusCodes.BadSecureChannelIdInvalid, $"The renewed token names channel {response.SecurityToken.ChannelId}, not {_channelId}.");
        }

        // Send with the new token from now on. The old one stays accepted until it expires: the server secures the
        // response to a request with the request's token, and it holds Publish requests for seconds.
        _previous?.Dispose();
        _previous = _current;
        _current = state;
        Interlocked.Increment(ref _tokenRenewals);
        TokenRenewed?.Invoke(state.Token);
    }

    private void ScheduleRenewal(ChannelSecurityToken token)
    {
        var due = TimeSpan.FromMilliseconds(token.RevisedLifetime * 0.75);
        if (due <= TimeSpan.Zero)
        {
            return;
        }

        _renewTimer?.Dispose();
        _renewTimer = _time.CreateTimer(
            static state =>
            {
                var channel = (UaSecureChannel)state!;
                channel.Renewal = channel.RenewAsync();
            },
            this, due, Timeout.InfiniteTimeSpan);
    }

    private async Task RenewAsync()
    {
        try
        {
            await OpenOrRenewAsync(SecurityTokenRequestType.Renew, _stop.Token);
        }
        catch (Exception e) when (e is UaException or OperationCanceledException or ObjectDisposedException)
        {
            _options.Log?.Invoke($"Secure channel {_channelId}: token renewal failed: {e.Message}");
        }
    }

    private SymmetricKeys? ServerKeysFor(uint tokenId) => TokenFor(tokenId)?.Keys?.Server;

    /// <summary>The current token, or the previous one until it expires.</summary>
    private TokenState? TokenFor(uint tokenId)
    {
        if (_current is { } current && current.Token.TokenId == tokenId)
        {
            return current;
        }

        return _previous is { } previous && previous.Token.TokenId == tokenId && _time.GetUtcNow() < previous.AcceptUntil ? previous : null;
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var (chunk, buffer) = await _transport.ReceiveAsync(_stop.Token);
                Interlocked.Increment(ref _chunksReceived);
                try
                {
                    HandleChunk(chunk, buffer);
                }
                finally
                {
                    if (buffer.Length > 0)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            Fail(new UaException(StatusCodes.BadSecureChannelClosed, "The secure channel was closed."));
        }
        catch (Exception e)
        {
            Fail(e is UaException ? e : new UaException(StatusCodes.BadUnexpectedError, $"The secure channel failed: {e.Message}", e));
        }
    }

    private void HandleChunk(int length, byte[] buffer)
    {
        var data = buffer.AsSpan(0, length);
        SecureChunk chunk;
        byte[] bodyBuffer;
        if (data.Length >= 3 && data[0] == (byte)'O' && data[1] == (byte)'P' && data[2] == (byte)'N')
        {
            var (opened, _, opnBuffer) = SecureChunks.ReadAsymmetric(data, _options.Policy, _options.ClientCertificate, SenderCertificate);
            chunk = opened;
            bodyBuffer = opnBuffer;
        }
        else
        {
            chunk = SecureChunks.ReadSymmetric(data, _options.Mode, ServerKeysFor);
            bodyBuffer = buffer;
            if (chunk.ChannelId != _channelId)
            {
                throw new UaException(StatusCodes.BadSecureChannelIdInvalid, $"A chunk names channel {chunk.ChannelId}, not {_channelId}.");
            }

            if (_options.Mode == MessageSecurityMode.None && TokenFor(chunk.TokenId) is null)
            {
                throw new UaException(StatusCodes.BadSecureChannelTokenUnknown, $"The server used token {chunk.TokenId}, which this channel does not know.");
            }
        }

        _receivedSequence.Accept(chunk.SequenceNumber);
        AssembledMessage? message;
        try
        {
            message = _assembler.Add(chunk.ChunkType, chunk.RequestId, bodyBuffer.AsSpan(chunk.BodyOffset, chunk.BodyLength));
        }
        catch (UaException e)
        {
            // An abort chunk or a response over our limits fails that request only (if anyone still waits).
            if (_pending.TryRemove(chunk.RequestId, out var aborted))
            {
                aborted.Completion.TrySetException(e);
            }

            return;
        }

        if (message is null)
        {
            return;
        }

        using (message)
        {
            IEncodeable decoded;
            try
            {
                decoded = new BinaryDecoder(message.Body, _context).ReadMessage();
            }
            catch (UaDecodingException e)
            {
                // A malformed response fails its request; the chunk layer was intact, so the channel stays usable.
                if (_pending.TryRemove(message.RequestId, out var failed))
                {
                    failed.Completion.TrySetException(e);
                }

                return;
            }

            if (decoded is OpenSecureChannelResponse open)
            {
                ApplyOpenResponse(open);
            }

            if (decoded is not IServiceResponse response)
            {
                throw new UaException(StatusCodes.BadUnknownResponse, $"The server sent a {decoded.GetType().Name}, which is not a response.");
            }

            if (_pending.TryRemove(message.RequestId, out var pending))
            {
                if (response is not ServiceFault && response.ResponseHeader.RequestHandle != pending.Handle)
                {
                    // The request id matched but the handle did not: the server mixed up responses.
                    pending.Completion.TrySetException(new UaException(StatusCodes.BadUnknownResponse,
                        $"The response to {pending.Name} (request {pending.RequestId}) carries request handle {response.ResponseHeader.RequestHandle}, not {pending.Handle}."));
                    return;
                }

                pending.Completion.TrySetResult(response);
            }
            else
            {
                _options.Log?.Invoke($"Secure channel {_channelId}: response to request {message.RequestId} arrived after it timed out or was cancelled.");
            }
        }
    }

    private X509Certificate2? SenderCertificate(byte[]? senderCertificate)
    {
        var server = _options.ServerCertificate;
        if (server is null || senderCertificate is null)
        {
            return null;
        }

        // The sender may send its chain; its leaf comes first and must be the certificate we validated.
        var raw = server.RawData;
        return senderCertificate.AsSpan().StartsWith(raw) ? server : null;
    }

    private void Fail(Exception error)
    {
        _fault ??= error;
        _closed.TrySetResult(_fault);
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.Completion.TrySetException(error);
            }
        }
    }

    /// <summary>Sends CloseSecureChannel (no response is expected) and closes the connection.</summary>
    public ValueTask DisposeAsync() => DisposeCoreAsync(sendClose: true);

    private async ValueTask DisposeCoreAsync(bool sendClose)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _renewTimer?.Dispose();
        if (sendClose && _fault is null && _current is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
                var close = new CloseSecureChannelRequest();
                close.RequestHeader.Timestamp = UaDateTime.FromDateTimeOffset(_time.GetUtcNow());
                await SendMessageAsync(close, UaTcpMessageType.CloseSecureChannel, Interlocked.Increment(ref _requestId), timeout.Token);
            }
            catch (Exception e) when (e is UaException or OperationCanceledException or IOException)
            {
                // Closing anyway.
            }
        }

        await _stop.CancelAsync();
        await _transport.DisposeAsync();
        try
        {
            await _receiveLoop;
        }
        catch (Exception e) when (e is UaException or OperationCanceledException)
        {
            // The loop records its own fault.
        }

        Fail(new UaException(StatusCodes.BadSecureChannelClosed, "The secure channel was closed."));
        _current?.Dispose();
        _previous?.Dispose();
        _assembler.Dispose();
        _stop.Dispose();
    }

    private sealed class PendingRequest(uint requestId, uint handle, string name)
    {
        public uint RequestId { get; } = requestId;
        public uint Handle { get; } = handle;
        public string Name { get; } = name;
        public TaskCompletionSource<IServiceResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A token and the keys derived for it.</summary>
internal sealed class TokenState(ChannelSecurityToken token, ChannelKeys? keys, byte[] serverNonce, DateTimeOffset acceptUntil) : IDisposable
{
    public ChannelSecurityToken Token { get; } = token;
    public ChannelKeys? Keys { get; } = keys;
    public byte[] ServerNonce { get; } = serverNonce;

    /// <summary>Messages secured with this token are accepted until then (its lifetime plus 25 %).</summary>
    public DateTimeOffset AcceptUntil { get; } = acceptUntil;

    public void Dispose() => Keys?.Dispose();
}
