using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 5.14.5.2: tells the server a notification message arrived and can be dropped.</summary>
public sealed class SubscriptionAcknowledgement : IEncodeable<SubscriptionAcknowledgement>
{
    public static readonly NodeId DataTypeId = new(821);
    public static readonly NodeId DefaultBinaryId = new(823);

    public uint SubscriptionId { get; set; }

    public uint SequenceNumber { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static SubscriptionAcknowledgement Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteUInt32(SubscriptionId);
        encoder.WriteUInt32(SequenceNumber);
    }

    public void Decode(BinaryDecoder decoder)
    {
        SubscriptionId = decoder.ReadUInt32();
        SequenceNumber = decoder.ReadUInt32();
    }
}

/// <summary>
/// OPC 10000-4 5.14.5: a slot the server fills with the next notification message of any of the session's
/// subscriptions. Clients keep several outstanding so no publishing cycle waits for a round trip.
/// </summary>
public sealed class PublishRequest : IServiceRequest, IEncodeable<PublishRequest>
{
    public static readonly NodeId DataTypeId = new(824);
    public static readonly NodeId DefaultBinaryId = new(826);

    public RequestHeader RequestHeader { get; set; } = new();

    public SubscriptionAcknowledgement[]? SubscriptionAcknowledgements { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static PublishRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteEncodeableArray(SubscriptionAcknowledgements);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        SubscriptionAcknowledgements = decoder.ReadEncodeableArray<SubscriptionAcknowledgement>();
    }
}

/// <summary>OPC 10000-4 5.14.5.</summary>
public sealed class PublishResponse : IServiceResponse, IEncodeable<PublishResponse>
{
    public static readonly NodeId DataTypeId = new(827);
    public static readonly NodeId DefaultBinaryId = new(829);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public uint SubscriptionId { get; set; }

    /// <summary>Sequence numbers not yet acknowledged, which Republish can still return.</summary>
    public uint[]? AvailableSequenceNumbers { get; set; }

    /// <summary>True when the server could not fit every notification into this message.</summary>
    public bool MoreNotifications { get; set; }

    public NotificationMessage NotificationMessage { get; set; } = new();

    /// <summary>One status per acknowledgement of the request, in request order.</summary>
    public StatusCode[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static PublishResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteUInt32(SubscriptionId);
        encoder.WriteUInt32Array(AvailableSequenceNumbers);
        encoder.WriteBoolean(MoreNotifications);
        encoder.WriteEncodeable(NotificationMessage);
        encoder.WriteStatusCodeArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        SubscriptionId = decoder.ReadUInt32();
        AvailableSequenceNumbers = decoder.ReadUInt32Array();
        MoreNotifications = decoder.ReadBoolean();
        NotificationMessage = decoder.ReadEncodeable<NotificationMessage>();
        Results = decoder.ReadStatusCodeArray();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}

/// <summary>OPC 10000-4 5.14.6: asks again for a message that was lost (after a reconnect).</summary>
public sealed class RepublishRequest : IServiceRequest, IEncodeable<RepublishRequest>
{
    public static readonly NodeId DataTypeId = new(830);
    public static readonly NodeId DefaultBinaryId = new(832);

    public RequestHeader RequestHeader { get; set; } = new();

    public uint SubscriptionId { get; set; }

    public uint RetransmitSequenceNumber { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static RepublishRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteUInt32(SubscriptionId);
        encoder.WriteUInt32(RetransmitSequenceNumber);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        SubscriptionId = decoder.ReadUInt32();
        RetransmitSequenceNumber = decoder.ReadUInt32();
    }
}

/// <summary>OPC 10000-4 5.14.6.</summary>
public sealed class RepublishResponse : IServiceResponse, IEncodeable<RepublishResponse>
{
    public static readonly NodeId DataTypeId = new(833);
    public static readonly NodeId DefaultBinaryId = new(835);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public NotificationMessage NotificationMessage { get; set; } = new();

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static RepublishResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteEncodeable(NotificationMessage);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        NotificationMessage = decoder.ReadEncodeable<NotificationMessage>();
    }
}

/// <summary>
/// OPC 10000-4 7.24: one publishing cycle's notifications. An empty NotificationData is a keep-alive, whose
/// sequence number is the next one to come (it is not consumed).
/// </summary>
public sealed class NotificationMessage : IEncodeable<NotificationMessage>
{
    public static readonly NodeId DataTypeId = new(803);
    public static readonly NodeId DefaultBinaryId = new(805);

