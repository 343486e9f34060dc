using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 7.23, an Int32 on the wire.</summary>
public enum MonitoringMode
{
    /// <summary>Neither sampled nor reported.</summary>
    Disabled = 0,

    /// <summary>Sampled and queued, not reported (used with triggering).</summary>
    Sampling = 1,

    Reporting = 2,
}

/// <summary>What counts as a data change (OPC 10000-4 7.22.2), an Int32 on the wire.</summary>
public enum DataChangeTrigger
{
    Status = 0,
    StatusValue = 1,
    StatusValueTimestamp = 2,
}

/// <summary>OPC 10000-4 7.22.2; a UInt32 in <see cref="DataChangeFilter.DeadbandType"/>.</summary>
public enum DeadbandType : uint
{
    None = 0,

    /// <summary>DeadbandValue is in the value's engineering units.</summary>
    Absolute = 1,

    /// <summary>DeadbandValue is a percentage (0-100) of the EURange; needs an AnalogItem.</summary>
    Percent = 2,
}

/// <summary>OPC 10000-4 7.22.2: sent in <see cref="MonitoringParameters.Filter"/> as an ExtensionObject.</summary>
public sealed class DataChangeFilter : IEncodeable<DataChangeFilter>
{
    public static readonly NodeId DataTypeId = new(722);
    public static readonly NodeId DefaultBinaryId = new(724);

    public DataChangeTrigger Trigger { get; set; } = DataChangeTrigger.StatusValue;

    public DeadbandType DeadbandType { get; set; }

    /// <summary>Engineering units for Absolute, percent for Percent.</summary>
    public double DeadbandValue { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static DataChangeFilter Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteInt32((int)Trigger);
        encoder.WriteUInt32((uint)DeadbandType);
        encoder.WriteDouble(DeadbandValue);
    }

    public void Decode(BinaryDecoder decoder)
    {
        Trigger = (DataChangeTrigger)decoder.ReadInt32();
        DeadbandType = (DeadbandType)decoder.ReadUInt32();
        DeadbandValue = decoder.ReadDouble();
    }
}

/// <summary>OPC 10000-4 7.21: how an item is sampled and queued.</summary>
public sealed class MonitoringParameters : IEncodeable<MonitoringParameters>
{
    public static readonly NodeId DataTypeId = new(740);
    public static readonly NodeId DefaultBinaryId = new(742);

    /// <summary>Client-chosen id, returned in every notification of the item.</summary>
    public uint ClientHandle { get; set; }

    /// <summary>Milliseconds; -1 for the subscription's publishing interval, 0 for the fastest the server can.</summary>
    public double SamplingInterval { get; set; } = -1;

    /// <summary>A <see cref="DataChangeFilter"/> (or an event/aggregate filter); null for the default data change filter.</summary>
    public ExtensionObject? Filter { get; set; }

    /// <summary>Values kept between publishes; 0 or 1 keeps the latest only.</summary>
    public uint QueueSize { get; set; } = 1;

    /// <summary>On overflow, drop the oldest value (true) or the newest (false).</summary>
    public bool DiscardOldest { get; set; } = true;

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static MonitoringParameters Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteUInt32(ClientHandle);
        encoder.WriteDouble(SamplingInterval);
        encoder.WriteExtensionObject(Filter);
        encoder.WriteUInt32(QueueSize);
        encoder.WriteBoolean(DiscardOldest);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ClientHandle = decoder.ReadUInt32();
        SamplingInterval = decoder.ReadDouble();
        Filter = decoder.ReadExtensionObject();
        QueueSize = decoder.ReadUInt32();
        DiscardOldest = decoder.ReadBoolean();
    }
}

/// <summary>OPC 10000-4 5.13.2.2: one item to monitor.</summary>
public sealed class MonitoredItemCreateRequest : IEncodeable<MonitoredItemCreateRequest>
{
    public static readonly NodeId DataTypeId = new(743);
    public static readonly NodeId DefaultBinaryId = new(745);

    public ReadValueId ItemToMonitor { get; set; } = new();

    public MonitoringMode MonitoringMode { get; set; } = MonitoringMode.Reporting;

    public MonitoringParameters RequestedParameters { get; set; } = new();

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static MonitoredItemCreateRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ItemToMonitor);
        encoder.WriteInt32((int)MonitoringMode);
        encoder.WriteEncodeable(RequestedParameters);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ItemToMonitor = decoder.ReadEncodeable<ReadValueId>();
        MonitoringMode = (MonitoringMode)decoder.ReadInt32();
        RequestedParameters = decoder.ReadEncodeable<MonitoringParameters>();
    }
}

