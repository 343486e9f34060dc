using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 5.12.2.2: one method to call, on the object (or object type) that has it.</summary>
public sealed class CallMethodRequest : IEncodeable<CallMethodRequest>
{
    public static readonly NodeId DataTypeId = new(704);
    public static readonly NodeId DefaultBinaryId = new(706);

    public NodeId ObjectId { get; set; }

    public NodeId MethodId { get; set; }

    /// <summary>In the order of the method's InputArguments property.</summary>
    public Variant[]? InputArguments { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CallMethodRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteNodeId(ObjectId);
        encoder.WriteNodeId(MethodId);
        encoder.WriteVariantArray(InputArguments);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ObjectId = decoder.ReadNodeId();
        MethodId = decoder.ReadNodeId();
        InputArguments = decoder.ReadVariantArray();
    }
}

/// <summary>OPC 10000-4 5.12.2.2: the outcome of one call.</summary>
public sealed class CallMethodResult : IEncodeable<CallMethodResult>
{
    public static readonly NodeId DataTypeId = new(707);
    public static readonly NodeId DefaultBinaryId = new(709);

    public StatusCode StatusCode { get; set; }

    /// <summary>One per input argument when the call failed with BadInvalidArgument; else usually empty.</summary>
    public StatusCode[]? InputArgumentResults { get; set; }

    public DiagnosticInfo?[]? InputArgumentDiagnosticInfos { get; set; }

    public Variant[]? OutputArguments { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CallMethodResult Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteStatusCode(StatusCode);
        encoder.WriteStatusCodeArray(InputArgumentResults);
        encoder.WriteDiagnosticInfoArray(InputArgumentDiagnosticInfos);
        encoder.WriteVariantArray(OutputArguments);
    }

    public void Decode(BinaryDecoder decoder)
    {
        StatusCode = decoder.ReadStatusCode();
        InputArgumentResults = decoder.ReadStatusCodeArray();
        InputArgumentDiagnosticInfos = decoder.ReadDiagnosticInfoArray();
        OutputArguments = decoder.ReadVariantArray();
    }
}

/// <summary>OPC 10000-4 5.12.2.</summary>
public sealed class CallRequest : IServiceRequest, IEncodeable<CallRequest>
{
    public static readonly NodeId DataTypeId = new(710);
    public static readonly NodeId DefaultBinaryId = new(712);

    public RequestHeader RequestHeader { get; set; } = new();

    public CallMethodRequest[]? MethodsToCall { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CallRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteEncodeableArray(MethodsToCall);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        MethodsToCall = decoder.ReadEncodeableArray<CallMethodRequest>();
    }
}

/// <summary>OPC 10000-4 5.12.2: one result per method called, in request order.</summary>
public sealed class CallResponse : IServiceResponse, IEncodeable<CallResponse>
{
    public static readonly NodeId DataTypeId = new(713);
    public static readonly NodeId DefaultBinaryId = new(715);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public CallMethodResult[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CallResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteEncodeableArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Results = decoder.ReadEncodeableArray<CallMethodResult>();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}
