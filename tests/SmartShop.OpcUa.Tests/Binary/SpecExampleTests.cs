using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Tests.Binary;

/// <summary>
/// Byte-exact encodings: the worked examples of OPC 10000-6 5.2.2 (NodeId forms, the "Hot水" string NodeId, Variant
/// layout), and vectors captured from other stacks' exchanges (gopcua / HBM opcua test suites), each checked both ways.
/// </summary>
public sealed class SpecExampleTests
{
    public static TheoryData<string, string> NodeIds => new()
    {
        // OPC 10000-6 5.2.2.9: two-byte, four-byte and string forms.
        { "i=72", "00 48" },
        { "ns=5;i=1025", "01 05 01 04" },
        { "ns=1;s=Hot水", "03 01 00 06 00 00 00 48 6f 74 e6 b0 b4" },
        { "ns=10;i=3735928559", "02 0a 00 ef be ad de" },
        { "ns=255;s=foobar", "03 ff 00 06 00 00 00 66 6f 6f 62 61 72" },
        { "ns=4660;g=72962b91-fa75-4ae6-8d28-b404dc7daf63", "04 34 12 91 2b 96 72 75 fa e6 4a 8d 28 b4 04 dc 7d af 63" },
        { "ns=32768;b=3q2+7w==", "05 00 80 04 00 00 00 de ad be ef" },
        { "i=2256", "01 00 d0 08" },
        { "ns=256;i=2", "02 00 01 02 00 00 00" },
        { "ns=1;i=65536", "02 01 00 00 00 01 00" },
    };

    [Theory]
    [MemberData(nameof(NodeIds))]
    public void NodeId_EachForm_EncodesAsSpecified(string text, string hex)
    {
        var nodeId = NodeId.Parse(text);

        Assert.Equal(hex, Hex.Format(Codec.Encode(e => e.WriteNodeId(nodeId))));
        Assert.Equal(nodeId, Codec.Decode(Hex.Parse(hex), d => d.ReadNodeId()));
    }

    public static TheoryData<string, string> ExpandedNodeIds => new()
    {
        { "i=255", "00 ff" },
        { "nsu=foobar;i=255", "80 ff 06 00 00 00 66 6f 6f 62 61 72" },
        { "svr=32768;i=255", "40 ff 00 80 00 00" },
        { "svr=32768;nsu=foobar;i=255", "c0 ff 06 00 00 00 66 6f 6f 62 61 72 00 80 00 00" },
    };

    [Theory]
    [MemberData(nameof(ExpandedNodeIds))]
    public void ExpandedNodeId_UriAndServerFlags_EncodeAfterTheNodeId(string text, string hex)
    {
        var id = ExpandedNodeId.Parse(text);

        Assert.Equal(hex, Hex.Format(Codec.Encode(e => e.WriteExpandedNodeId(id))));
        Assert.Equal(id, Codec.Decode(Hex.Parse(hex), d => d.ReadExpandedNodeId()));
    }

