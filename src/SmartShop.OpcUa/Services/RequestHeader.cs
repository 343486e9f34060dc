using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 7.33: the common header of every request.</summary>
public sealed class RequestHeader : IEncodeable<RequestHeader>
{
    public static readonly NodeId DataTypeId = new(389);
    public static readonly NodeId DefaultBinaryId = new(391);

    /// <summary>The session's secret token from CreateSession; null before a session exists.</summary>
    public NodeId AuthenticationToken { get; set; }

    public UaDateTime Timestamp { get; set; }

    /// <summary>Client-chosen id echoed in the response header.</summary>
    public uint RequestHandle { get; set; }

    /// <summary>Bit mask of the diagnostics the server should return (OPC 10000-4 7.33, 0 for none).</summary>
    public uint ReturnDiagnostics { get; set; }

    public string? AuditEntryId { get; set; }

    /// <summary>Milliseconds the client will wait; 0 for no timeout.</summary>
    public uint TimeoutHint { get; set; }

    public ExtensionObject? AdditionalHeader { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static RequestHeader Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteNodeId(AuthenticationToken);
        encoder.WriteDateTime(Timestamp);
        encoder.WriteUInt32(RequestHandle);
        encoder.WriteUInt32(ReturnDiagnostics);
        encoder.WriteString(AuditEntryId);
        encoder.WriteUInt32(TimeoutHint);
        encoder.WriteExtensionObject(AdditionalHeader);
    }

    public void Decode(BinaryDecoder decoder)
    {
        AuthenticationToken = decoder.ReadNodeId();
        Timestamp = decoder.ReadDateTime();
        RequestHandle = decoder.ReadUInt32();
        ReturnDiagnostics = decoder.ReadUInt32();
        AuditEntryId = decoder.ReadString();
        TimeoutHint = decoder.ReadUInt32();
        AdditionalHeader = decoder.ReadExtensionObject();
    }
}
