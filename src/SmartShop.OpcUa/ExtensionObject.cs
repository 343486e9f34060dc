using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa;

public enum ExtensionObjectBodyKind : byte
{
    /// <summary>Only a type id, no body (encoding byte 0).</summary>
    None = 0,

    /// <summary>Binary body kept as bytes: the type is not registered, or the object was built from bytes.</summary>
    Binary = 1,

    /// <summary>XmlElement body (encoding byte 2).</summary>
    Xml = 2,

    /// <summary>A structure that encodes and decodes itself (written as a binary body).</summary>
    Encodeable = 3,
}

/// <summary>
/// A structure inside a Variant or a field of abstract type: its encoding NodeId and body. Decoding looks the type
/// id up in the context's <see cref="EncodeableTypeRegistry"/>; unknown types keep their bytes so they can be
/// forwarded or decoded later. A null ExtensionObject (null type id, no body) is represented by C# null.
/// </summary>
public sealed class ExtensionObject : IEquatable<ExtensionObject>
{
    public ExtensionObject(IEncodeable body)
    {
        ArgumentNullException.ThrowIfNull(body);
        TypeId = body.BinaryEncodingId;
        Body = body;
        BodyKind = ExtensionObjectBodyKind.Encodeable;
    }

    public ExtensionObject(ExpandedNodeId typeId)
    {
        TypeId = typeId;
        BodyKind = ExtensionObjectBodyKind.None;
    }

    public ExtensionObject(ExpandedNodeId typeId, ByteString binaryBody)
    {
        TypeId = typeId;
        BinaryBody = binaryBody;
        BodyKind = ExtensionObjectBodyKind.Binary;
    }

    public ExtensionObject(ExpandedNodeId typeId, XmlElement xmlBody)
    {
        TypeId = typeId;
        XmlBody = xmlBody;
        BodyKind = ExtensionObjectBodyKind.Xml;
    }

    /// <summary>Decoded from the wire: the type id as sent (which may differ from the body's own id in another namespace table).</summary>
    internal ExtensionObject(ExpandedNodeId typeId, IEncodeable body)
    {
        TypeId = typeId;
        Body = body;
        BodyKind = ExtensionObjectBodyKind.Encodeable;
    }

    /// <summary>The encoding NodeId (e.g. i=631 for a binary ReadRequest), not the DataType id.</summary>
    public ExpandedNodeId TypeId { get; }

    public ExtensionObjectBodyKind BodyKind { get; }

    /// <summary>The raw body when <see cref="BodyKind"/> is Binary; null otherwise.</summary>
    public ByteString BinaryBody { get; }

    public XmlElement XmlBody { get; }

    /// <summary>The decoded structure when <see cref="BodyKind"/> is Encodeable.</summary>
    public IEncodeable? Body { get; }

    public bool TryGetBody<T>(out T body)
        where T : class, IEncodeable
    {
        body = (Body as T)!;
        return body is not null;
    }

    /// <summary>Same type id and body; decoded structures compare with their own Equals (by reference unless they override it).</summary>
    public bool Equals(ExtensionObject? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return TypeId == other.TypeId && BodyKind == other.BodyKind && BodyKind switch
        {
            ExtensionObjectBodyKind.Binary => BinaryBody == other.BinaryBody,
            ExtensionObjectBodyKind.Xml => XmlBody == other.XmlBody,
            ExtensionObjectBodyKind.Encodeable => Equals(Body, other.Body),
            _ => true,
        };
    }

    public override bool Equals(object? obj) => obj is ExtensionObject other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(TypeId, BodyKind);

    public override string ToString() => BodyKind switch
    {
        ExtensionObjectBodyKind.Encodeable => Body!.GetType().Name + " (" + TypeId.ToString() + ")",
        ExtensionObjectBodyKind.Binary => TypeId.ToString() + " [" + BinaryBody.Length + " bytes]",
        ExtensionObjectBodyKind.Xml => TypeId.ToString() + " [xml]",
        _ => TypeId.ToString(),
    };
}
