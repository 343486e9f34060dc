using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Tests.Services;

/// <summary>
/// Publish messages: the PublishRequest/PublishResponse vectors of the ASNeG OpcUaStack test suite (Publish_Request,
/// Publish_Response; whole MSG chunks with a 24-byte header), a DataChangeNotification assembled from OPC 10000-4
/// 7.25.2 and 10000-6 5.2, and a large notification batch as the MES receives it.
/// </summary>
public sealed class PublishServiceTests
{
    private const string AsnegPublishRequest =
        "4d 53 47 46 56 00 00 00 d9 7a 25 09 01 00 00 00 36 00 00 00 04 00 00 00 01 00 3a 03 04 01 00 0d " +
        "44 55 b2 8d 2f b7 4f 86 4f 0a f5 94 5d d8 33 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ff " +
        "ff ff ff e0 93 04 00 00 00 00 01 00 00 00 d9 7a 25 09 02 00 00 00";

    private const string AsnegPublishResponse =
        "4d 53 47 46 55 00 00 00 d9 7a 25 09 01 00 00 00 36 00 00 00 04 00 00 00 01 00 3d 03 00 00 00 00 " +
        "00 00 00 00 85 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 01 00 00 " +
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

    [Fact]
    public void WriteMessage_AsnegPublishRequestFields_EncodesByteForByte()
    {
        var request = new PublishRequest
        {
            RequestHeader = new RequestHeader
            {
                AuthenticationToken = new NodeId(new Guid(Hex.Parse("0d 44 55 b2 8d 2f b7 4f 86 4f 0a f5 94 5d d8 33")), 1),
                TimeoutHint = 300_000,
            },
            SubscriptionAcknowledgements = [new SubscriptionAcknowledgement { SubscriptionId = 153451225, SequenceNumber = 2 }],
        };

        Assert.Equal(ReadServiceTests.Body(AsnegPublishRequest), ServiceSamples.EncodeMessage(request));
    }

    [Fact]
    public void ReadMessage_AsnegPublishRequest_DecodesAcknowledgement()
    {
        var body = ReadServiceTests.Body(AsnegPublishRequest);

        var request = Assert.IsType<PublishRequest>(ServiceSamples.DecodeMessage(body));

        var ack = Assert.Single(request.SubscriptionAcknowledgements!);
        Assert.Equal(153451225u, ack.SubscriptionId);
        Assert.Equal(2u, ack.SequenceNumber);
        Assert.Equal(IdType.Guid, request.RequestHeader.AuthenticationToken.IdType);
        Assert.Equal(body, ServiceSamples.EncodeMessage(request));
    }

    [Fact]
    public void WriteMessage_AsnegKeepAlivePublishResponse_EncodesByteForByte()
    {
        // ASNeG writes empty (not null) arrays; an empty NotificationData is a keep-alive.
        var response = new PublishResponse
        {
            ResponseHeader = new ResponseHeader { RequestHandle = 133, StringTable = [] },
            SubscriptionId = 1,
            AvailableSequenceNumbers = [],
            NotificationMessage = new NotificationMessage { SequenceNumber = 1, NotificationData = [] },
            Results = [],
            DiagnosticInfos = [],
        };

        var body = ReadServiceTests.Body(AsnegPublishResponse);
        Assert.Equal(body, ServiceSamples.EncodeMessage(response));
        var decoded = Assert.IsType<PublishResponse>(ServiceSamples.DecodeMessage(body));
        Assert.Equal(1u, decoded.NotificationMessage.SequenceNumber);
        Assert.Empty(decoded.NotificationMessage.NotificationData!);
    }

    private const long UnixEpochTicks = 116_444_736_000_000_000L;