    public uint SequenceNumber { get; set; }

    public UaDateTime PublishTime { get; set; }

    /// <summary>
    /// <see cref="DataChangeNotification"/>, <see cref="EventNotificationList"/> or <see cref="StatusChangeNotification"/>
    /// bodies, decoded when the context's registry knows them (see <see cref="ServiceTypes"/>).
    /// </summary>
    public ExtensionObject?[]? NotificationData { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static NotificationMessage Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteUInt32(SequenceNumber);
        encoder.WriteDateTime(PublishTime);
        encoder.WriteExtensionObjectArray(NotificationData);
    }

    public void Decode(BinaryDecoder decoder)
    {
        SequenceNumber = decoder.ReadUInt32();
        PublishTime = decoder.ReadDateTime();
        NotificationData = decoder.ReadExtensionObjectArray();
    }
}

/// <summary>
/// OPC 10000-4 7.25.2: a new value of one monitored item. A class rather than a struct because
/// <see cref="IEncodeable{TSelf}"/> is for classes; decoding one costs this object and nothing else (a
/// <see cref="DataValue"/> with a numeric value allocates nothing).
/// </summary>
public sealed class MonitoredItemNotification : IEncodeable<MonitoredItemNotification>
{
    public static readonly NodeId DataTypeId = new(806);
    public static readonly NodeId DefaultBinaryId = new(808);

    /// <summary>The <see cref="MonitoringParameters.ClientHandle"/> of the item.</summary>
    public uint ClientHandle { get; set; }

    public DataValue Value { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static MonitoredItemNotification Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteUInt32(ClientHandle);
        encoder.WriteDataValue(Value);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ClientHandle = decoder.ReadUInt32();
        Value = decoder.ReadDataValue();
    }
}

/// <summary>OPC 10000-4 7.25.2: the data changes of one publishing cycle, the MES's hot path.</summary>
public sealed class DataChangeNotification : IEncodeable<DataChangeNotification>
{
    public static readonly NodeId DataTypeId = new(809);
    public static readonly NodeId DefaultBinaryId = new(811);

    public MonitoredItemNotification[]? MonitoredItems { get; set; }

    /// <summary>One per item when the request asked for diagnostics; usually empty.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static DataChangeNotification Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeableArray(MonitoredItems);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        // ReadEncodeableArray checks the count against the remaining bytes and the limits before it allocates,
        // then fills a plain array in a loop: one array and one object per item.
        MonitoredItems = decoder.ReadEncodeableArray<MonitoredItemNotification>();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}

/// <summary>OPC 10000-4 7.25.4: the subscription changed state (e.g. BadTimeout when its lifetime expired).</summary>
public sealed class StatusChangeNotification : IEncodeable<StatusChangeNotification>
{
    public static readonly NodeId DataTypeId = new(818);
    public static readonly NodeId DefaultBinaryId = new(820);

    public StatusCode Status { get; set; }

    public DiagnosticInfo? DiagnosticInfo { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static StatusChangeNotification Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteStatusCode(Status);
        encoder.WriteDiagnosticInfo(DiagnosticInfo);
    }

    public void Decode(BinaryDecoder decoder)
    {
        Status = decoder.ReadStatusCode();
        DiagnosticInfo = decoder.ReadDiagnosticInfo();
    }
}

/// <summary>OPC 10000-4 7.25.3: the events of one publishing cycle.</summary>
public sealed class EventNotificationList : IEncodeable<EventNotificationList>
{
    public static readonly NodeId DataTypeId = new(914);
    public static readonly NodeId DefaultBinaryId = new(916);

    public EventFieldList[]? Events { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static EventNotificationList Create() => new();

    public void Encode(BinaryEncoder encoder) => encoder.WriteEncodeableArray(Events);

    public void Decode(BinaryDecoder decoder) => Events = decoder.ReadEncodeableArray<EventFieldList>();
}

/// <summary>OPC 10000-4 7.25.3: one event, its fields in the order of the event filter's select clauses.</summary>
public sealed class EventFieldList : IEncodeable<EventFieldList>
{
    public static readonly NodeId DataTypeId = new(917);
    public static readonly NodeId DefaultBinaryId = new(919);

    public uint ClientHandle { get; set; }

    public Variant[]? EventFields { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static EventFieldList Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteUInt32(ClientHandle);
        encoder.WriteVariantArray(EventFields);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ClientHandle = decoder.ReadUInt32();
        EventFields = decoder.ReadVariantArray();
    }
}
