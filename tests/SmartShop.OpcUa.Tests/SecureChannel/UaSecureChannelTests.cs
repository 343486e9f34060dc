using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.SecureChannel;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Transport;
using SmartShop.Testing;

namespace SmartShop.OpcUa.Tests.SecureChannel;

public sealed class UaSecureChannelTests
{
    private static async Task<UaSecureChannel> OpenAsync(FakeSecureChannelTransport transport, FakeTimeProvider time, uint lifetimeMs = 600_000)
    {
        var opening = UaSecureChannel.OpenAsync(transport, new SecureChannelOptions { RequestTimeout = TimeSpan.FromSeconds(10) }, time);
        var (type, requestId, _, message) = await transport.NextRequestAsync();
        Assert.Equal(UaTcpMessageType.OpenSecureChannel, type);
        Assert.Equal(SecurityTokenRequestType.Issue, ((OpenSecureChannelRequest)message).RequestType);
        transport.Respond(requestId, new OpenSecureChannelResponse
        {
            ResponseHeader = new ResponseHeader { RequestHandle = ((OpenSecureChannelRequest)message).RequestHeader.RequestHandle },
            SecurityToken = new ChannelSecurityToken { ChannelId = transport.ChannelId, TokenId = transport.TokenId, RevisedLifetime = lifetimeMs },
        }, openSecureChannel: true);
        return await opening;
    }

    private static uint HandleOf((UaTcpMessageType, uint, uint, IEncodeable Message) request) => ((IServiceRequest)request.Message).RequestHeader.RequestHandle;

    private static ReadResponse ReadResponse(uint handle, uint value) => new()
    {
        ResponseHeader = new ResponseHeader { RequestHandle = handle },
        Results = [new DataValue(new Variant(value))],
    };