/// <summary>OPC 10000-4 5.13.2.2.</summary>
public sealed class MonitoredItemCreateResult : IEncodeable<MonitoredItemCreateResult>
{
    public static readonly NodeId DataTypeId = new(746);
    public static readonly NodeId DefaultBinaryId = new(748);

    public StatusCode StatusCode { get; set; }

    /// <summary>Server-assigned id, used to modify or delete the item.</summary>
    public uint MonitoredItemId { get; set; }

    /// <summary>Milliseconds.</summary>
    public double RevisedSamplingInterval { get; set; }

    public uint RevisedQueueSize { get; set; }

    /// <summary>Revised filter parameters, for event and aggregate filters; null for data change filters.</summary>
    public ExtensionObject? FilterResult { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static MonitoredItemCreateResult Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteStatusCode(StatusCode);
        encoder.WriteUInt32(MonitoredItemId);
        encoder.WriteDouble(RevisedSamplingInterval);
        encoder.WriteUInt32(RevisedQueueSize);
        encoder.WriteExtensionObject(FilterResult);
    }

    public void Decode(BinaryDecoder decoder)
    {
        StatusCode = decoder.ReadStatusCode();
        MonitoredItemId = decoder.ReadUInt32();
        RevisedSamplingInterval = decoder.ReadDouble();
        RevisedQueueSize = decoder.ReadUInt32();
        FilterResult = decoder.ReadExtensionObject();
    }
}

/// <summary>OPC 10000-4 5.13.2.</summary>
public sealed class CreateMonitoredItemsRequest : IServiceRequest, IEncodeable<CreateMonitoredItemsRequest>
{
    public static readonly NodeId DataTypeId = new(749);
    public static readonly NodeId DefaultBinaryId = new(751);

    public RequestHeader RequestHeader { get; set; } = new();

    public uint SubscriptionId { get; set; }

    public TimestampsToReturn TimestampsToReturn { get; set; } = TimestampsToReturn.Source;

    public MonitoredItemCreateRequest[]? ItemsToCreate { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CreateMonitoredItemsRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteUInt32(SubscriptionId);
        encoder.WriteInt32((int)TimestampsToReturn);
        encoder.WriteEncodeableArray(ItemsToCreate);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        SubscriptionId = decoder.ReadUInt32();
        TimestampsToReturn = (TimestampsToReturn)decoder.ReadInt32();
        ItemsToCreate = decoder.ReadEncodeableArray<MonitoredItemCreateRequest>();
    }
}

/// <summary>OPC 10000-4 5.13.2: one result per item, in request order.</summary>
public sealed class CreateMonitoredItemsResponse : IServiceResponse, IEncodeable<CreateMonitoredItemsResponse>
{
    public static readonly NodeId DataTypeId = new(752);
    public static readonly NodeId DefaultBinaryId = new(754);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public MonitoredItemCreateResult[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CreateMonitoredItemsResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteEncodeableArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Results = decoder.ReadEncodeableArray<MonitoredItemCreateResult>();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}

/// <summary>OPC 10000-4 5.13.3.2: new parameters for one item.</summary>
public sealed class MonitoredItemModifyRequest : IEncodeable<MonitoredItemModifyRequest>
{
    public static readonly NodeId DataTypeId = new(755);
    public static readonly NodeId DefaultBinaryId = new(757);

    public uint MonitoredItemId { get; set; }

    public MonitoringParameters RequestedParameters { get; set; } = new();

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static MonitoredItemModifyRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteUInt32(MonitoredItemId);
        encoder.WriteEncodeable(RequestedParameters);
    }

    public void Decode(BinaryDecoder decoder)
    {
        MonitoredItemId = decoder.ReadUInt32();
        RequestedParameters = decoder.ReadEncodeable<MonitoringParameters>();
    }
}

/// <summary>OPC 10000-4 5.13.3.2.</summary>
public sealed class MonitoredItemModifyResult : IEncodeable<MonitoredItemModifyResult>
{
    public static readonly NodeId DataTypeId = new(758);
    public static readonly NodeId DefaultBinaryId = new(760);

    public StatusCode StatusCode { get; set; }

    /// <summary>Milliseconds.</summary>
    public double RevisedSamplingInterval { get; set; }

    public uint RevisedQueueSize { get; set; }

    public ExtensionObject? FilterResult { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static MonitoredItemModifyResult Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteStatusCode(StatusCode);
        encoder.WriteDouble(RevisedSamplingInterval);
        encoder.WriteUInt32(RevisedQueueSize);
        encoder.WriteExtensionObject(FilterResult);
    }

