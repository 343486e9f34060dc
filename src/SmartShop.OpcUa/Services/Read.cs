using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>Which timestamps a Read or a monitored item returns (OPC 10000-4 7.40), an Int32 on the wire.</summary>
public enum TimestampsToReturn
{
    Source = 0,
    Server = 1,
    Both = 2,
    Neither = 3,
    Invalid = 4,
}

/// <summary>OPC 10000-4 7.29: one node attribute to read.</summary>
public sealed class ReadValueId : IEncodeable<ReadValueId>
{
    public static readonly NodeId DataTypeId = new(626);
    public static readonly NodeId DefaultBinaryId = new(628);

    public NodeId NodeId { get; set; }

    /// <summary>See <see cref="AttributeIds"/>; Value (13) by default.</summary>
    public uint AttributeId { get; set; } = AttributeIds.Value;

    /// <summary>A sub-range of an array value ("1:3"); null for all of it.</summary>
    public string? IndexRange { get; set; }

    public QualifiedName DataEncoding { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ReadValueId Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteNodeId(NodeId);
        encoder.WriteUInt32(AttributeId);
        encoder.WriteString(IndexRange);
        encoder.WriteQualifiedName(DataEncoding);
    }

    public void Decode(BinaryDecoder decoder)
    {
        NodeId = decoder.ReadNodeId();
        AttributeId = decoder.ReadUInt32();
        IndexRange = decoder.ReadString();
        DataEncoding = decoder.ReadQualifiedName();
    }
}

/// <summary>OPC 10000-4 5.11.2.</summary>
public sealed class ReadRequest : IServiceRequest, IEncodeable<ReadRequest>
{
    public static readonly NodeId DataTypeId = new(629);
    public static readonly NodeId DefaultBinaryId = new(631);

    public RequestHeader RequestHeader { get; set; } = new();

    /// <summary>Oldest cached value acceptable, in milliseconds; 0 reads from the device.</summary>
    public double MaxAge { get; set; }

    public TimestampsToReturn TimestampsToReturn { get; set; } = TimestampsToReturn.Source;

    public ReadValueId[]? NodesToRead { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ReadRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteDouble(MaxAge);
        encoder.WriteInt32((int)TimestampsToReturn);
        encoder.WriteEncodeableArray(NodesToRead);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        MaxAge = decoder.ReadDouble();
        TimestampsToReturn = (TimestampsToReturn)decoder.ReadInt32();
        NodesToRead = decoder.ReadEncodeableArray<ReadValueId>();
    }
}

/// <summary>OPC 10000-4 5.11.2: one DataValue per node read, in request order.</summary>
public sealed class ReadResponse : IServiceResponse, IEncodeable<ReadResponse>
{
    public static readonly NodeId DataTypeId = new(632);
    public static readonly NodeId DefaultBinaryId = new(634);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public DataValue[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ReadResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteDataValueArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Results = decoder.ReadDataValueArray();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}
