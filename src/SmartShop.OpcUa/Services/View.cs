using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>Which references a Browse follows (OPC 10000-4 7.5), an Int32 on the wire.</summary>
public enum BrowseDirection
{
    Forward = 0,
    Inverse = 1,
    Both = 2,
    Invalid = 3,
}

/// <summary>
/// The class of a node (OPC 10000-3 8.29), an Int32 on the wire. The values are single bits so that a Browse can
/// OR them into <see cref="BrowseDescription.NodeClassMask"/>.
/// </summary>
[Flags]
public enum NodeClass
{
    Unspecified = 0,
    Object = 1,
    Variable = 2,
    Method = 4,
    ObjectType = 8,
    VariableType = 16,
    ReferenceType = 32,
    DataType = 64,
    View = 128,
}

/// <summary>Which fields of each <see cref="ReferenceDescription"/> the server fills in (OPC 10000-4 5.9.2.2), a UInt32 bit mask.</summary>
[Flags]
public enum BrowseResultMask : uint
{
    None = 0,
    ReferenceTypeId = 1,
    IsForward = 2,
    NodeClass = 4,
    BrowseName = 8,
    DisplayName = 16,
    TypeDefinition = 32,
    All = 63,
    ReferenceTypeInfo = ReferenceTypeId | IsForward,
    TargetInfo = NodeClass | BrowseName | DisplayName | TypeDefinition,
}

/// <summary>OPC 10000-4 7.45: the View to browse in; a null ViewId for the whole address space.</summary>
public sealed class ViewDescription : IEncodeable<ViewDescription>
{
    public static readonly NodeId DataTypeId = new(511);
    public static readonly NodeId DefaultBinaryId = new(513);

    public NodeId ViewId { get; set; }

    /// <summary>The version of the View at this time; MinValue for the current one.</summary>
    public UaDateTime Timestamp { get; set; }

    /// <summary>0 for the current version.</summary>
    public uint ViewVersion { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ViewDescription Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteNodeId(ViewId);
        encoder.WriteDateTime(Timestamp);
        encoder.WriteUInt32(ViewVersion);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ViewId = decoder.ReadNodeId();
        Timestamp = decoder.ReadDateTime();
        ViewVersion = decoder.ReadUInt32();
    }
}

/// <summary>OPC 10000-4 5.9.2.2: one node to browse and the references to follow from it.</summary>
public sealed class BrowseDescription : IEncodeable<BrowseDescription>
{
    public static readonly NodeId DataTypeId = new(514);
    public static readonly NodeId DefaultBinaryId = new(516);

    public NodeId NodeId { get; set; }

    public BrowseDirection BrowseDirection { get; set; } = BrowseDirection.Forward;

    /// <summary>Null for all reference types.</summary>
    public NodeId ReferenceTypeId { get; set; }

    public bool IncludeSubtypes { get; set; }

    /// <summary>OR of <see cref="NodeClass"/> values; 0 for every class.</summary>
    public uint NodeClassMask { get; set; }

    public BrowseResultMask ResultMask { get; set; } = BrowseResultMask.All;

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static BrowseDescription Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteNodeId(NodeId);
        encoder.WriteInt32((int)BrowseDirection);
        encoder.WriteNodeId(ReferenceTypeId);
        encoder.WriteBoolean(IncludeSubtypes);
        encoder.WriteUInt32(NodeClassMask);
        encoder.WriteUInt32((uint)ResultMask);
    }

    public void Decode(BinaryDecoder decoder)
    {
        NodeId = decoder.ReadNodeId();
        BrowseDirection = (BrowseDirection)decoder.ReadInt32();
        ReferenceTypeId = decoder.ReadNodeId();
        IncludeSubtypes = decoder.ReadBoolean();
        NodeClassMask = decoder.ReadUInt32();
        ResultMask = (BrowseResultMask)decoder.ReadUInt32();
    }
}

/// <summary>OPC 10000-4 7.30: one reference found by a Browse; fields left out of the result mask are null.</summary>
public sealed class ReferenceDescription : IEncodeable<ReferenceDescription>
{
    public static readonly NodeId DataTypeId = new(518);
    public static readonly NodeId DefaultBinaryId = new(520);

    public NodeId ReferenceTypeId { get; set; }

    public bool IsForward { get; set; }

    /// <summary>The target node; may be on another server.</summary>
    public ExpandedNodeId NodeId { get; set; }

    public QualifiedName BrowseName { get; set; }

    public LocalizedText DisplayName { get; set; }

    public NodeClass NodeClass { get; set; }

