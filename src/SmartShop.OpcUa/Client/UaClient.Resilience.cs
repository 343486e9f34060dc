using SmartShop.OpcUa.SecureChannel;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Client;

/// <summary>
/// Keeping the session: a periodic check that reads the server's state (which also keeps an idle session alive),
/// and, when the channel closes, the check fails or the session is reported gone, reconnection with backoff: a new
/// channel, the session activated on it (or a new session when the server no longer has it), then every subscription
/// resumed, transferred or recreated (<see cref="UaSubscription.RecoverAsync"/>).
/// </summary>
public sealed partial class UaClient
{
    // Server_ServerStatus_State: read by the keep-alive check.
    private static readonly NodeId ServerStateNode = new(2259);

    private readonly CancellationTokenSource _supervision = new();
    private TaskCompletionSource<string> _sessionLost = NewLossSignal();
    private Task _supervisor = Task.CompletedTask;
    private NamespaceTable _namespacesBeforeReconnect = NamespaceTable.Default;
    private int _state;
    private int _reconnects;

    /// <summary>Connected, reconnecting (requests fail meanwhile) or closed.</summary>
    public UaConnectionState State => (UaConnectionState)Volatile.Read(ref _state);

    /// <summary>Completed reconnections since the client connected.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    private static TaskCompletionSource<string> NewLossSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void StartSupervision()
    {
        if (_options.KeepAliveInterval > TimeSpan.Zero || _options.Reconnect)
        {
            _supervisor = Task.Run(() => SuperviseAsync(_supervision.Token), CancellationToken.None);
        }
    }

