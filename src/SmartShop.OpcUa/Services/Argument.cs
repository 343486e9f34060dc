using System.Diagnostics.CodeAnalysis;
using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>
/// OPC 10000-3 8.6: one argument of a method, as the method's InputArguments and OutputArguments properties list
/// them (an array of ExtensionObjects holding this structure).
/// </summary>
public sealed class Argument : IEncodeable<Argument>
{
    public static readonly NodeId DataTypeId = new(296);
    public static readonly NodeId DefaultBinaryId = new(298);

    public string? Name { get; set; }

    /// <summary>The DataType node: a built-in type's id (i=1 Boolean … i=25), or a subtype such as an enumeration.</summary>
    public NodeId DataType { get; set; }

    /// <summary>-1 scalar, 0 one or more dimensions, 1 one-dimensional array, n n dimensions (OPC 10000-3 5.6.2).</summary>
    public int ValueRank { get; set; } = -1;

    /// <summary>Length of each dimension (0 = any); null when unspecified.</summary>
    public uint[]? ArrayDimensions { get; set; }

    public LocalizedText Description { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static Argument Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteString(Name);
        encoder.WriteNodeId(DataType);
        encoder.WriteInt32(ValueRank);
        encoder.WriteUInt32Array(ArrayDimensions);
        encoder.WriteLocalizedText(Description);
    }

    public void Decode(BinaryDecoder decoder)
    {
        Name = decoder.ReadString();
        DataType = decoder.ReadNodeId();
        ValueRank = decoder.ReadInt32();
        ArrayDimensions = decoder.ReadUInt32Array();
        Description = decoder.ReadLocalizedText();
    }

    /// <summary>
    /// The Argument in an ExtensionObject as a Read of InputArguments returns it: the decoded body when the type is
    /// registered in the channel's <see cref="EncodeableTypeRegistry"/>, otherwise decoded here from the binary body
    /// (within <paramref name="context"/>'s limits). False for anything that is not a binary Argument.
    /// </summary>
    /// <exception cref="UaDecodingException">The binary body is malformed.</exception>
    public static bool TryFrom(ExtensionObject? value, [NotNullWhen(true)] out Argument? argument, EncodingContext? context = null)
    {
        argument = null;
        if (value is null)
        {
            return false;
        }

        if (value.TryGetBody(out Argument decoded))
        {
            argument = decoded;
            return true;
        }

        var typeId = value.TypeId;
        if (value.BodyKind != ExtensionObjectBodyKind.Binary || typeId.NodeId != DefaultBinaryId || typeId.ServerIndex != 0
            || (typeId.NamespaceUri is not null && typeId.NamespaceUri != NamespaceTable.OpcUaNamespaceUri))
        {
            return false;
        }

        var body = new Argument();
        body.Decode(new BinaryDecoder(value.BinaryBody.Memory, context));
        argument = body;
        return true;
    }

    public override string ToString() => $"{Name}: {DataType}{(ValueRank == -1 ? string.Empty : "[]")}";
}