    /// <summary>Set for Object and Variable targets only.</summary>
    public ExpandedNodeId TypeDefinition { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ReferenceDescription Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteNodeId(ReferenceTypeId);
        encoder.WriteBoolean(IsForward);
        encoder.WriteExpandedNodeId(NodeId);
        encoder.WriteQualifiedName(BrowseName);
        encoder.WriteLocalizedText(DisplayName);
        encoder.WriteInt32((int)NodeClass);
        encoder.WriteExpandedNodeId(TypeDefinition);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ReferenceTypeId = decoder.ReadNodeId();
        IsForward = decoder.ReadBoolean();
        NodeId = decoder.ReadExpandedNodeId();
        BrowseName = decoder.ReadQualifiedName();
        DisplayName = decoder.ReadLocalizedText();
        NodeClass = (NodeClass)decoder.ReadInt32();
        TypeDefinition = decoder.ReadExpandedNodeId();
    }
}

/// <summary>OPC 10000-4 7.6: the references of one browsed node, and where to continue if there are more.</summary>
public sealed class BrowseResult : IEncodeable<BrowseResult>
{
    public static readonly NodeId DataTypeId = new(522);
    public static readonly NodeId DefaultBinaryId = new(524);

    public StatusCode StatusCode { get; set; }

    /// <summary>Null when every reference was returned; else pass it to BrowseNext (and release it when done).</summary>
    public ByteString ContinuationPoint { get; set; }

    public ReferenceDescription[]? References { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static BrowseResult Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteStatusCode(StatusCode);
        encoder.WriteByteString(ContinuationPoint);
        encoder.WriteEncodeableArray(References);
    }

    public void Decode(BinaryDecoder decoder)
    {
        StatusCode = decoder.ReadStatusCode();
        ContinuationPoint = decoder.ReadByteString();
        References = decoder.ReadEncodeableArray<ReferenceDescription>();
    }
}

/// <summary>OPC 10000-4 5.9.2.</summary>
public sealed class BrowseRequest : IServiceRequest, IEncodeable<BrowseRequest>
{
    public static readonly NodeId DataTypeId = new(525);
    public static readonly NodeId DefaultBinaryId = new(527);

    public RequestHeader RequestHeader { get; set; } = new();

    public ViewDescription View { get; set; } = new();

    /// <summary>0 lets the server choose; more references than this come back with a continuation point.</summary>
    public uint RequestedMaxReferencesPerNode { get; set; }

    public BrowseDescription[]? NodesToBrowse { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static BrowseRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteEncodeable(View);
        encoder.WriteUInt32(RequestedMaxReferencesPerNode);
        encoder.WriteEncodeableArray(NodesToBrowse);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        View = decoder.ReadEncodeable<ViewDescription>();
        RequestedMaxReferencesPerNode = decoder.ReadUInt32();
        NodesToBrowse = decoder.ReadEncodeableArray<BrowseDescription>();
    }
}

/// <summary>OPC 10000-4 5.9.2: one result per node browsed, in request order.</summary>
public sealed class BrowseResponse : IServiceResponse, IEncodeable<BrowseResponse>
{
    public static readonly NodeId DataTypeId = new(528);
    public static readonly NodeId DefaultBinaryId = new(530);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public BrowseResult[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static BrowseResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteEncodeableArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Results = decoder.ReadEncodeableArray<BrowseResult>();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}

/// <summary>OPC 10000-4 5.9.3: continues (or, with ReleaseContinuationPoints, abandons) earlier Browse calls.</summary>
public sealed class BrowseNextRequest : IServiceRequest, IEncodeable<BrowseNextRequest>
{
    public static readonly NodeId DataTypeId = new(531);
    public static readonly NodeId DefaultBinaryId = new(533);

    public RequestHeader RequestHeader { get; set; } = new();

    /// <summary>True frees the server's continuation points and returns no references.</summary>
    public bool ReleaseContinuationPoints { get; set; }

    public ByteString[]? ContinuationPoints { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static BrowseNextRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteBoolean(ReleaseContinuationPoints);
        encoder.WriteByteStringArray(ContinuationPoints);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        ReleaseContinuationPoints = decoder.ReadBoolean();
        ContinuationPoints = decoder.ReadByteStringArray();
    }
}

/// <summary>OPC 10000-4 5.9.3: one result per continuation point, in request order.</summary>
public sealed class BrowseNextResponse : IServiceResponse, IEncodeable<BrowseNextResponse>
{
    public static readonly NodeId DataTypeId = new(534);
    public static readonly NodeId DefaultBinaryId = new(536);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public BrowseResult[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static BrowseNextResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteEncodeableArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Results = decoder.ReadEncodeableArray<BrowseResult>();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}

/// <summary>OPC 10000-4 7.31: one hop of a relative path ("/2:Machine" in text form).</summary>
public sealed class RelativePathElement : IEncodeable<RelativePathElement>
{
    public static readonly NodeId DataTypeId = new(537);
    public static readonly NodeId DefaultBinaryId = new(539);

    /// <summary>Null for any reference type.</summary>
    public NodeId ReferenceTypeId { get; set; }

    public bool IsInverse { get; set; }

    public bool IncludeSubtypes { get; set; }