    private async Task StopSupervisionAsync()
    {
        await _supervision.CancelAsync();
        try
        {
            await _supervisor;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void SetState(UaConnectionState state) => Volatile.Write(ref _state, (int)state);

    /// <summary>
    /// A request found the session gone (BadSessionIdInvalid and the like) while the channel is fine: reconnect, which
    /// creates a new session. Called by Publish loops.
    /// </summary>
    internal void ReportSessionLost(string reason) => Volatile.Read(ref _sessionLost).TrySetResult(reason);

    /// <summary>Whether a failed Publish or service call is the connection or session being gone, which reconnection mends.</summary>
    internal static bool IsConnectionLoss(Exception e) => e switch
    {
        UaException ua => IsSessionLoss(ua.StatusCode) || ua.StatusCode.Code is StatusCodes.BadSecureChannelClosed
            or StatusCodes.BadConnectionClosed or StatusCodes.BadCommunicationError or StatusCodes.BadSecureChannelIdInvalid
            or StatusCodes.BadNotConnected or StatusCodes.BadServerNotConnected or StatusCodes.BadServerHalted or StatusCodes.BadShutdown
            or StatusCodes.BadTcpSecureChannelUnknown,
        IOException or ObjectDisposedException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    internal static bool IsSessionLoss(StatusCode status) =>
        status.Code is StatusCodes.BadSessionIdInvalid or StatusCodes.BadSessionClosed or StatusCodes.BadSessionNotActivated;

    internal bool ReconnectEnabled => _options.Reconnect;

    internal DateTimeOffset Now => _time.GetUtcNow();

    private async Task SuperviseAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            string reason;
            try
            {
                reason = await WaitForLossAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            var lostAt = _time.GetUtcNow();
            if (!_options.Reconnect)
            {
                SetState(UaConnectionState.Closed);
                Raise(new UaConnectionEvent(UaConnectionState.Closed, lostAt, reason, 0, lostAt, null));
                return;
            }

            try
            {
                await ReconnectAsync(reason, lostAt, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Returns why the connection is deemed lost: the channel closed, the keep-alive check failed, or a loss was reported.</summary>
    private async Task<string> WaitForLossAsync(CancellationToken stop)
    {
        while (true)
        {
            var channel = Channel;
            var lost = Volatile.Read(ref _sessionLost).Task;
            var interval = KeepAliveInterval;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var tick = interval > TimeSpan.Zero ? Task.Delay(interval, _time, wait.Token) : Task.Delay(Timeout.Infinite, wait.Token);
            var first = await Task.WhenAny(channel.Closed, lost, tick);
            await wait.CancelAsync();
            stop.ThrowIfCancellationRequested();
            if (first == channel.Closed)
            {
                return $"The connection was lost: {channel.Closed.Result.Message}";
            }

            if (first == lost)
            {
                return lost.Result;
            }

            if (await CheckSessionAsync(_options.KeepAliveTimeout > TimeSpan.Zero ? _options.KeepAliveTimeout : interval, stop) is { } failure)
            {
                return failure;
            }
        }
    }

    /// <summary>The keep-alive interval used: the configured one, at most a third of the revised session timeout.</summary>
    private TimeSpan KeepAliveInterval
    {
        get
        {
            var interval = _options.KeepAliveInterval;
            if (interval <= TimeSpan.Zero)
            {
                return TimeSpan.Zero;
            }

            return SessionTimeout > TimeSpan.Zero && interval > SessionTimeout / 3 ? SessionTimeout / 3 : interval;
        }
    }

    /// <summary>Reads the server state within <paramref name="timeout"/>; the failure when the session or connection is gone, else null.</summary>
    private async Task<string?> CheckSessionAsync(TimeSpan timeout, CancellationToken stop)
    {
        try
        {
            var response = await SendAsync<ReadResponse>(new ReadRequest
            {
                NodesToRead = [new ReadValueId { NodeId = ServerStateNode }],
                TimestampsToReturn = TimestampsToReturn.Neither,
            }, timeout, stop);
            var result = response.Results is [var value] ? value.StatusCode : StatusCodes.BadUnexpectedError;
            return IsSessionLoss(result) ? $"The session is gone: {result}" : null;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (UaException e) when (e.StatusCode.Code is StatusCodes.BadTimeout or StatusCodes.BadRequestTimeout)
        {
            return $"The server did not answer the keep-alive check within {timeout.TotalSeconds:0.###} s.";
        }
        catch (Exception e) when (IsConnectionLoss(e))
        {
            return $"The keep-alive check failed: {e.Message}";
        }
        catch (UaException e)
        {
            // The server answered, with an error: the connection works.
            _options.Warning?.Invoke($"The keep-alive check of {_options.EndpointUrl} returned {e.StatusCode}: {e.Message}");
            return null;
        }
    }

    private async Task ReconnectAsync(string reason, DateTimeOffset lostAt, CancellationToken stop)
    {
        SetState(UaConnectionState.Reconnecting);
        Raise(new UaConnectionEvent(UaConnectionState.Reconnecting, lostAt, reason, 0, lostAt, null));
        Volatile.Write(ref _sessionLost, NewLossSignal());

        // Publish loops end on the closed channel; a channel that still looks open (a keep-alive timeout) is closed
        // here so they do. The subscriptions keep their items and sequence numbers for the recovery.
        await Channel.DisposeAsync();
        foreach (var subscription in Subscriptions.Values)
        {
            await subscription.WaitForLoopsAsync();
        }

        var delay = _options.ReconnectDelay > TimeSpan.Zero ? _options.ReconnectDelay : TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            stop.ThrowIfCancellationRequested();
            await Task.Delay(Jitter(delay), _time, stop);
            try
            {
                var session = await ReestablishAsync(stop);
                var previousNamespaces = _namespacesBeforeReconnect;
                foreach (var subscription in Subscriptions.Values.ToArray())
                {
                    await subscription.RecoverAsync(session, previousNamespaces, lostAt, stop);
                }

                Interlocked.Increment(ref _reconnects);
                SetState(UaConnectionState.Connected);
                Raise(new UaConnectionEvent(UaConnectionState.Connected, _time.GetUtcNow(), null, attempt - 1, lostAt, session));
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                Raise(new UaConnectionEvent(UaConnectionState.Reconnecting, _time.GetUtcNow(), e.Message, attempt, lostAt, null));
                await Channel.DisposeAsync();
                var max = _options.MaxReconnectDelay > delay ? _options.MaxReconnectDelay : delay;
                delay = delay * 2 > max ? max : delay * 2;
            }
        }
    }

    /// <summary>A new channel, then the session activated on it, or a new session when the server no longer has it.</summary>
    private async Task<UaSessionRecovery> ReestablishAsync(CancellationToken stop)
    {
        var setup = await OpenChannelAsync(_options, _time, stop);
        var oldChannel = Interlocked.Exchange(ref _channel, setup.Channel);
        await oldChannel.DisposeAsync();
        Endpoint = setup.Endpoint;
        _identityPolicy = setup.IdentityPolicy;
        var (oldClient, oldServer) = (_clientCertificate, _serverCertificate);
        (_clientCertificate, _serverCertificate) = (setup.ClientCertificate, setup.ServerCertificate);
        oldClient?.Dispose();
        oldServer?.Dispose();

        _namespacesBeforeReconnect = NamespaceUris;
        try
        {
            await ActivateAsync(stop);
            return UaSessionRecovery.Reactivated;
        }
        catch (UaException e) when (Channel.Fault is null)
        {
            // The server refused the old session (it restarted, or the session timed out): start a new one.
            _options.Warning?.Invoke($"The session on {_options.EndpointUrl} could not be reactivated ({e.StatusCode}); creating a new one.");
        }

        await CreateAndActivateAsync(stop);
        await ReadNamespaceArrayAsync(stop);
        return UaSessionRecovery.Recreated;
    }

    /// <summary>±20 % so that many clients of one restarted server do not reconnect in step.</summary>
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + (0.4 * Random.Shared.NextDouble()));

    private void Raise(UaConnectionEvent change)
    {
        try
        {
            _options.ConnectionChanged?.Invoke(change);
        }
        catch (Exception e)
        {
            _options.Warning?.Invoke($"The ConnectionChanged handler failed: {e.Message}");
        }
    }
}