    [Fact]
    public async Task SendRequest_ResponsesOutOfOrder_EachReachesItsRequest()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time);

        var first = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var second = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var a = await transport.NextRequestAsync();
        var b = await transport.NextRequestAsync();
        transport.Respond(b.RequestId, ReadResponse(HandleOf(b), 2));
        transport.Respond(a.RequestId, ReadResponse(HandleOf(a), 1));

        Assert.True((await first).Results![0].Value.TryGetValue(out uint one) && one == 1);
        Assert.True((await second).Results![0].Value.TryGetValue(out uint two) && two == 2);
        Assert.Equal(42u, channel.ChannelId);
    }

    [Fact]
    public async Task SendRequest_NoResponseWithinTimeout_ThrowsBadTimeout()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time);

        var pending = channel.SendRequestAsync<ReadResponse>(new ReadRequest(), TimeSpan.FromSeconds(5));
        var request = await transport.NextRequestAsync();
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<UaException>(() => pending);
        Assert.Equal(StatusCodes.BadTimeout, error.StatusCode.Code);
        Assert.Equal(5000u, ((ReadRequest)request.Message).RequestHeader.TimeoutHint);
    }

    [Fact]
    public async Task SendRequest_LateResponseAfterTimeout_ChannelKeepsWorking()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time);
        var timedOut = channel.SendRequestAsync<ReadResponse>(new ReadRequest(), TimeSpan.FromSeconds(1));
        var late = await transport.NextRequestAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<UaException>(() => timedOut);

        var next = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var request = await transport.NextRequestAsync();
        transport.Respond(late.RequestId, ReadResponse(HandleOf(late), 1));
        transport.Respond(request.RequestId, ReadResponse(HandleOf(request), 7));

        Assert.True((await next).Results![0].Value.TryGetValue(out uint value) && value == 7);
    }

    [Fact]
    public async Task SendRequest_ServiceFault_ThrowsServersStatus()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time);

        var pending = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var request = await transport.NextRequestAsync();
        transport.Respond(request.RequestId, new ServiceFault { ResponseHeader = new ResponseHeader { ServiceResult = new StatusCode(StatusCodes.BadSessionIdInvalid) } });

        var error = await Assert.ThrowsAsync<UaException>(() => pending);
        Assert.Equal(StatusCodes.BadSessionIdInvalid, error.StatusCode.Code);
    }

    [Fact]
    public async Task Token_At75PercentOfLifetime_RenewsAndSendsWithNewToken()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time, lifetimeMs: 100_000);

        time.Advance(TimeSpan.FromSeconds(74));
        time.Advance(TimeSpan.FromSeconds(1));
        var renew = await transport.NextRequestAsync();
        Assert.Equal(SecurityTokenRequestType.Renew, ((OpenSecureChannelRequest)renew.Message).RequestType);
        transport.TokenId = 2;
        transport.Respond(renew.RequestId, new OpenSecureChannelResponse
        {
            ResponseHeader = new ResponseHeader { RequestHandle = HandleOf(renew) },
            SecurityToken = new ChannelSecurityToken { ChannelId = 42, TokenId = 2, RevisedLifetime = 100_000 },
        }, openSecureChannel: true);
        await channel.Renewal;

        // The old token stays valid until the server uses the new one.
        var pending = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var request = await transport.NextRequestAsync();
        transport.Respond(request.RequestId, ReadResponse(HandleOf(request), 3), tokenId: 1);

        Assert.Equal(2u, request.TokenId);
        Assert.True((await pending).Results![0].Value.TryGetValue(out uint value) && value == 3);
        Assert.Equal(2u, channel.Token!.TokenId);
    }

    [Fact]
    public async Task Token_OldTokenAfterServerUsedNewOne_StillAcceptedUntilItExpires()
    {
        // A Publish request sent with the old token is answered with it after the server has used the new one.
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time, lifetimeMs: 100_000);
        time.Advance(TimeSpan.FromSeconds(75));
        var renew = await transport.NextRequestAsync();
        transport.Respond(renew.RequestId, new OpenSecureChannelResponse
        {
            ResponseHeader = new ResponseHeader { RequestHandle = HandleOf(renew) },
            SecurityToken = new ChannelSecurityToken { ChannelId = 42, TokenId = 2, RevisedLifetime = 100_000 },
        }, openSecureChannel: true);
        await channel.Renewal;
        var first = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var second = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var a = await transport.NextRequestAsync();
        var b = await transport.NextRequestAsync();

        transport.Respond(a.RequestId, ReadResponse(HandleOf(a), 1), tokenId: 2);
        transport.Respond(b.RequestId, ReadResponse(HandleOf(b), 2), tokenId: 1);

        Assert.True((await first).Results![0].Value.TryGetValue(out uint one) && one == 1);
        Assert.True((await second).Results![0].Value.TryGetValue(out uint two) && two == 2);
    }

    [Fact]
    public async Task Token_OldTokenAfterItExpired_FaultsChannel()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time, lifetimeMs: 100_000);
        time.Advance(TimeSpan.FromSeconds(75));
        var renew = await transport.NextRequestAsync();
        transport.Respond(renew.RequestId, new OpenSecureChannelResponse
        {
            ResponseHeader = new ResponseHeader { RequestHandle = HandleOf(renew) },
            SecurityToken = new ChannelSecurityToken { ChannelId = 42, TokenId = 2, RevisedLifetime = 100_000 },
        }, openSecureChannel: true);
        await channel.Renewal;
        var pending = channel.SendRequestAsync<ReadResponse>(new ReadRequest(), TimeSpan.FromMinutes(10));
        var request = await transport.NextRequestAsync();

        time.Advance(TimeSpan.FromSeconds(51)); // 125 s after the old token was issued: past its lifetime plus 25 %
        transport.Respond(request.RequestId, ReadResponse(HandleOf(request), 2), tokenId: 1);

        var error = await Assert.ThrowsAsync<UaException>(() => pending);
        Assert.Equal(StatusCodes.BadSecureChannelTokenUnknown, error.StatusCode.Code);
    }

    [Fact]
    public async Task Dispose_OpenChannel_SendsCloseSecureChannel()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        var channel = await OpenAsync(transport, time);

        await channel.DisposeAsync();
        var close = await transport.NextRequestAsync();

        Assert.Equal(UaTcpMessageType.CloseSecureChannel, close.Type);
        Assert.IsType<CloseSecureChannelRequest>(close.Message);
        Assert.True(transport.Disposed);
    }

    [Fact]
    public async Task SendRequest_ConnectionLost_FailsPendingRequests()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time);
        var pending = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        await transport.NextRequestAsync();

        await transport.DisposeAsync();

        var error = await Assert.ThrowsAsync<UaException>(() => pending);
        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode.Code);
    }

    [Fact]
    public async Task SendRequest_AbortChunk_FailsThatRequestOnlyWithServersStatus()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time);
        var aborted = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var other = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var a = await transport.NextRequestAsync();
        var b = await transport.NextRequestAsync();

        transport.RespondAbort(a.RequestId, StatusCodes.BadResponseTooLarge, "too much");
        transport.Respond(b.RequestId, ReadResponse(HandleOf(b), 5));

        var error = await Assert.ThrowsAsync<UaException>(() => aborted);
        Assert.Equal(StatusCodes.BadResponseTooLarge, error.StatusCode.Code);
        Assert.True((await other).Results![0].Value.TryGetValue(out uint value) && value == 5);
    }

    [Fact]
    public async Task Receive_SequenceNumberGap_FaultsChannelAndPendingRequests()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time);
        var pending = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var request = await transport.NextRequestAsync();

        transport.SkipSequenceNumbers(3);
        transport.Respond(request.RequestId, ReadResponse(HandleOf(request), 1));

        var error = await Assert.ThrowsAsync<UaException>(() => pending);
        Assert.Equal(StatusCodes.BadSequenceNumberInvalid, error.StatusCode.Code);
        await Assert.ThrowsAsync<UaException>(() => channel.SendRequestAsync<ReadResponse>(new ReadRequest()));
    }

    [Fact]
    public async Task SendRequest_ResponseWithAnotherHandle_ThrowsUnknownResponse()
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSecureChannelTransport();
        await using var channel = await OpenAsync(transport, time);
        var pending = channel.SendRequestAsync<ReadResponse>(new ReadRequest());
        var request = await transport.NextRequestAsync();

        transport.Respond(request.RequestId, ReadResponse(HandleOf(request) + 1, 1));

        var error = await Assert.ThrowsAsync<UaException>(() => pending);
        Assert.Equal(StatusCodes.BadUnknownResponse, error.StatusCode.Code);
    }
}
