namespace SmartShop.OpcUa.Binary;

/// <summary>
/// What encoding and decoding need besides the bytes: limits, the server's namespace table and the known structure
/// types. Immutable: a session makes a new context (<see cref="WithNamespaceUris"/>) when the server's namespace array
/// changes, and decoders keep the one they started with.
/// </summary>
public sealed class EncodingContext
{
    public EncodingContext(EncodingLimits? limits = null, NamespaceTable? namespaceUris = null, EncodeableTypeRegistry? types = null)
    {
        Limits = limits ?? EncodingLimits.Default;
        NamespaceUris = namespaceUris ?? NamespaceTable.Default;
        Types = types ?? EncodeableTypeRegistry.CreateStandard();
    }

    /// <summary>Default limits, the OPC UA namespace only, and the standard structures.</summary>
    public static EncodingContext Default { get; } = new();

    public EncodingLimits Limits { get; }
    public NamespaceTable NamespaceUris { get; }
    public EncodeableTypeRegistry Types { get; }

    public EncodingContext WithNamespaceUris(NamespaceTable namespaceUris) => new(Limits, namespaceUris, Types);

    public EncodingContext WithLimits(EncodingLimits limits) => new(limits, NamespaceUris, Types);
}
