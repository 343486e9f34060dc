using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 7.34: the common header of every response.</summary>
public sealed class ResponseHeader : IEncodeable<ResponseHeader>
{
    public static readonly NodeId DataTypeId = new(392);
    public static readonly NodeId DefaultBinaryId = new(394);

    public UaDateTime Timestamp { get; set; }

    public uint RequestHandle { get; set; }

    public StatusCode ServiceResult { get; set; }

    public DiagnosticInfo? ServiceDiagnostics { get; set; }

    /// <summary>Strings that DiagnosticInfo indexes refer to.</summary>
    public string?[]? StringTable { get; set; }

    public ExtensionObject? AdditionalHeader { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ResponseHeader Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteDateTime(Timestamp);
        encoder.WriteUInt32(RequestHandle);
        encoder.WriteStatusCode(ServiceResult);
        encoder.WriteDiagnosticInfo(ServiceDiagnostics);
        encoder.WriteStringArray(StringTable);
        encoder.WriteExtensionObject(AdditionalHeader);
    }

    public void Decode(BinaryDecoder decoder)
    {
        Timestamp = decoder.ReadDateTime();
        RequestHandle = decoder.ReadUInt32();
        ServiceResult = decoder.ReadStatusCode();
        ServiceDiagnostics = decoder.ReadDiagnosticInfo();
        StringTable = decoder.ReadStringArray();
        AdditionalHeader = decoder.ReadExtensionObject();
    }
}
