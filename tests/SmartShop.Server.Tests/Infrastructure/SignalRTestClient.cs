using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SmartShop.Server.Tests.Infrastructure;

/// <summary>
/// A minimal SignalR client speaking the JSON hub protocol over a WebSocket (the .NET SignalR client package cannot
/// be restored here). Records are separated by 0x1E; after the handshake the server sends invocations
/// <c>{"type":1,"target":"…","arguments":[…]}</c> and pings <c>{"type":6}</c>.
/// </summary>
public sealed class SignalRTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly WebSocket _socket;
    private readonly StringBuilder _pending = new();

    private SignalRTestClient(WebSocket socket) => _socket = socket;

    public static async Task<SignalRTestClient> ConnectAsync(Microsoft.AspNetCore.TestHost.WebSocketClient client, Uri hubUrl, CancellationToken ct)
    {
        // Browsers' WebSockets cannot send headers, so the hub takes the key as access_token, as it would a browser's.
        var socket = await client.ConnectAsync(new Uri($"{hubUrl}{(hubUrl.Query.Length == 0 ? "?" : "&")}access_token={TestAuth.AdminKey}"), ct);
        var connection = new SignalRTestClient(socket);
        await connection.SendAsync("{\"protocol\":\"json\",\"version\":1}", ct);
        var handshake = await connection.ReceiveRecordAsync(ct);
        using var doc = JsonDocument.Parse(handshake);
        if (doc.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"SignalR handshake refused: {error}");
        }

        return connection;
    }

    /// <summary>Waits for the next invocation of <paramref name="target"/> and returns its first argument.</summary>
    public async Task<JsonElement> NextInvocationAsync(string target, CancellationToken ct)
    {
        while (true)
        {
            var record = await ReceiveRecordAsync(ct);
            using var doc = JsonDocument.Parse(record);
            var root = doc.RootElement;
            if (root.GetProperty("type").GetInt32() == 1 && root.GetProperty("target").GetString() == target)
            {
                return root.GetProperty("arguments")[0].Clone();
            }
        }
    }

    private Task SendAsync(string json, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, ct);

    private async Task<string> ReceiveRecordAsync(CancellationToken ct)
    {
        var buffer = new byte[8192];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }

            var result = await _socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The hub closed the connection.");
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // The server may already be gone at the end of a test.
            }
        }

        _socket.Dispose();
    }
}
