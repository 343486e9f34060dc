using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Tests.Binary;

/// <summary>Structured values: decoding through the registry, unknown types kept raw, companion namespaces by URI.</summary>
public sealed class ExtensionObjectTests
{
    private const string CompanionUri = "urn:smartshop:test:machinery";

    [Fact]
    public void Read_UnknownType_KeepsBodyBytesAndReencodesIdentically()
    {
        var bytes = Hex.Parse("01 02 10 27 01 03 00 00 00 aa bb cc");

        var value = Codec.Decode(bytes, d => d.ReadExtensionObject());

        Assert.Equal(ExtensionObjectBodyKind.Binary, value!.BodyKind);
        Assert.Equal(new ExpandedNodeId(new NodeId(10000, 2)), value.TypeId);
        Assert.Equal(new ByteString([0xaa, 0xbb, 0xcc]), value.BinaryBody);
        Assert.Equal(bytes, Codec.Encode(e => e.WriteExtensionObject(value)));
    }

    [Fact]
    public void Read_RegisteredStandardType_DecodesIntoStructure()
    {
        var bytes = Codec.Encode(e => e.WriteExtensionObject(new ExtensionObject(new ReadValueId { NodeId = NodeId.Parse("ns=2;s=Speed") })));

        var value = Codec.Decode(bytes, d => d.ReadExtensionObject());

        Assert.True(value!.TryGetBody<ReadValueId>(out var body));
        Assert.Equal(NodeId.Parse("ns=2;s=Speed"), body.NodeId);
        Assert.Equal("01 00 74 02 01", Hex.Format(bytes.AsSpan(0, 5)));
    }

    [Fact]
    public void Read_BodyLongerThanItsFields_SkipsTheRestAndContinues()
    {
        // A newer server may append fields: ReadValueId body with 2 extra bytes, then an Int32 after the object.
        var bytes = Hex.Parse("01 00 74 02 01 12 00 00 00 00 05 0d 00 00 00 ff ff ff ff 00 00 ff ff ff ff ee ee 2a 00 00 00");
        var decoder = new BinaryDecoder(bytes);

        var value = decoder.ReadExtensionObject();

        Assert.Equal(new NodeId(5), ((ReadValueId)value!.Body!).NodeId);
        Assert.Equal(42, decoder.ReadInt32());
    }

    [Fact]
    public void CompanionType_RegisteredByUri_IsFoundWhateverIndexTheServerGivesIt()
    {
        var types = new EncodeableTypeRegistry();
        types.Register<MachineCounter>();
        var writer = new EncodingContext(namespaceUris: new NamespaceTable([NamespaceTable.OpcUaNamespaceUri, "urn:a", "urn:b", CompanionUri]), types: types);
        var reader = new EncodingContext(namespaceUris: new NamespaceTable([NamespaceTable.OpcUaNamespaceUri, "urn:a", "urn:b", CompanionUri]), types: types);
        var value = new ExtensionObject(new MachineCounter { Good = 41, Reject = 1 });

        var bytes = Codec.Encode(e => e.WriteExtensionObject(value), writer);
        var decoded = Codec.Decode(bytes, d => d.ReadExtensionObject(), reader);

        Assert.Equal("01 03 89 13 01", Hex.Format(bytes.AsSpan(0, 5)));
        Assert.True(decoded!.TryGetBody<MachineCounter>(out var counter));
        Assert.Equal((41u, 1u), (counter.Good, counter.Reject));
    }

    [Fact]
    public void CompanionType_NamespaceMissingFromTable_StaysRaw()
    {
        var types = new EncodeableTypeRegistry();
        types.Register<MachineCounter>();
        var bytes = Hex.Parse("01 03 89 13 01 08 00 00 00 29 00 00 00 01 00 00 00");

        var decoded = Codec.Decode(bytes, d => d.ReadExtensionObject(), new EncodingContext(types: types));

        Assert.Equal(ExtensionObjectBodyKind.Binary, decoded!.BodyKind);
    }

    [Fact]
    public void Read_XmlBody_KeepsTheText()
    {
        var value = new ExtensionObject(new NodeId(5, 1), new XmlElement("<Counter>3</Counter>"));

        var decoded = Codec.RoundTrip(value, (e, v) => e.WriteExtensionObject(v), d => d.ReadExtensionObject());

        Assert.Equal(value, decoded);
        Assert.Equal(ExtensionObjectBodyKind.Xml, decoded!.BodyKind);
    }

    [Fact]
    public void Read_TypeIdWithoutBody_IsNotNull()
    {
        var decoded = Codec.Decode(Hex.Parse("01 02 10 27 00"), d => d.ReadExtensionObject());

        Assert.Equal(ExtensionObjectBodyKind.None, decoded!.BodyKind);
    }

    /// <summary>A companion-namespace structure: encoding id i=5001 in <see cref="CompanionUri"/>.</summary>
    private sealed class MachineCounter : IEncodeable<MachineCounter>
    {
        public uint Good { get; set; }
        public uint Reject { get; set; }

        public ExpandedNodeId TypeId => new(new NodeId(5000), CompanionUri);
        public ExpandedNodeId BinaryEncodingId => new(new NodeId(5001), CompanionUri);

        public static MachineCounter Create() => new();

        public void Encode(BinaryEncoder encoder)
        {
            encoder.WriteUInt32(Good);
            encoder.WriteUInt32(Reject);
        }

        public void Decode(BinaryDecoder decoder)
        {
            Good = decoder.ReadUInt32();
            Reject = decoder.ReadUInt32();
        }
    }
}
