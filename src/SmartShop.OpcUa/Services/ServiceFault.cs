using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 7.35: what a server sends instead of a response when the whole service failed.</summary>
public sealed class ServiceFault : IServiceResponse, IEncodeable<ServiceFault>
{
    public static readonly NodeId DataTypeId = new(395);
    public static readonly NodeId DefaultBinaryId = new(397);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ServiceFault Create() => new();

    public void Encode(BinaryEncoder encoder) => encoder.WriteEncodeable(ResponseHeader);

    public void Decode(BinaryDecoder decoder) => ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
}
