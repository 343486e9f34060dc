using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SmartShop.Fleet.Bench;

/// <summary>A machine's state as one hub message showed it, stamped with the bench's clock when its frame arrived.</summary>
/// <param name="Kind">MachineStatusChanged (every view gets every machine's state changes) or MachineLive (a watched machine's figure).</param>
/// <param name="Since">When the state began: the PLC's source timestamp of the change (machine time).</param>
/// <param name="ReceivedTicks"><see cref="Stopwatch.GetTimestamp"/> when the WebSocket frame holding it was received.</param>
/// <param name="ReceivedWall">The wall clock at the same moment (to compare with PLC timestamps, same machine).</param>
public readonly record struct PushedState(string Kind, string MachineId, string State, string Source, DateTimeOffset Since, long ReceivedTicks, DateTimeOffset ReceivedWall);

/// <summary>
/// A minimal SignalR client for /hubs/plant: the JSON hub protocol over a WebSocket without negotiation (the .NET
/// SignalR client package does not restore here). Records end with 0x1E; invocations are
/// <c>{"type":1,"target":…,"arguments":[…]}</c>, completions type 3, pings type 6 (sent every 10 s, so the server's
/// 30 s client timeout never fires). Each machine state in a push is handed to <see cref="Pushed"/> with the time its
/// frame arrived, before any parsing.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _calls = [];
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receive = Task.CompletedTask;
    private Task _ping = Task.CompletedTask;
    private int _nextId;
    private long _messages;
    private long _statusChanged;
    private long _machineLive;
    private long _bytes;

    /// <summary>Called on the receive loop for each machine state pushed; keep it short.</summary>
    public Action<PushedState>? Pushed { get; set; }

    /// <summary>Invocation messages received so far.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    public long StatusChangedMessages => Interlocked.Read(ref _statusChanged);

    public long MachineLiveMessages => Interlocked.Read(ref _machineLive);

    public long BytesReceived => Interlocked.Read(ref _bytes);

    public static async Task<HubClient> ConnectAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        var client = new HubClient();
        // A browser's WebSocket cannot send headers, so the hub takes the API key as access_token.
        var hub = new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws", Path = "/hubs/plant", Query = $"access_token={BenchAuth.ApiKey}" }.Uri;
        await client._socket.ConnectAsync(hub, cancellationToken);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}", cancellationToken);
        var handshake = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client._receive = Task.Run(() => client.ReceiveLoopAsync(handshake), CancellationToken.None);
        var answer = await handshake.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        using (var doc = JsonDocument.Parse(answer))
        {
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"SignalR handshake refused: {error}");
            }
        }

        client._ping = Task.Run(client.PingLoopAsync, CancellationToken.None);
        return client;
    }

    /// <summary>Invokes a hub method and waits for its completion (a hub error is thrown).</summary>
    public async Task InvokeAsync(string method, string argument, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_calls)
        {
            _calls[id] = done;
        }

        var message = JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments = new[] { argument } });
        await SendAsync(message, cancellationToken);
        var completion = await done.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        if (completion.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method}({argument}) failed: {error}");
        }
    }

    private async Task SendAsync(string json, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(PingInterval, _stop.Token);
                await SendAsync("{\"type\":6}", _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closing.
        }
    }

    private async Task ReceiveLoopAsync(TaskCompletionSource<string> handshake)
    {
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                var received = Stopwatch.GetTimestamp();
                var receivedWall = TimeProvider.System.GetUtcNow();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    handshake.TrySetException(new InvalidOperationException("The hub closed the connection."));
                    return;
                }

                Interlocked.Add(ref _bytes, result.Count);
                pending.Write(buffer, 0, result.Count);
                var data = pending.GetBuffer().AsSpan(0, (int)pending.Length);
                var start = 0;
                int end;
                while ((end = data[start..].IndexOf((byte)RecordSeparator)) >= 0)
                {
                    var record = data.Slice(start, end);
                    if (!handshake.Task.IsCompleted)
                    {
                        handshake.TrySetResult(Encoding.UTF8.GetString(record));
                    }
                    else
                    {
                        OnRecord(record, received, receivedWall);
                    }

                    start += end + 1;
                }

                var rest = data[start..].ToArray();
                pending.SetLength(0);
                pending.Write(rest);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            handshake.TrySetException(new InvalidOperationException("The hub connection ended before its handshake.", e));
        }
    }

    private void OnRecord(ReadOnlySpan<byte> record, long received, DateTimeOffset receivedWall)
    {
        var reader = new Utf8JsonReader(record);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        var type = root.GetProperty("type").GetInt32();
        if (type == 3 && root.TryGetProperty("invocationId", out var id))
        {
            TaskCompletionSource<JsonElement>? call;
            lock (_calls)
            {
                _calls.Remove(id.GetString()!, out call);
            }

            call?.TrySetResult(root.Clone());
            return;
        }

        if (type != 1)
        {
            return;
        }

        Interlocked.Increment(ref _messages);
        var target = root.GetProperty("target").GetString();
        var argument = root.GetProperty("arguments")[0];
        if (string.Equals(target, "MachineStatusChanged", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _statusChanged);
            Pushed?.Invoke(State("MachineStatusChanged", argument, received, receivedWall));
        }
        else if (string.Equals(target, "MachineLive", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _machineLive);
            Pushed?.Invoke(State("MachineLive", argument.GetProperty("status"), received, receivedWall));
        }
    }

    private static PushedState State(string kind, JsonElement status, long received, DateTimeOffset receivedWall) => new(
        kind,
        status.GetProperty("machineId").GetString()!,
        status.GetProperty("state").GetString()!,
        status.GetProperty("source").GetString()!,
        status.GetProperty("since").GetDateTimeOffset(),
        received,
        receivedWall);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The server may be gone already.
            }
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_receive, _ping).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
        _send.Dispose();
    }
}
