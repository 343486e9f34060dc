using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 5.14.2.</summary>
public sealed class CreateSubscriptionRequest : IServiceRequest, IEncodeable<CreateSubscriptionRequest>
{
    public static readonly NodeId DataTypeId = new(785);
    public static readonly NodeId DefaultBinaryId = new(787);

    public RequestHeader RequestHeader { get; set; } = new();

    /// <summary>Milliseconds between publishing cycles; the server revises it.</summary>
    public double RequestedPublishingInterval { get; set; }

    /// <summary>Publishing intervals without a Publish request before the server deletes the subscription; at least 3 × the keep-alive count.</summary>
    public uint RequestedLifetimeCount { get; set; }

    /// <summary>Publishing intervals without notifications before the server sends an empty keep-alive message.</summary>
    public uint RequestedMaxKeepAliveCount { get; set; }

    /// <summary>0 for no limit.</summary>
    public uint MaxNotificationsPerPublish { get; set; }

    public bool PublishingEnabled { get; set; }

    /// <summary>Relative priority among this session's subscriptions; 0 is lowest.</summary>
    public byte Priority { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CreateSubscriptionRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteDouble(RequestedPublishingInterval);
        encoder.WriteUInt32(RequestedLifetimeCount);
        encoder.WriteUInt32(RequestedMaxKeepAliveCount);
        encoder.WriteUInt32(MaxNotificationsPerPublish);
        encoder.WriteBoolean(PublishingEnabled);
        encoder.WriteByte(Priority);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        RequestedPublishingInterval = decoder.ReadDouble();
        RequestedLifetimeCount = decoder.ReadUInt32();
        RequestedMaxKeepAliveCount = decoder.ReadUInt32();
        MaxNotificationsPerPublish = decoder.ReadUInt32();
        PublishingEnabled = decoder.ReadBoolean();
        Priority = decoder.ReadByte();
    }
}

/// <summary>OPC 10000-4 5.14.2.</summary>
public sealed class CreateSubscriptionResponse : IServiceResponse, IEncodeable<CreateSubscriptionResponse>
{
    public static readonly NodeId DataTypeId = new(788);
    public static readonly NodeId DefaultBinaryId = new(790);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public uint SubscriptionId { get; set; }

    /// <summary>Milliseconds.</summary>
    public double RevisedPublishingInterval { get; set; }

    public uint RevisedLifetimeCount { get; set; }

    public uint RevisedMaxKeepAliveCount { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CreateSubscriptionResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteUInt32(SubscriptionId);
        encoder.WriteDouble(RevisedPublishingInterval);
        encoder.WriteUInt32(RevisedLifetimeCount);
        encoder.WriteUInt32(RevisedMaxKeepAliveCount);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        SubscriptionId = decoder.ReadUInt32();
        RevisedPublishingInterval = decoder.ReadDouble();
        RevisedLifetimeCount = decoder.ReadUInt32();
        RevisedMaxKeepAliveCount = decoder.ReadUInt32();
    }
}

/// <summary>OPC 10000-4 5.14.3: the same settings as CreateSubscription, except PublishingEnabled.</summary>
public sealed class ModifySubscriptionRequest : IServiceRequest, IEncodeable<ModifySubscriptionRequest>
{
    public static readonly NodeId DataTypeId = new(791);
    public static readonly NodeId DefaultBinaryId = new(793);

    public RequestHeader RequestHeader { get; set; } = new();

    public uint SubscriptionId { get; set; }

    /// <summary>Milliseconds.</summary>
    public double RequestedPublishingInterval { get; set; }

    public uint RequestedLifetimeCount { get; set; }

    public uint RequestedMaxKeepAliveCount { get; set; }

    /// <summary>0 for no limit.</summary>
    public uint MaxNotificationsPerPublish { get; set; }

    public byte Priority { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ModifySubscriptionRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteUInt32(SubscriptionId);
        encoder.WriteDouble(RequestedPublishingInterval);
        encoder.WriteUInt32(RequestedLifetimeCount);
        encoder.WriteUInt32(RequestedMaxKeepAliveCount);
        encoder.WriteUInt32(MaxNotificationsPerPublish);
        encoder.WriteByte(Priority);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        SubscriptionId = decoder.ReadUInt32();
        RequestedPublishingInterval = decoder.ReadDouble();
        RequestedLifetimeCount = decoder.ReadUInt32();
        RequestedMaxKeepAliveCount = decoder.ReadUInt32();
        MaxNotificationsPerPublish = decoder.ReadUInt32();
        Priority = decoder.ReadByte();
    }
}

/// <summary>OPC 10000-4 5.14.3.</summary>
public sealed class ModifySubscriptionResponse : IServiceResponse, IEncodeable<ModifySubscriptionResponse>
{
    public static readonly NodeId DataTypeId = new(794);
    public static readonly NodeId DefaultBinaryId = new(796);

    public ResponseHeader ResponseHeader { get; set; } = new();