    public void Decode(BinaryDecoder decoder)
    {
        StatusCode = decoder.ReadStatusCode();
        RevisedSamplingInterval = decoder.ReadDouble();
        RevisedQueueSize = decoder.ReadUInt32();
        FilterResult = decoder.ReadExtensionObject();
    }
}

/// <summary>OPC 10000-4 5.13.3.</summary>
public sealed class ModifyMonitoredItemsRequest : IServiceRequest, IEncodeable<ModifyMonitoredItemsRequest>
{
    public static readonly NodeId DataTypeId = new(761);
    public static readonly NodeId DefaultBinaryId = new(763);

    public RequestHeader RequestHeader { get; set; } = new();

    public uint SubscriptionId { get; set; }

    public TimestampsToReturn TimestampsToReturn { get; set; } = TimestampsToReturn.Source;

    public MonitoredItemModifyRequest[]? ItemsToModify { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ModifyMonitoredItemsRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteUInt32(SubscriptionId);
        encoder.WriteInt32((int)TimestampsToReturn);
        encoder.WriteEncodeableArray(ItemsToModify);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        SubscriptionId = decoder.ReadUInt32();
        TimestampsToReturn = (TimestampsToReturn)decoder.ReadInt32();
        ItemsToModify = decoder.ReadEncodeableArray<MonitoredItemModifyRequest>();
    }
}

/// <summary>OPC 10000-4 5.13.3: one result per item, in request order.</summary>
public sealed class ModifyMonitoredItemsResponse : IServiceResponse, IEncodeable<ModifyMonitoredItemsResponse>
{
    public static readonly NodeId DataTypeId = new(764);
    public static readonly NodeId DefaultBinaryId = new(766);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public MonitoredItemModifyResult[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ModifyMonitoredItemsResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteEncodeableArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Results = decoder.ReadEncodeableArray<MonitoredItemModifyResult>();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}

/// <summary>OPC 10000-4 5.13.4.</summary>
public sealed class SetMonitoringModeRequest : IServiceRequest, IEncodeable<SetMonitoringModeRequest>
{
    public static readonly NodeId DataTypeId = new(767);
    public static readonly NodeId DefaultBinaryId = new(769);

    public RequestHeader RequestHeader { get; set; } = new();

    public uint SubscriptionId { get; set; }

    public MonitoringMode MonitoringMode { get; set; } = MonitoringMode.Reporting;

    public uint[]? MonitoredItemIds { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static SetMonitoringModeRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteUInt32(SubscriptionId);
        encoder.WriteInt32((int)MonitoringMode);
        encoder.WriteUInt32Array(MonitoredItemIds);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        SubscriptionId = decoder.ReadUInt32();
        MonitoringMode = (MonitoringMode)decoder.ReadInt32();
        MonitoredItemIds = decoder.ReadUInt32Array();
    }
}

/// <summary>OPC 10000-4 5.13.4: one status per item, in request order.</summary>
public sealed class SetMonitoringModeResponse : IServiceResponse, IEncodeable<SetMonitoringModeResponse>
{
    public static readonly NodeId DataTypeId = new(770);
    public static readonly NodeId DefaultBinaryId = new(772);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public StatusCode[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static SetMonitoringModeResponse Create() => new();

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

/// <summary>OPC 10000-4 5.13.6.</summary>
public sealed class DeleteMonitoredItemsRequest : IServiceRequest, IEncodeable<DeleteMonitoredItemsRequest>
{
    public static readonly NodeId DataTypeId = new(779);
    public static readonly NodeId DefaultBinaryId = new(781);

    public RequestHeader RequestHeader { get; set; } = new();

    public uint SubscriptionId { get; set; }

    public uint[]? MonitoredItemIds { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static DeleteMonitoredItemsRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteUInt32(SubscriptionId);
        encoder.WriteUInt32Array(MonitoredItemIds);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        SubscriptionId = decoder.ReadUInt32();
        MonitoredItemIds = decoder.ReadUInt32Array();
    }
}

/// <summary>OPC 10000-4 5.13.6: one status per item, in request order.</summary>
public sealed class DeleteMonitoredItemsResponse : IServiceResponse, IEncodeable<DeleteMonitoredItemsResponse>
{
    public static readonly NodeId DataTypeId = new(782);
    public static readonly NodeId DefaultBinaryId = new(784);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public StatusCode[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static DeleteMonitoredItemsResponse Create() => new();

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
