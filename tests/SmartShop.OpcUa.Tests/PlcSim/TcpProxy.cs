using System.Net;
using System.Net.Sockets;

namespace SmartShop.OpcUa.Tests.PlcSim;

/// <summary>
/// A TCP forwarder on 127.0.0.1 between a client and a server, to break the network without touching the server:
/// <see cref="DropConnections"/> resets every connection (a cable pulled and plugged back), <see cref="Blackhole"/>
/// stops forwarding without closing anything (a half-open connection: only a timeout can tell), and
/// <see cref="RefuseNew"/> closes new connections at once (the server unreachable for a while).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server, CancellationTokenSource Pipes)> _connections = [];
    private readonly Task _acceptLoop;
    private volatile bool _blackhole;
    private volatile bool _refuse;
    private int _accepted;

    public TcpProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Where plc-sim's endpoint URL is, as a proxy to <paramref name="endpointUrl"/> (opc.tcp://127.0.0.1:port).</summary>
    public static TcpProxy For(string endpointUrl)
    {
        var uri = new Uri(endpointUrl);
        return new TcpProxy(new IPEndPoint(IPAddress.Loopback, uri.Port));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string EndpointUrl => $"opc.tcp://127.0.0.1:{Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Stops (or resumes) forwarding bytes on every connection, without closing any.</summary>
    public bool Blackhole
    {
        get => _blackhole;
        set => _blackhole = value;
    }

    /// <summary>New connections are closed as soon as they are accepted.</summary>
    public bool RefuseNew
    {
        get => _refuse;
        set => _refuse = value;
    }

    /// <summary>Resets every open connection (both sides see it closed).</summary>
    public void DropConnections()
    {
        lock (_connections)
        {
            foreach (var (client, server, pipes) in _connections)
            {
                pipes.Cancel();
                try
                {
                    client.Client.LingerState = new LingerOption(true, 0); // close with RST, as a reset would
                }
                catch (ObjectDisposedException)
                {
                    // This one had already ended.
                }

                client.Dispose();
                server.Dispose();
            }

            _connections.Clear();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            if (_refuse)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            var pipes = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            lock (_connections)
            {
                _connections.Add((client, server, pipes));
            }

            _ = PumpAsync(client.GetStream(), server.GetStream(), pipes);
            _ = PumpAsync(server.GetStream(), client.GetStream(), pipes);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationTokenSource pipes)
    {
        var buffer = new byte[65536];
        try
        {
            while (!pipes.IsCancellationRequested)
            {
                var read = await from.ReadAsync(buffer, pipes.Token);
                if (read == 0)
                {
                    break;
                }

                // Blackholed bytes are swallowed: the peer waits for an answer that never comes.
                if (!_blackhole)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), pipes.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // The connection ended.
        }
        finally
        {
            await pipes.CancelAsync();
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        await _acceptLoop;
        _stop.Dispose();
    }
}