    public QualifiedName TargetName { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static RelativePathElement Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteNodeId(ReferenceTypeId);
        encoder.WriteBoolean(IsInverse);
        encoder.WriteBoolean(IncludeSubtypes);
        encoder.WriteQualifiedName(TargetName);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ReferenceTypeId = decoder.ReadNodeId();
        IsInverse = decoder.ReadBoolean();
        IncludeSubtypes = decoder.ReadBoolean();
        TargetName = decoder.ReadQualifiedName();
    }
}

/// <summary>OPC 10000-4 7.31.</summary>
public sealed class RelativePath : IEncodeable<RelativePath>
{
    public static readonly NodeId DataTypeId = new(540);
    public static readonly NodeId DefaultBinaryId = new(542);

    public RelativePathElement[]? Elements { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static RelativePath Create() => new();

    public void Encode(BinaryEncoder encoder) => encoder.WriteEncodeableArray(Elements);

    public void Decode(BinaryDecoder decoder) => Elements = decoder.ReadEncodeableArray<RelativePathElement>();
}

/// <summary>OPC 10000-4 5.9.4.2: a starting node and the path to follow from it.</summary>
public sealed class BrowsePath : IEncodeable<BrowsePath>
{
    public static readonly NodeId DataTypeId = new(543);
    public static readonly NodeId DefaultBinaryId = new(545);

    public NodeId StartingNode { get; set; }

    public RelativePath RelativePath { get; set; } = new();

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static BrowsePath Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteNodeId(StartingNode);
        encoder.WriteEncodeable(RelativePath);
    }

    public void Decode(BinaryDecoder decoder)
    {
        StartingNode = decoder.ReadNodeId();
        RelativePath = decoder.ReadEncodeable<RelativePath>();
    }
}

/// <summary>OPC 10000-4 5.9.4.2: a node a path leads to.</summary>
public sealed class BrowsePathTarget : IEncodeable<BrowsePathTarget>
{
    public static readonly NodeId DataTypeId = new(546);
    public static readonly NodeId DefaultBinaryId = new(548);

    /// <summary>Remaining-path index value meaning the whole path was followed.</summary>
    public const uint WholePathFollowed = uint.MaxValue;

    public ExpandedNodeId TargetId { get; set; }

    /// <summary>
    /// Index of the first element not followed, because the target is on another server;
    /// <see cref="WholePathFollowed"/> when the target is the end of the path.
    /// </summary>
    public uint RemainingPathIndex { get; set; } = WholePathFollowed;

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static BrowsePathTarget Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteExpandedNodeId(TargetId);
        encoder.WriteUInt32(RemainingPathIndex);
    }

    public void Decode(BinaryDecoder decoder)
    {
        TargetId = decoder.ReadExpandedNodeId();
        RemainingPathIndex = decoder.ReadUInt32();
    }
}

/// <summary>OPC 10000-4 5.9.4.2: the nodes one path leads to (several if the names are not unique).</summary>
public sealed class BrowsePathResult : IEncodeable<BrowsePathResult>
{
    public static readonly NodeId DataTypeId = new(549);
    public static readonly NodeId DefaultBinaryId = new(551);

    public StatusCode StatusCode { get; set; }

    public BrowsePathTarget[]? Targets { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static BrowsePathResult Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteStatusCode(StatusCode);
        encoder.WriteEncodeableArray(Targets);
    }

    public void Decode(BinaryDecoder decoder)
    {
        StatusCode = decoder.ReadStatusCode();
        Targets = decoder.ReadEncodeableArray<BrowsePathTarget>();
    }
}

/// <summary>OPC 10000-4 5.9.4: resolves browse paths (as plant configs give signals) to NodeIds.</summary>
public sealed class TranslateBrowsePathsToNodeIdsRequest : IServiceRequest, IEncodeable<TranslateBrowsePathsToNodeIdsRequest>
{
    public static readonly NodeId DataTypeId = new(552);
    public static readonly NodeId DefaultBinaryId = new(554);

    public RequestHeader RequestHeader { get; set; } = new();

    public BrowsePath[]? BrowsePaths { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static TranslateBrowsePathsToNodeIdsRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteEncodeableArray(BrowsePaths);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        BrowsePaths = decoder.ReadEncodeableArray<BrowsePath>();
    }
}

/// <summary>OPC 10000-4 5.9.4: one result per path, in request order.</summary>
public sealed class TranslateBrowsePathsToNodeIdsResponse : IServiceResponse, IEncodeable<TranslateBrowsePathsToNodeIdsResponse>
{
    public static readonly NodeId DataTypeId = new(555);
    public static readonly NodeId DefaultBinaryId = new(557);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public BrowsePathResult[]? Results { get; set; }

    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static TranslateBrowsePathsToNodeIdsResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteEncodeableArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Results = decoder.ReadEncodeableArray<BrowsePathResult>();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}
