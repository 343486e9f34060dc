using System.Buffers.Binary;
using System.Text;
using SmartShop.OpcUa.Tests.PlcSim;
using SmartShop.OpcUa.Transport;
using SmartShop.Testing;

namespace SmartShop.OpcUa.Tests.Transport;

public sealed class UaTcpConnectionTests
{
    [Fact]
    public void HelloEncode_Fields_AreLittleEndianAfterHeader()
    {
        var hello = new UaTcpHello(0, 65535, 65535, 0x01000000, 2049, "opc.tcp://a:1").Encode();

        var expected = new byte[]
        {
            (byte)'H', (byte)'E', (byte)'L', (byte)'F', 45, 0, 0, 0,
            0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0, 1, 0x01, 0x08, 0, 0,
            13, 0, 0, 0,
        }.Concat(Encoding.ASCII.GetBytes("opc.tcp://a:1")).ToArray();
        Assert.Equal(expected, hello);
    }

    [Fact]
    public void Negotiate_ServerOffersLargerAndSmallerBuffers_TakesTheSmallerOfEachPair()
    {
        var options = new UaTcpOptions { ReceiveBufferSize = 65535, SendBufferSize = 32768, MaxMessageSize = 1 << 20 };

        var limits = UaTcpConnection.Negotiate(options, new UaTcpAcknowledge(0, 65535, 16384, 4_000_000, 100));

        Assert.Equal(new UaTcpLimits(32768, 16384, 4_000_000, 100, 1 << 20, (1 << 20) / 8192 + 1), limits);
    }

    [Fact]
    public void Negotiate_AckBufferBelow8192_IsProtocolError()
    {
        var error = Assert.Throws<UaException>(() => UaTcpConnection.Negotiate(new UaTcpOptions(), new UaTcpAcknowledge(0, 4096, 65535, 0, 0)));

        Assert.Equal(StatusCodes.BadTcpInternalError, error.StatusCode.Code);
    }

    [Theory]
    [InlineData("http://host:4840")]
    [InlineData("opc.tcp:/nohost")]
    [InlineData("not a url")]
    public void ParseEndpointUrl_NotOpcTcp_IsBadTcpEndpointUrlInvalid(string url)
    {
        var error = Assert.Throws<UaException>(() => UaTcpConnection.ParseEndpointUrl(url));

        Assert.Equal(StatusCodes.BadTcpEndpointUrlInvalid, error.StatusCode.Code);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseEndpointUrl_NoPort_Defaults4840()
    {
        Assert.Equal(("plc1.plant.local", 4840), UaTcpConnection.ParseEndpointUrl("opc.tcp://plc1.plant.local/UA/Server"));
    }

    [Fact]
    public async Task Connect_ServerAcknowledges_NegotiatesAndSendsEndpointUrl()
    {
        using var release = new CancellationTokenSource();
        await using var server = new FakeUaTcpServer(async (stream, _) =>
        {
            await stream.WriteAsync(new UaTcpAcknowledge(0, 8192, 65535, 0, 0).Encode());
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { });
        });

        await using var connection = await UaTcpConnection.ConnectAsync(server.EndpointUrl, new UaTcpOptions(), TimeProvider.System);

        Assert.Equal(8192, connection.Limits.SendChunkSize);
        Assert.Equal(65535, connection.Limits.ReceiveChunkSize);
        var hello = await server.HelloReceived.Task;
        Assert.EndsWith(server.EndpointUrl, Encoding.UTF8.GetString(hello), StringComparison.Ordinal);
        await release.CancelAsync();
    }

    [Fact]
    public async Task Connect_ServerSendsError_ThrowsItsStatusAndReason()
    {
        await using var server = new FakeUaTcpServer(async (stream, _) =>
            await stream.WriteAsync(new UaTcpError(StatusCodes.BadTcpEndpointUrlInvalid, "no such endpoint /fake").Encode()));

        var error = await Assert.ThrowsAsync<UaException>(() => UaTcpConnection.ConnectAsync(server.EndpointUrl, new UaTcpOptions(), TimeProvider.System));

        Assert.Equal(StatusCodes.BadTcpEndpointUrlInvalid, error.StatusCode.Code);
        Assert.Contains("no such endpoint /fake", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ServerClosesWithoutAnswer_IsBadConnectionClosed()
    {
        await using var server = new FakeUaTcpServer((stream, _) =>
        {
            stream.Close();
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<UaException>(() => UaTcpConnection.ConnectAsync(server.EndpointUrl, new UaTcpOptions(), TimeProvider.System));

        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode.Code);
    }

    [Fact]
    public async Task Connect_ServerNeverAcknowledges_TimesOutOnTheClock()
    {
        var clock = new FakeTimeProvider();
        using var release = new CancellationTokenSource();
        await using var server = new FakeUaTcpServer(async (_, _) => await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }));

        var connecting = UaTcpConnection.ConnectAsync(server.EndpointUrl, new UaTcpOptions { ConnectTimeout = TimeSpan.FromSeconds(5) }, clock);
        await server.HelloReceived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<UaException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(30)));
        await release.CancelAsync();

