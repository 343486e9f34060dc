namespace SmartShop.OpcUa.Binary;

/// <summary>
/// A structure that writes and reads its own fields in UA Binary: service requests and responses, and the structured
/// types inside them. Encode/Decode cover the fields only; the encoding NodeId in front of a message or an
/// ExtensionObject body is written by the encoder.
/// </summary>
public interface IEncodeable
{
    /// <summary>The DataType NodeId (e.g. i=629 for ReadRequest).</summary>
    ExpandedNodeId TypeId { get; }

    /// <summary>The Default Binary encoding NodeId sent on the wire (e.g. i=631 for ReadRequest).</summary>
    ExpandedNodeId BinaryEncodingId { get; }

    void Encode(BinaryEncoder encoder);

    void Decode(BinaryDecoder decoder);
}

/// <summary>An encodeable that can make an empty instance of itself, so decoders need neither reflection nor new().</summary>
public interface IEncodeable<TSelf> : IEncodeable
    where TSelf : class, IEncodeable<TSelf>
{
    static abstract TSelf Create();
}
