using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Tests.Binary;

/// <summary>Hostile input: every limit, every length lie and every invalid mask ends in a typed error, before allocating.</summary>
public sealed class DecoderLimitTests
{
    private static EncodingContext With(EncodingLimits limits) => new(limits);

    public static TheoryData<string> Readers => new()
    {
        "Boolean", "Int16", "Int32", "Int64", "Double", "String", "DateTime", "Guid", "ByteString", "NodeId", "ExpandedNodeId",
        "QualifiedName", "LocalizedText", "ExtensionObject", "DataValue", "Variant", "DiagnosticInfo", "Message",
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_EmptyInput_ThrowsDecodingErrorAtOffsetZero(string reader)
    {
        var error = Assert.Throws<UaDecodingException>(() => Read(new BinaryDecoder(Array.Empty<byte>()), reader));

        Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void ReadInt32_ThreeBytes_ThrowsDecodingError()
    {
        Assert.Equal(StatusCodes.BadDecodingError, Codec.DecodeFails(Hex.Parse("01 02 03"), d => d.ReadInt32()).StatusCode.Code);
    }

    [Fact]
    public void ReadString_LengthBeyondRemainingBytes_ThrowsDecodingErrorWithoutAllocatingIt()
    {
        var context = With(new EncodingLimits { MaxStringLength = int.MaxValue, MaxMessageSize = 64 });
        var bytes = Hex.Parse("ff ff ff 7f 41 42");

        var error = Codec.DecodeFails(bytes, d => d.ReadString(), context);

        Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void ReadString_LongerThanMaxStringLength_ThrowsLimitsExceeded()
    {
        var bytes = Codec.Encode(e => e.WriteString(new string('x', 100)));

        var error = Codec.DecodeFails(bytes, d => d.ReadString(), With(new EncodingLimits { MaxStringLength = 99 }));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void ReadByteString_LongerThanMaxByteStringLength_ThrowsLimitsExceeded()
    {
        var bytes = Codec.Encode(e => e.WriteByteString(new byte[100]));

        var error = Codec.DecodeFails(bytes, d => d.ReadByteString(), With(new EncodingLimits { MaxByteStringLength = 99 }));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void ReadArray_MoreElementsThanMaxArrayLength_ThrowsLimitsExceeded()
    {
        var bytes = Codec.Encode(e => e.WriteInt32Array(new int[11]));

        var error = Codec.DecodeFails(bytes, d => d.ReadInt32Array(), With(new EncodingLimits { MaxArrayLength = 10 }));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Theory]
    [InlineData("0a 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")] // 10 Int64 declared, 12 bytes left
    [InlineData("ff ff ff 7f")]                                     // int.MaxValue elements, nothing left
    public void ReadArray_CountTheBytesCannotHold_ThrowsDecodingError(string hex)
    {
        var context = With(new EncodingLimits { MaxArrayLength = int.MaxValue });

        var error = Codec.DecodeFails(Hex.Parse(hex), d => d.ReadInt64Array(), context);

        Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
    }

    [Fact]
    public void ReadVariant_HugeVariantArray_ThrowsBeforeAllocating()
    {
        var context = With(new EncodingLimits { MaxArrayLength = int.MaxValue });

        var error = Codec.DecodeFails(Hex.Parse("98 ff ff ff 7f 00"), d => d.ReadVariant(), context);

        Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
    }

    [Fact]
    public void Decoder_MessageLargerThanMaxMessageSize_IsRefused()
    {
        var error = Assert.Throws<UaDecodingException>(() => new BinaryDecoder(new byte[65], With(new EncodingLimits { MaxMessageSize = 64 })));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void ReadVariant_ManySmallValuesThatBlowUpInMemory_HitMaxAllocationBytes()
    {
        // 5,000 DataValues of one byte each become 5,000 structs of tens of bytes: over a 64 KiB budget.
        var bytes = Codec.Encode(e => e.WriteVariant(new Variant(new DataValue[5000])));

        var error = Codec.DecodeFails(bytes, d => d.ReadVariant(), With(new EncodingLimits { MaxAllocationBytes = 64 * 1024 }));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void ReadVariant_NestedDeeperThanMaxNestingDepth_ThrowsLimitsExceeded()
    {
        var bytes = NestedVariantArrays(11);

        Assert.Equal(new Variant(1), Innermost(Codec.Decode(bytes, d => d.ReadVariant(), With(new EncodingLimits { MaxNestingDepth = 11 }))));
        var error = Codec.DecodeFails(bytes, d => d.ReadVariant(), With(new EncodingLimits { MaxNestingDepth = 10 }));
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void ReadVariant_NestingBeyondWhatTheStackHolds_ThrowsTypedErrorNotStackOverflow()
    {
        var bytes = NestedVariantArrays(200_000);
        var context = With(new EncodingLimits { MaxNestingDepth = 10_000, MaxMessageSize = 2_000_000 });

        var error = Codec.DecodeFails(bytes, d => d.ReadVariant(), context);

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void ReadDataValue_DataValuesNestedInVariants_CountTowardsNesting()
    {
        // DataValue{Variant{DataValue{Variant{...}}}}: mask 01, variant type 0x17 (DataValue), repeated.
        var bytes = Hex.Parse(string.Concat(Enumerable.Repeat("01 17 ", 50)) + "00");

        var error = Codec.DecodeFails(bytes, d => d.ReadDataValue(), With(new EncodingLimits { MaxNestingDepth = 20 }));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void ReadDiagnosticInfo_InnerChainDeeperThanLimit_ThrowsLimitsExceeded()
    {
        var bytes = Hex.Parse(string.Concat(Enumerable.Repeat("41 07 00 00 00 ", 101)) + "00"); // SymbolicId 7 and an inner info

        Assert.NotNull(Codec.Decode(bytes, d => d.ReadDiagnosticInfo(), With(new EncodingLimits { MaxNestingDepth = 101 })));
        var error = Codec.DecodeFails(bytes, d => d.ReadDiagnosticInfo());
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void ReadExtensionObject_BodyLongerThanMaxByteStringLength_ThrowsLimitsExceeded()
    {
        var bytes = Codec.Encode(e => e.WriteExtensionObject(new ExtensionObject(new NodeId(5, 2), new ByteString(new byte[50]))));

        var error = Codec.DecodeFails(bytes, d => d.ReadExtensionObject(), With(new EncodingLimits { MaxByteStringLength = 49 }));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "NodeId", "06 00" },                          // no such NodeId form
        { "NodeId", "80 05" },                          // ExpandedNodeId flag on a NodeId
        { "ExtensionObject", "00 00 03" },              // encoding byte 3
        { "Variant", "80 00 00 00 00" },                // array flag on the null type
        { "Variant", "46 01 00 00 00" },                // dimensions without array
        { "Variant", "18 00" },                         // a Variant scalar inside a Variant
        { "Variant", "c6 01 00 00 00 07 00 00 00 ff ff ff ff" },                   // dimensions missing
        { "Variant", "c6 01 00 00 00 07 00 00 00 02 00 00 00 02 00 00 00 02 00 00 00" }, // 2x2 but one element
        { "Variant", "c6 00 00 00 00 02 00 00 00 00 00 01 00 00 00 01 00" },       // 65536x65536 but no elements
        { "Variant", "c6 01 00 00 00 07 00 00 00 00 00 00 00" },                   // zero dimensions
        { "String", "05 00 00 00 41" },                 // 5 bytes declared, 1 present
        { "LocalizedText", "03 02 00 00 00 65" },       // locale cut short
        { "QualifiedName", "01" },                      // namespace index cut short
        { "DataValue", "04 00 00" },                    // timestamp cut short
        { "Message", "01 00 77 02 05 00" },             // ReadRequest cut inside its header
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Read_MalformedInput_ThrowsDecodingError(string reader, string hex)
    {
        var error = Assert.Throws<UaDecodingException>(() => Read(new BinaryDecoder(Hex.Parse(hex)), reader));

        Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
    }

    [Fact]
    public void ReadMessage_ErrorInsideStructure_ReportsItsOffsetInTheMessage()
    {
        var bytes = Codec.Encode(e => e.WriteMessage(new ReadRequest { NodesToRead = [new ReadValueId { IndexRange = "0:1" }] }));
        var cut = bytes[..^8]; // inside IndexRange: 13 bytes from the end are IndexRange (4 + 3) and DataEncoding (2 + 4)

        var error = Codec.DecodeFails(cut, d => d.ReadMessage());

        Assert.Equal(bytes.Length - 13, error.Offset);
        Assert.Contains($"at byte {error.Offset}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadExtensionObject_BodyDecoderReadingPastDeclaredLength_ThrowsDecodingError()
    {
        // A ReadValueId body declared as 4 bytes: its fields do not fit, and the decoder must not read the bytes after it.
        var bytes = Hex.Parse("01 00 74 02 01 04 00 00 00 00 00 0d 00 00 00 ff ff ff ff 00 00 ff ff ff ff");

        var error = Codec.DecodeFails(bytes, d => d.ReadExtensionObject());

        Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
    }

    internal static Variant Innermost(Variant value)
    {
        while (value.TryGetArray<Variant>(out var inner))
        {
            value = inner[0];
        }

        return value;
    }

    /// <summary>A Variant array of one Variant array of one ... holding Int32 1, depth levels deep.</summary>
    internal static byte[] NestedVariantArrays(int depth)
    {
        var level = Hex.Parse("98 01 00 00 00");
        var bytes = new byte[(depth * level.Length) + 5];
        for (var i = 0; i < depth; i++)
        {
            level.CopyTo(bytes, i * level.Length);
        }

        Hex.Parse("06 01 00 00 00").CopyTo(bytes, depth * level.Length);
        return bytes;
    }

    private static object? Read(BinaryDecoder d, string reader) => reader switch
    {
        "Boolean" => d.ReadBoolean(),
        "Int16" => d.ReadInt16(),
        "Int32" => d.ReadInt32(),
        "Int64" => d.ReadInt64(),
        "Double" => d.ReadDouble(),
        "String" => d.ReadString(),
        "DateTime" => d.ReadDateTime(),
        "Guid" => d.ReadGuid(),
        "ByteString" => d.ReadByteString(),
        "NodeId" => d.ReadNodeId(),
        "ExpandedNodeId" => d.ReadExpandedNodeId(),
        "QualifiedName" => d.ReadQualifiedName(),
        "LocalizedText" => d.ReadLocalizedText(),
        "ExtensionObject" => d.ReadExtensionObject(),
        "DataValue" => d.ReadDataValue(),
        "Variant" => d.ReadVariant(),
        "DiagnosticInfo" => d.ReadDiagnosticInfo(),
        _ => d.ReadMessage(),
    };
}
