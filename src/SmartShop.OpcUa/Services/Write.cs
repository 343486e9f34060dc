using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 5.11.4.2: one attribute value to write.</summary>
public sealed class WriteValue : IEncodeable<WriteValue>
{
    public static readonly NodeId DataTypeId = new(668);
    public static readonly NodeId DefaultBinaryId = new(670);

    public NodeId NodeId { get; set; }

    /// <summary>See <see cref="AttributeIds"/>; Value (13) by default.</summary>
    public uint AttributeId { get; set; } = AttributeIds.Value;

    /// <summary>A sub-range of an array value ("1:3"); null for all of it.</summary>
    public string? IndexRange { get; set; }

    /// <summary>Most servers refuse timestamps and status on a write (BadWriteNotSupported): send the value only.</summary>
    public DataValue Value { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static WriteValue Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteNodeId(NodeId);
        encoder.WriteUInt32(AttributeId);
        encoder.WriteString(IndexRange);
        encoder.WriteDataValue(Value);
    }

    public void Decode(BinaryDecoder decoder)
    {
        NodeId = decoder.ReadNodeId();
        AttributeId = decoder.ReadUInt32();
        IndexRange = decoder.ReadString();
        Value = decoder.ReadDataValue();
    }
}

/// <summary>OPC 10000-4 5.11.4.</summary>
public sealed class WriteRequest : IServiceRequest, IEncodeable<WriteRequest>
{
    public static readonly NodeId DataTypeId = new(671);
    public static readonly NodeId DefaultBinaryId = new(673);

    public RequestHeader RequestHeader { get; set; } = new();

    public WriteValue[]? NodesToWrite { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static WriteRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteEncodeableArray(NodesToWrite);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        NodesToWrite = decoder.ReadEncodeableArray<WriteValue>();
    }
}

/// <summary>OPC 10000-4 5.11.4: one status per value written, in request order.</summary>
public sealed class WriteResponse : IServiceResponse, IEncodeable<WriteResponse>
{
    public static readonly NodeId DataTypeId = new(674);
    public static readonly NodeId DefaultBinaryId = new(676);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public StatusCode[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static WriteResponse Create() => new();

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