    [Fact]
    public void ReadMessage_PublishResponseWithDataChange_DecodesNotificationsFromSpecificationLayout()
    {
        var bytes = Hex.Parse(
            "01 00 3d 03 " + // i=829 PublishResponse
            "00 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 00 ff ff ff ff 00 00 00 " + // ResponseHeader, handle 5
            "0b 00 00 00 " + // SubscriptionId 11
            "01 00 00 00 02 00 00 00 " + // AvailableSequenceNumbers [2]
            "00 " + // MoreNotifications
            "02 00 00 00 " + // NotificationMessage.SequenceNumber
            "00 80 3e d5 de b1 9d 01 " + // PublishTime 1970-01-01 (the Unix epoch, in ticks since 1601)
            "01 00 00 00 " + // one NotificationData
            "01 00 2b 03 01 2c 00 00 00 " + // ExtensionObject i=811 DataChangeNotification, 44-byte body
            "02 00 00 00 " + // two MonitoredItemNotifications
            "07 00 00 00 05 0b 00 00 00 00 00 00 29 40 00 80 3e d5 de b1 9d 01 " + // handle 7: 12.5, source time
            "08 00 00 00 03 06 2a 00 00 00 00 00 34 80 " + // handle 8: Int32 42, BadNodeIdUnknown
            "ff ff ff ff " + // DiagnosticInfos null
            "00 00 00 00 " + // Results []
            "ff ff ff ff"); // DiagnosticInfos null

        var response = Assert.IsType<PublishResponse>(ServiceSamples.DecodeMessage(bytes));

        Assert.Equal(11u, response.SubscriptionId);
        Assert.Equal([2u], response.AvailableSequenceNumbers!);
        var message = response.NotificationMessage;
        Assert.Equal(2u, message.SequenceNumber);
        Assert.Equal(UnixEpochTicks, message.PublishTime.Ticks);
        var data = Assert.Single(message.NotificationData!);
        Assert.True(data!.TryGetBody<DataChangeNotification>(out var change));
        Assert.Equal(2, change.MonitoredItems!.Length);
        Assert.Equal(7u, change.MonitoredItems[0].ClientHandle);
        Assert.Equal(new Variant(12.5), change.MonitoredItems[0].Value.Value);
        Assert.Equal(UnixEpochTicks, change.MonitoredItems[0].Value.SourceTimestamp.Ticks);
        Assert.Equal(8u, change.MonitoredItems[1].ClientHandle);
        Assert.Equal(new Variant(42), change.MonitoredItems[1].Value.Value);
        Assert.Equal(new StatusCode(StatusCodes.BadNodeIdUnknown), change.MonitoredItems[1].Value.StatusCode);
        Assert.Null(change.DiagnosticInfos);
        Assert.Equal(bytes, ServiceSamples.EncodeMessage(response));
    }

    [Fact]
    public void ReadMessage_PublishResponseWith1000Notifications_DecodesEveryValueAndSourceTimestamp()
    {
        const int count = 1000;
        const long firstTicks = 134_000_000_000_000_000L;
        var bytes = PublishResponseBytes(count, firstTicks);

        var response = Assert.IsType<PublishResponse>(ServiceSamples.DecodeMessage(bytes));

        Assert.True(response.MoreNotifications);
        var data = Assert.Single(response.NotificationMessage.NotificationData!);
        Assert.True(data!.TryGetBody<DataChangeNotification>(out var change));
        var items = change.MonitoredItems!;
        Assert.Equal(count, items.Length);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal((uint)(i + 1), items[i].ClientHandle);
            Assert.True(items[i].Value.Value.TryGetValue(out double value));
            Assert.Equal(i * 0.25, value);
            Assert.Equal(firstTicks + (i * 10_000L), items[i].Value.SourceTimestamp.Ticks);
            Assert.Equal(StatusCode.Good, items[i].Value.StatusCode);
            Assert.Equal(default, items[i].Value.ServerTimestamp);
        }