    public static TheoryData<Variant, string> Variants => new()
    {
        { new Variant(false), "01 00" },
        { new Variant((sbyte)-5), "02 fb" },
        { new Variant((byte)5), "03 05" },
        { new Variant((short)-5), "04 fb ff" },
        { new Variant((ushort)5), "05 05 00" },
        { new Variant(-5), "06 fb ff ff ff" },
        { new Variant(5u), "07 05 00 00 00" },
        { new Variant(-5L), "08 fb ff ff ff ff ff ff ff" },
        { new Variant(5UL), "09 05 00 00 00 00 00 00 00" },
        { new Variant(4.000669956207275f), "0a 7d 05 80 40" },
        { new Variant(4.00067), "0b 71 5a f0 a2 af 00 10 40" },
        { new Variant("abc"), "0c 03 00 00 00 61 62 63" },
        { new Variant(UaDateTime.FromDateTimeOffset(new DateTimeOffset(2018, 9, 17, 14, 28, 29, 112, TimeSpan.Zero))), "0d 80 3b e8 b3 92 4e d4 01" },
        { new Variant(Guid.Parse("72962B91-FA75-4AE6-8D28-B404DC7DAF63")), "0e 91 2b 96 72 75 fa e6 4a 8d 28 b4 04 dc 7d af 63" },
        { new Variant(new ByteString([1, 2, 3])), "0f 03 00 00 00 01 02 03" },
        { new Variant(new StatusCode(StatusCodes.BadNodeIdUnknown)), "13 00 00 34 80" },
        { new Variant(new QualifiedName("FlowControllerType", 4)), "14 04 00 12 00 00 00 46 6c 6f 77 43 6f 6e 74 72 6f 6c 6c 65 72 54 79 70 65" },
        { new Variant(new LocalizedText("en", "pump")), "15 03 02 00 00 00 65 6e 04 00 00 00 70 75 6d 70" },
        { Variant.Null, "00" },
        { new Variant((string?)null), "0c ff ff ff ff" },
        { new Variant(string.Empty), "0c 00 00 00 00" },
        { new Variant(new[] { 1.0, 2.5 }), "8b 02 00 00 00 00 00 00 00 00 00 f0 3f 00 00 00 00 00 00 04 40" },
        // 5.2.2.16: elements flattened highest rank first, ArrayLength is the total, Int32 dimensions follow the values.
        { new Variant(new Matrix(new[] { 1, 2, 3, 4 }, 2, 2)), "c6 04 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00 02 00 00 00 02 00 00 00 02 00 00 00" },
        { new Variant(new[] { new Variant(1), new Variant("a") }), "98 02 00 00 00 06 01 00 00 00 0c 01 00 00 00 61" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_EachBuiltInType_EncodesAsSpecified(Variant value, string hex)
    {
        Assert.Equal(hex, Hex.Format(Codec.Encode(e => e.WriteVariant(value))));
        Assert.Equal(value, Codec.Decode(Hex.Parse(hex), d => d.ReadVariant()));
    }

    public static TheoryData<DiagnosticInfo?, string> DiagnosticInfos => new()
    {
        { null, "00" },
        { new DiagnosticInfo { SymbolicId = 1 }, "01 01 00 00 00" },
        { new DiagnosticInfo { NamespaceUri = 2 }, "02 02 00 00 00" },
        { new DiagnosticInfo { LocalizedText = 3 }, "04 03 00 00 00" },
        { new DiagnosticInfo { Locale = 4 }, "08 04 00 00 00" },
        { new DiagnosticInfo { AdditionalInfo = "foobar" }, "10 06 00 00 00 66 6f 6f 62 61 72" },
        { new DiagnosticInfo { InnerStatusCode = 6 }, "20 06 00 00 00" },
        { new DiagnosticInfo { InnerDiagnosticInfo = new DiagnosticInfo { SymbolicId = 7 } }, "40 01 07 00 00 00" },
        // Locale is written before LocalizedText although its mask bit is the higher one.
        {
            new DiagnosticInfo
            {
                SymbolicId = 1, NamespaceUri = 2, Locale = 3, LocalizedText = 4, AdditionalInfo = "foobar", InnerStatusCode = 6,
                InnerDiagnosticInfo = new DiagnosticInfo { SymbolicId = 7 },
            },
            "7f 01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00 06 00 00 00 66 6f 6f 62 61 72 06 00 00 00 01 07 00 00 00"
        },
    };

    [Theory]
    [MemberData(nameof(DiagnosticInfos))]
    public void DiagnosticInfo_EachField_EncodesInSpecOrder(DiagnosticInfo? value, string hex)
    {
        Assert.Equal(hex, Hex.Format(Codec.Encode(e => e.WriteDiagnosticInfo(value))));
        Assert.Equal(value, Codec.Decode(Hex.Parse(hex), d => d.ReadDiagnosticInfo()));
    }

    [Fact]
    public void DataValue_AllFields_EncodeInMaskOrder()
    {
        var value = new DataValue(
            new Variant(1.5f),
            StatusCodes.UncertainLastUsableValue,
            UaDateTime.FromTicks(0x01d430fddd679800),
            UaDateTime.FromTicks(0x01d430fddd679801),
            sourcePicoseconds: 9999,
            serverPicoseconds: 1);

        var bytes = Codec.Encode(e => e.WriteDataValue(value));

        // mask 3f: value, status, source ts, server ts, source ps, server ps; source ps precedes server ts.
        Assert.Equal(
            "3f 0a 00 00 c0 3f 00 00 90 40 00 98 67 dd fd 30 d4 01 0f 27 01 98 67 dd fd 30 d4 01 01 00",
            Hex.Format(bytes));
        Assert.Equal(value, Codec.Decode(bytes, d => d.ReadDataValue()));
    }

    [Fact]
    public void ExtensionObject_Null_IsNullNodeIdAndNoBody()
    {
        Assert.Equal("00 00 00", Hex.Format(Codec.Encode(e => e.WriteExtensionObject(null))));
        Assert.Null(Codec.Decode(Hex.Parse("00 00 00"), d => d.ReadExtensionObject()));
    }

    [Fact]
    public void ExtensionObject_RegisteredBody_EncodesTypeIdLengthAndFields()
    {
        var types = new EncodeableTypeRegistry();
        types.Register<AnonymousIdentityToken>();
        var context = new EncodingContext(types: types);
        var token = new ExtensionObject(new AnonymousIdentityToken { PolicyId = "anonymous" });

        var bytes = Codec.Encode(e => e.WriteExtensionObject(token), context);

        Assert.Equal("01 00 41 01 01 0d 00 00 00 09 00 00 00 61 6e 6f 6e 79 6d 6f 75 73", Hex.Format(bytes));
        var decoded = Codec.Decode(bytes, d => d.ReadExtensionObject(), context);
        Assert.True(decoded!.TryGetBody<AnonymousIdentityToken>(out var body));
        Assert.Equal("anonymous", body.PolicyId);
    }

    [Fact]
    public void String_NullEmptyAndMultiByte_EncodeLengthInBytes()
    {
        Assert.Equal("ff ff ff ff", Hex.Format(Codec.Encode(e => e.WriteString(null))));
        Assert.Equal("00 00 00 00", Hex.Format(Codec.Encode(e => e.WriteString(string.Empty))));
        Assert.Equal("04 00 00 00 e6 b0 b4 21", Hex.Format(Codec.Encode(e => e.WriteString("水!"))));
    }

    [Fact]
    public void Guid_SpecByteOrder_IsLittleEndianDataOneToThree()
    {
        var guid = Guid.Parse("72962B91-FA75-4AE6-8D28-B404DC7DAF63");

        Assert.Equal("91 2b 96 72 75 fa e6 4a 8d 28 b4 04 dc 7d af 63", Hex.Format(Codec.Encode(e => e.WriteGuid(guid))));
    }

    [Fact]
    public void DateTime_CapturedTimestamp_IsTicksSince1601()
    {
        var time = UaDateTime.FromDateTimeOffset(new DateTimeOffset(2018, 8, 10, 23, 0, 0, TimeSpan.Zero));

        Assert.Equal("00 98 67 dd fd 30 d4 01", Hex.Format(Codec.Encode(e => e.WriteDateTime(time))));
    }

    /// <summary>A test-only structure with the AnonymousIdentityToken encoding id (i=321) and its one field.</summary>
    internal sealed class AnonymousIdentityToken : IEncodeable<AnonymousIdentityToken>
    {
        public string? PolicyId { get; set; }

        public ExpandedNodeId TypeId => new NodeId(319);
        public ExpandedNodeId BinaryEncodingId => new NodeId(321);

        public static AnonymousIdentityToken Create() => new();

        public void Encode(BinaryEncoder encoder) => encoder.WriteString(PolicyId);

        public void Decode(BinaryDecoder decoder) => PolicyId = decoder.ReadString();
    }
}