        Assert.Equal(StatusCodes.BadTimeout, error.StatusCode.Code);
    }

    [Fact]
    public async Task Receive_ChunkLargerThanNegotiated_IsBadTcpMessageTooLarge()
    {
        await using var server = new FakeUaTcpServer(async (stream, _) =>
        {
            await stream.WriteAsync(new UaTcpAcknowledge(0, 8192, 8192, 0, 0).Encode());
            var huge = new byte[8];
            new UaTcpHeader(UaTcpMessageType.Message, UaTcpChunkType.Final, 100_000).Write(huge);
            await stream.WriteAsync(huge);
        });
        await using var connection = await UaTcpConnection.ConnectAsync(server.EndpointUrl, new UaTcpOptions(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<UaException>(async () => await connection.ReceiveAsync());

        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, error.StatusCode.Code);
    }

    [Fact]
    public async Task Receive_UnknownMessageType_IsBadTcpMessageTypeInvalid()
    {
        await using var server = new FakeUaTcpServer(async (stream, _) =>
        {
            await stream.WriteAsync(new UaTcpAcknowledge(0, 8192, 8192, 0, 0).Encode());
            var bogus = "XYZF"u8.ToArray().Concat(BitConverter.GetBytes(8)).ToArray();
            await stream.WriteAsync(bogus);
        });
        await using var connection = await UaTcpConnection.ConnectAsync(server.EndpointUrl, new UaTcpOptions(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<UaException>(async () => await connection.ReceiveAsync());

        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, error.StatusCode.Code);
    }

    [Fact]
    public async Task Receive_MessageChunks_ArriveWholeWithBody()
    {
        await using var server = new FakeUaTcpServer(async (stream, _) =>
        {
            await stream.WriteAsync(new UaTcpAcknowledge(0, 8192, 8192, 0, 0).Encode());
            var chunk = new byte[8 + 5];
            new UaTcpHeader(UaTcpMessageType.Message, UaTcpChunkType.Intermediate, chunk.Length).Write(chunk);
            "hello"u8.CopyTo(chunk.AsSpan(8));
            // Dribble it byte by byte: TCP may split chunks anywhere.
            foreach (var b in chunk)
            {
                await stream.WriteAsync(new[] { b });
                await stream.FlushAsync();
            }
        });
        await using var connection = await UaTcpConnection.ConnectAsync(server.EndpointUrl, new UaTcpOptions(), TimeProvider.System);

        using var received = await connection.ReceiveAsync();

        Assert.Equal((UaTcpMessageType.Message, UaTcpChunkType.Intermediate), (received.Header.MessageType, received.Header.ChunkType));
        Assert.Equal("hello", Encoding.ASCII.GetString(received.Body.Span));
    }

    [Fact]
    public async Task Send_ChunkBeyondNegotiatedSize_IsRefusedLocally()
    {
        using var release = new CancellationTokenSource();
        await using var server = new FakeUaTcpServer(async (stream, _) =>
        {
            await stream.WriteAsync(new UaTcpAcknowledge(0, 8192, 8192, 0, 0).Encode());
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { });
        });
        await using var connection = await UaTcpConnection.ConnectAsync(server.EndpointUrl, new UaTcpOptions(), TimeProvider.System);
        var chunk = new byte[8193];
        new UaTcpHeader(UaTcpMessageType.Message, UaTcpChunkType.Final, chunk.Length).Write(chunk);

        await Assert.ThrowsAsync<ArgumentException>(async () => await connection.SendAsync(chunk));
        await release.CancelAsync();
    }

    [Fact]
    public async Task Connect_PlcSim_AcknowledgesWithUsableLimits()
    {
        await using var plcSim = await PlcSimServer.StartAsync();

        await using var connection = await UaTcpConnection.ConnectAsync(plcSim.EndpointUrl, new UaTcpOptions(), TimeProvider.System);

        Assert.InRange(connection.Limits.SendChunkSize, UaTcpOptions.MinBufferSize, 65535);
        Assert.InRange(connection.Limits.ReceiveChunkSize, UaTcpOptions.MinBufferSize, 65535);
    }

    [Fact]
    public async Task Send_GarbageOpenSecureChannelToPlcSim_ServerAnswersWithError()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        await using var connection = await UaTcpConnection.ConnectAsync(plcSim.EndpointUrl, new UaTcpOptions(), TimeProvider.System);
        var chunk = new byte[8 + 12];
        new UaTcpHeader(UaTcpMessageType.OpenSecureChannel, UaTcpChunkType.Final, chunk.Length).Write(chunk);
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(12), 99); // a policy URI length the body does not hold

        await connection.SendAsync(chunk);
        var error = await Assert.ThrowsAsync<UaException>(async () => await connection.ReceiveAsync());

        Assert.True(error.StatusCode.IsBad, error.Message);
        // An Error message from the server, not merely a dropped connection (which would also be Bad).
        Assert.NotEqual(StatusCodes.BadConnectionClosed, error.StatusCode.Code);
        Assert.StartsWith("The server reported", error.Message, StringComparison.Ordinal);
    }
}
