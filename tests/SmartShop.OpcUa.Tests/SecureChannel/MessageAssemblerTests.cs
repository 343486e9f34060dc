using System.Buffers.Binary;
using System.Text;
using SmartShop.OpcUa.SecureChannel;
using SmartShop.OpcUa.Transport;

namespace SmartShop.OpcUa.Tests.SecureChannel;

public sealed class MessageAssemblerTests
{
    [Fact]
    public void Add_SingleFinalChunk_ReturnsItsPayload()
    {
        using var assembler = new MessageAssembler(1000, 10);

        using var message = assembler.Add(UaTcpChunkType.Final, 7, "abc"u8);

        Assert.Equal((7u, "abc"), (message!.RequestId, Encoding.ASCII.GetString(message.Body.Span)));
    }

    [Fact]
    public void Add_InterleavedRequests_ReassemblesEachInOrder()
    {
        using var assembler = new MessageAssembler(1000, 10);

        Assert.Null(assembler.Add(UaTcpChunkType.Intermediate, 1, "one-"u8));
        Assert.Null(assembler.Add(UaTcpChunkType.Intermediate, 2, "two-"u8));
        Assert.Null(assembler.Add(UaTcpChunkType.Intermediate, 1, "a-"u8));
        using var second = assembler.Add(UaTcpChunkType.Final, 2, "end"u8);
        using var first = assembler.Add(UaTcpChunkType.Final, 1, "end"u8);

        Assert.Equal("one-a-end", Encoding.ASCII.GetString(first!.Body.Span));
        Assert.Equal("two-end", Encoding.ASCII.GetString(second!.Body.Span));
        Assert.Equal(0, assembler.PendingCount);
    }

    [Fact]
    public void Add_LargeMessage_GrowsBeyondInitialBuffer()
    {
        using var assembler = new MessageAssembler(1_000_000, 100);
        var piece = new byte[8000];
        piece.AsSpan().Fill(0x5A);

        for (var i = 0; i < 9; i++)
        {
            Assert.Null(assembler.Add(UaTcpChunkType.Intermediate, 3, piece));
        }

        using var message = assembler.Add(UaTcpChunkType.Final, 3, piece);
        Assert.Equal(80_000, message!.Body.Length);
        Assert.All(message.Body.ToArray(), b => Assert.Equal(0x5A, b));
    }

    [Fact]
    public void Add_MoreChunksThanAllowed_ThrowsAndDropsTheMessage()
    {
        using var assembler = new MessageAssembler(1_000_000, 2);
        assembler.Add(UaTcpChunkType.Intermediate, 9, "a"u8);
        assembler.Add(UaTcpChunkType.Intermediate, 9, "b"u8);

        var error = Assert.Throws<UaException>(() => assembler.Add(UaTcpChunkType.Intermediate, 9, "c"u8));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
        Assert.Equal(0, assembler.PendingCount);
    }

    [Fact]
    public void Add_BodyOverMaxMessageSize_IsBadResponseTooLarge()
    {
        using var assembler = new MessageAssembler(10, 0);
        assembler.Add(UaTcpChunkType.Intermediate, 4, "123456"u8);

        var error = Assert.Throws<UaException>(() => assembler.Add(UaTcpChunkType.Final, 4, "78901"u8));

        Assert.Equal(StatusCodes.BadResponseTooLarge, error.StatusCode.Code);
        Assert.Equal(0, assembler.PendingCount);
    }

    [Fact]
    public void Add_AbortChunk_ThrowsServerStatusAndReasonAndDropsPartial()
    {
        using var assembler = new MessageAssembler(1000, 10);
        assembler.Add(UaTcpChunkType.Intermediate, 5, "part"u8);
        var reason = "response too large"u8.ToArray();
        var abort = new byte[8 + reason.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(abort, StatusCodes.BadResponseTooLarge);
        BinaryPrimitives.WriteInt32LittleEndian(abort.AsSpan(4), reason.Length);
        reason.CopyTo(abort, 8);

        var error = Assert.Throws<UaException>(() => assembler.Add(UaTcpChunkType.Abort, 5, abort));

        Assert.Equal(StatusCodes.BadResponseTooLarge, error.StatusCode.Code);
        Assert.Contains("response too large", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, assembler.PendingCount);
    }

    [Fact]
    public void Add_MalformedAbortChunk_IsBadDecodingError()
    {
        using var assembler = new MessageAssembler(1000, 10);

        var error = Assert.Throws<UaException>(() => assembler.Add(UaTcpChunkType.Abort, 5, "xy"u8));

        Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
    }
}