        Assert.Equal(bytes, ServiceSamples.EncodeMessage(response));
    }

    [Fact]
    public void Decode_DataChangeNotificationWith1000Items_AllocatesOnlyTheItemsAndTheirArray()
    {
        const int count = 1000;
        var body = DataChangeNotificationBody(count, 134_000_000_000_000_000L);
        var decoder = new BinaryDecoder(body, ServiceSamples.Context);
        decoder.ReadEncodeable<DataChangeNotification>(); // warm up, so JIT work is not counted
        decoder = new BinaryDecoder(body, ServiceSamples.Context);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var change = decoder.ReadEncodeable<DataChangeNotification>();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(count, change.MonitoredItems!.Length);
        // Per item an 80-byte MonitoredItemNotification (header, handle, inline DataValue) and an 8-byte array slot,
        // 88 bytes measured on x64; nothing per item for the Double or the timestamps.
        Assert.InRange(allocated, 1, count * 96L);
    }

    [Fact]
    public void ReadMessage_NotificationOfUnknownType_KeepsItsBytesAndWritesThemBack()
    {
        var response = new PublishResponse
        {
            NotificationMessage = new NotificationMessage
            {
                SequenceNumber = 4,
                NotificationData = [new ExtensionObject(new NodeId(5001, 0), new ByteString([1, 2, 3]))],
            },
        };
        var bytes = ServiceSamples.EncodeMessage(response);

        var decoded = Assert.IsType<PublishResponse>(ServiceSamples.DecodeMessage(bytes));

        var data = Assert.Single(decoded.NotificationMessage.NotificationData!);
        Assert.Equal(ExtensionObjectBodyKind.Binary, data!.BodyKind);
        Assert.Equal(bytes, ServiceSamples.EncodeMessage(decoded));
    }

    [Fact]
    public void ReadMessage_EventAndStatusChangeNotifications_DecodeIntoTheirStructures()
    {
        var response = new RepublishResponse
        {
            NotificationMessage = new NotificationMessage
            {
                SequenceNumber = 6,
                NotificationData =
                [
                    new ExtensionObject(new EventNotificationList { Events = [new EventFieldList { ClientHandle = 2, EventFields = [new Variant("Door open")] }] }),
                    new ExtensionObject(new StatusChangeNotification { Status = new StatusCode(StatusCodes.BadTimeout) }),
                ],
            },
        };

        var decoded = Assert.IsType<RepublishResponse>(ServiceSamples.DecodeMessage(ServiceSamples.EncodeMessage(response)));

        var data = decoded.NotificationMessage.NotificationData!;
        Assert.True(data[0]!.TryGetBody<EventNotificationList>(out var events));
        Assert.Equal(new Variant("Door open"), Assert.Single(Assert.Single(events.Events!).EventFields!));
        Assert.True(data[1]!.TryGetBody<StatusChangeNotification>(out var status));
        Assert.Equal(new StatusCode(StatusCodes.BadTimeout), status.Status);
        Assert.Null(status.DiagnosticInfo);
    }

    // Written field by field with primitives, so the layout does not depend on WriteDataValue or WriteMessage.
    private static byte[] DataChangeNotificationBody(int count, long firstTicks)
    {
        using var encoder = new BinaryEncoder();
        encoder.WriteInt32(count);
        for (var i = 0; i < count; i++)
        {
            encoder.WriteUInt32((uint)(i + 1)); // ClientHandle
            encoder.WriteByte(0x05); // DataValue mask: value, source timestamp
            encoder.WriteByte(11); // Variant: Double
            encoder.WriteDouble(i * 0.25);
            encoder.WriteInt64(firstTicks + (i * 10_000L)); // 1 ms apart
        }

        encoder.WriteInt32(-1); // DiagnosticInfos
        return encoder.ToArray();
    }

    private static byte[] PublishResponseBytes(int count, long firstTicks)
    {
        var body = DataChangeNotificationBody(count, firstTicks);
        using var encoder = new BinaryEncoder();
        encoder.WriteRaw(Hex.Parse("01 00 3d 03")); // i=829
        encoder.WriteRaw(Hex.Parse("00 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 00 ff ff ff ff 00 00 00"));
        encoder.WriteUInt32(11); // SubscriptionId
        encoder.WriteInt32(-1); // AvailableSequenceNumbers
        encoder.WriteBoolean(true); // MoreNotifications
        encoder.WriteUInt32(3); // SequenceNumber
        encoder.WriteInt64(firstTicks); // PublishTime
        encoder.WriteInt32(1); // one NotificationData
        encoder.WriteRaw(Hex.Parse("01 00 2b 03 01")); // i=811, binary body
        encoder.WriteInt32(body.Length);
        encoder.WriteRaw(body);
        encoder.WriteInt32(-1); // Results
        encoder.WriteInt32(-1); // DiagnosticInfos
        return encoder.ToArray();
    }
}