    /// <summary>Milliseconds.</summary>
    public double RevisedPublishingInterval { get; set; }

    public uint RevisedLifetimeCount { get; set; }

    public uint RevisedMaxKeepAliveCount { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ModifySubscriptionResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteDouble(RevisedPublishingInterval);
        encoder.WriteUInt32(RevisedLifetimeCount);
        encoder.WriteUInt32(RevisedMaxKeepAliveCount);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        RevisedPublishingInterval = decoder.ReadDouble();
        RevisedLifetimeCount = decoder.ReadUInt32();
        RevisedMaxKeepAliveCount = decoder.ReadUInt32();
    }
}

/// <summary>OPC 10000-4 5.14.4.</summary>
public sealed class SetPublishingModeRequest : IServiceRequest, IEncodeable<SetPublishingModeRequest>
{
    public static readonly NodeId DataTypeId = new(797);
    public static readonly NodeId DefaultBinaryId = new(799);

    public RequestHeader RequestHeader { get; set; } = new();

    public bool PublishingEnabled { get; set; }

    public uint[]? SubscriptionIds { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static SetPublishingModeRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteBoolean(PublishingEnabled);
        encoder.WriteUInt32Array(SubscriptionIds);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        PublishingEnabled = decoder.ReadBoolean();
        SubscriptionIds = decoder.ReadUInt32Array();
    }
}

/// <summary>OPC 10000-4 5.14.4: one status per subscription, in request order.</summary>
public sealed class SetPublishingModeResponse : IServiceResponse, IEncodeable<SetPublishingModeResponse>
{
    public static readonly NodeId DataTypeId = new(800);
    public static readonly NodeId DefaultBinaryId = new(802);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public StatusCode[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static SetPublishingModeResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteStatusCodeArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Results = decoder.ReadStatusCodeArray();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}

/// <summary>OPC 10000-4 5.14.7 (TransferResult): the outcome for one subscription moved to this session.</summary>
public sealed class TransferResult : IEncodeable<TransferResult>
{
    public static readonly NodeId DataTypeId = new(836);
    public static readonly NodeId DefaultBinaryId = new(838);

    public StatusCode StatusCode { get; set; }

    /// <summary>Sequence numbers of the messages the server still holds for Republish.</summary>
    public uint[]? AvailableSequenceNumbers { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static TransferResult Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteStatusCode(StatusCode);
        encoder.WriteUInt32Array(AvailableSequenceNumbers);
    }

    public void Decode(BinaryDecoder decoder)
    {
        StatusCode = decoder.ReadStatusCode();
        AvailableSequenceNumbers = decoder.ReadUInt32Array();
    }
}

/// <summary>OPC 10000-4 5.14.7: moves subscriptions of a lost session to this one, after a reconnect.</summary>
public sealed class TransferSubscriptionsRequest : IServiceRequest, IEncodeable<TransferSubscriptionsRequest>
{
    public static readonly NodeId DataTypeId = new(839);
    public static readonly NodeId DefaultBinaryId = new(841);

    public RequestHeader RequestHeader { get; set; } = new();

    public uint[]? SubscriptionIds { get; set; }

    /// <summary>True makes the server send the current value of every monitored item again.</summary>
    public bool SendInitialValues { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static TransferSubscriptionsRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteUInt32Array(SubscriptionIds);
        encoder.WriteBoolean(SendInitialValues);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        SubscriptionIds = decoder.ReadUInt32Array();
        SendInitialValues = decoder.ReadBoolean();
    }
}

/// <summary>OPC 10000-4 5.14.7: one result per subscription, in request order.</summary>
public sealed class TransferSubscriptionsResponse : IServiceResponse, IEncodeable<TransferSubscriptionsResponse>
{
    public static readonly NodeId DataTypeId = new(842);
    public static readonly NodeId DefaultBinaryId = new(844);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public TransferResult[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static TransferSubscriptionsResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteEncodeableArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Results = decoder.ReadEncodeableArray<TransferResult>();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}

/// <summary>OPC 10000-4 5.14.8.</summary>
public sealed class DeleteSubscriptionsRequest : IServiceRequest, IEncodeable<DeleteSubscriptionsRequest>
{
    public static readonly NodeId DataTypeId = new(845);
    public static readonly NodeId DefaultBinaryId = new(847);

    public RequestHeader RequestHeader { get; set; } = new();

    public uint[]? SubscriptionIds { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static DeleteSubscriptionsRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteUInt32Array(SubscriptionIds);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        SubscriptionIds = decoder.ReadUInt32Array();
    }
}

/// <summary>OPC 10000-4 5.14.8: one status per subscription, in request order.</summary>
public sealed class DeleteSubscriptionsResponse : IServiceResponse, IEncodeable<DeleteSubscriptionsResponse>
{
    public static readonly NodeId DataTypeId = new(848);
    public static readonly NodeId DefaultBinaryId = new(850);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public StatusCode[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static DeleteSubscriptionsResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteStatusCodeArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Results = decoder.ReadStatusCodeArray();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}
