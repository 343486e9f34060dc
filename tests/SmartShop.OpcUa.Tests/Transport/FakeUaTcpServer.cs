using System.Net;
using System.Net.Sockets;

namespace SmartShop.OpcUa.Tests.Transport;

/// <summary>A loopback TCP server whose side of the conversation each test scripts (one connection).</summary>
internal sealed class FakeUaTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;

    public FakeUaTcpServer(Func<NetworkStream, byte[], Task> script)
    {
        _listener.Start();
        EndpointUrl = $"opc.tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/fake";
        _serving = Task.Run(async () =>
        {
            using var client = await _listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var header = new byte[8];
            await stream.ReadExactlyAsync(header);
            var body = new byte[BitConverter.ToInt32(header, 4) - 8];
            await stream.ReadExactlyAsync(body);
            HelloReceived.TrySetResult(header.Concat(body).ToArray());
            await script(stream, body);
        });
    }

    public string EndpointUrl { get; }

    /// <summary>The whole Hello message as the client sent it.</summary>
    public TaskCompletionSource<byte[]> HelloReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or TimeoutException)
        {
            // The client went away first, as some tests intend.
        }
    }
}
