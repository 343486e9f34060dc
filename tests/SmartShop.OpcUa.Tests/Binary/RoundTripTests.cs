using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Tests.Binary;

public sealed class RoundTripTests
{
    [Theory]
    [MemberData(nameof(Samples.VariantNames), MemberType = typeof(Samples))]
    public void Variant_EveryTypeAndShape_DecodesToEqualValueAndSameBytes(string name)
    {
        var value = Samples.Named(name);

        var bytes = Codec.Encode(e => e.WriteVariant(value));
        var decoded = Codec.Decode(bytes, d => d.ReadVariant());

        Assert.Equal(value, decoded);
        Assert.Equal(bytes, Codec.Encode(e => e.WriteVariant(decoded)));
    }

    [Fact]
    public void DataValue_EveryMaskCombination_RoundTrips()
    {
        for (var mask = 0; mask < 64; mask++)
        {
            var hasSource = (mask & 0x04) != 0;
            var hasServer = (mask & 0x08) != 0;
            var value = new DataValue(
                (mask & 0x01) != 0 ? new Variant(mask) : Variant.Null,
                (mask & 0x02) != 0 ? StatusCodes.BadDeviceFailure : 0,
                hasSource ? UaDateTime.FromTicks(mask + 1) : default,
                hasServer ? UaDateTime.FromTicks(mask + 2) : default,
                (ushort)(hasSource && (mask & 0x10) != 0 ? 9999 : 0),
                (ushort)(hasServer && (mask & 0x20) != 0 ? 1 : 0));

            Assert.Equal(value, Codec.RoundTrip(value, (e, v) => e.WriteDataValue(v), d => d.ReadDataValue()));
        }
    }

    [Fact]
    public void DiagnosticInfo_OnlyAbsentValuesBehindMaskBits_ReadsAsNullAndReencodesStably()
    {
        // Found by the fuzzer: SymbolicId plus an inner info whose only field is a null AdditionalInfo. The inner
        // info used to be written back as "present, empty", which reads as "absent": two encodings for one value.
        var decoded = Codec.Decode(Hex.Parse("41 03 00 00 00 10 ff ff ff ff"), d => d.ReadDiagnosticInfo());

        Assert.Null(decoded!.InnerDiagnosticInfo);
        Assert.Equal("01 03 00 00 00", Hex.Format(Codec.Encode(e => e.WriteDiagnosticInfo(decoded))));
        Assert.Equal("00", Hex.Format(Codec.Encode(e => e.WriteDiagnosticInfo(new DiagnosticInfo { InnerDiagnosticInfo = new DiagnosticInfo() }))));
    }

    [Fact]
    public void DataValue_PicosecondsAbove9999_DecodeAs9999()
    {
        // mask 0x14: source timestamp and source picoseconds of 0xFFFF.
        var value = Codec.Decode(Hex.Parse("14 01 00 00 00 00 00 00 00 ff ff"), d => d.ReadDataValue());

        Assert.Equal(DataValue.MaxPicoseconds, value.SourcePicoseconds);
    }

    [Fact]
    public void DataValue_PicosecondsWithoutTimestamp_AreIgnored()
    {
        var value = Codec.Decode(Hex.Parse("20 05 00"), d => d.ReadDataValue());

        Assert.Equal(0, value.ServerPicoseconds);
    }

    [Theory]
    [InlineData("ff ff ff ff ff ff ff ff")]
    [InlineData("00 00 00 00 00 00 00 80")]
    [InlineData("00 00 00 00 00 00 00 00")]
    public void DateTime_ZeroOrNegativeOnTheWire_DecodesAsMinValue(string hex)
    {
        Assert.Equal(UaDateTime.MinValue, Codec.Decode(Hex.Parse(hex), d => d.ReadDateTime()));
    }

    [Theory]
    [InlineData("ff ff ff ff ff ff ff 7f")]
    [InlineData("fe ff ff ff ff ff ff 7f")]
    public void DateTime_BeyondYear9999_DecodesAsMaxValue(string hex)
    {
        var value = Codec.Decode(Hex.Parse(hex), d => d.ReadDateTime());

        Assert.Equal(UaDateTime.MaxValue, value);
        Assert.Equal(DateTime.MaxValue, value.ToDateTime());
    }

    [Fact]
    public void Arrays_NullAndEmpty_StayDistinct()
    {
        var bytes = Codec.Encode(e =>
        {
            e.WriteInt32Array(null);
            e.WriteInt32Array([]);
            e.WriteStringArray(null);
            e.WriteStringArray([]);
            e.WriteDataValueArray(null);
            e.WriteEncodeableArray<ReadValueId>([]);
        });

        Assert.Equal("ff ff ff ff 00 00 00 00 ff ff ff ff 00 00 00 00 ff ff ff ff 00 00 00 00", Hex.Format(bytes));
        var decoder = new BinaryDecoder(bytes);
        Assert.Null(decoder.ReadInt32Array());
        Assert.Empty(decoder.ReadInt32Array()!);
        Assert.Null(decoder.ReadStringArray());
        Assert.Empty(decoder.ReadStringArray()!);
        Assert.Null(decoder.ReadDataValueArray());
        Assert.Empty(decoder.ReadEncodeableArray<ReadValueId>()!);
    }

    [Fact]
    public void TypedArrays_EveryBuiltInType_RoundTrip()
    {
        var bytes = Codec.Encode(e =>
        {
            e.WriteBooleanArray([true]);
            e.WriteSByteArray([-1]);
            e.WriteByteArray([2]);
            e.WriteInt16Array([-3]);
            e.WriteUInt16Array([4]);
            e.WriteUInt32Array([5]);
            e.WriteInt64Array([-6]);
            e.WriteUInt64Array([7]);
            e.WriteFloatArray([8.5f]);
            e.WriteDoubleArray([9.5]);
            e.WriteDateTimeArray([UaDateTime.FromTicks(10)]);
            e.WriteGuidArray([Samples.SampleGuid]);
            e.WriteByteStringArray([new ByteString([11])]);
            e.WriteXmlElementArray([new XmlElement("<x/>")]);
            e.WriteNodeIdArray([new NodeId(12)]);
            e.WriteExpandedNodeIdArray([new NodeId(13)]);
            e.WriteStatusCodeArray([StatusCodes.BadTimeout]);
            e.WriteQualifiedNameArray([new QualifiedName("q", 1)]);
            e.WriteLocalizedTextArray([new LocalizedText("t")]);
            e.WriteExtensionObjectArray([null]);
            e.WriteVariantArray([new Variant(14)]);
            e.WriteDiagnosticInfoArray([new DiagnosticInfo { SymbolicId = 15 }]);
        });

        var d = new BinaryDecoder(bytes);
        Assert.Equal([true], d.ReadBooleanArray()!);
        Assert.Equal([(sbyte)-1], d.ReadSByteArray()!);
        Assert.Equal([(byte)2], d.ReadByteArray()!);
        Assert.Equal([(short)-3], d.ReadInt16Array()!);
        Assert.Equal([(ushort)4], d.ReadUInt16Array()!);
        Assert.Equal([5u], d.ReadUInt32Array()!);
        Assert.Equal([-6L], d.ReadInt64Array()!);
        Assert.Equal([7UL], d.ReadUInt64Array()!);
        Assert.Equal([8.5f], d.ReadFloatArray()!);
        Assert.Equal([9.5], d.ReadDoubleArray()!);
        Assert.Equal([UaDateTime.FromTicks(10)], d.ReadDateTimeArray()!);
        Assert.Equal([Samples.SampleGuid], d.ReadGuidArray()!);
        Assert.Equal([new ByteString([11])], d.ReadByteStringArray()!);
        Assert.Equal([new XmlElement("<x/>")], d.ReadXmlElementArray()!);
        Assert.Equal([new NodeId(12)], d.ReadNodeIdArray()!);
        Assert.Equal([new ExpandedNodeId(new NodeId(13))], d.ReadExpandedNodeIdArray()!);
        Assert.Equal([new StatusCode(StatusCodes.BadTimeout)], d.ReadStatusCodeArray()!);
        Assert.Equal([new QualifiedName("q", 1)], d.ReadQualifiedNameArray()!);
        Assert.Equal([new LocalizedText("t")], d.ReadLocalizedTextArray()!);
        Assert.Null(Assert.Single(d.ReadExtensionObjectArray()!));
        Assert.Equal([new Variant(14)], d.ReadVariantArray()!);
        Assert.Equal(15, d.ReadDiagnosticInfoArray()![0]!.SymbolicId);
        Assert.Equal(0, d.Remaining);
    }

    [Fact]
    public void Variant_ReservedTypeId_DecodesAsByteStringPayloadAndIsNotReencoded()
    {
        // Type id 26 is not assigned: decoders pass its value on as a ByteString (OPC 10000-6 5.2.2.16).
        var value = Codec.Decode(Hex.Parse("1a 02 00 00 00 ab cd"), d => d.ReadVariant());

        Assert.Equal((BuiltInType)26, value.BuiltInType);
        Assert.Equal(new ByteString([0xab, 0xcd]), value.Value);
        var error = Assert.Throws<UaEncodingException>(() => Codec.Encode(e => e.WriteVariant(value)));
        Assert.Equal(StatusCodes.BadEncodingError, error.StatusCode.Code);
    }

    [Fact]
    public void Variant_MatrixWithZeroLengthDimension_IsWrittenAsEmptyArray()
    {
        var matrix = new Variant(new Matrix(Array.Empty<int>(), 0, 3));

        var decoded = Codec.RoundTrip(matrix, (e, v) => e.WriteVariant(v), d => d.ReadVariant());

        Assert.Equal(new Variant(Array.Empty<int>()), decoded);
    }

    [Fact]
    public void Variant_OneDimension_DecodesAsPlainArray()
    {
        var value = Codec.Decode(Hex.Parse("c6 02 00 00 00 01 00 00 00 02 00 00 00 01 00 00 00 02 00 00 00"), d => d.ReadVariant());

        Assert.Equal(new Variant(new[] { 1, 2 }), value);
    }

    [Fact]
    public void Variant_NullArrayLength_DecodesAsEmptyArray()
    {
        Assert.Equal(new Variant(Array.Empty<double>()), Codec.Decode(Hex.Parse("8b ff ff ff ff"), d => d.ReadVariant()));
    }

    [Fact]
    public void Decoder_MultiSegmentSequence_ReadsLikeOneBuffer()
    {
        var bytes = Codec.Encode(e => e.WriteVariant(new Variant(new[] { "joined", "chunks" })));
        var first = new Segment(bytes.AsMemory(0, 5));
        var last = first.Append(bytes.AsMemory(5));

        var value = new BinaryDecoder(new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length)).ReadVariant();

        Assert.Equal(new Variant(new[] { "joined", "chunks" }), value);
    }

    [Fact]
    public void Decoder_ArraySegment_ReadsFromItsOffset()
    {
        var bytes = new byte[] { 0xee, 0xee, 0x06, 0x2a, 0x00, 0x00, 0x00, 0xee };

        var decoder = new BinaryDecoder(bytes.AsMemory(2, 5));

        Assert.Equal(new Variant(42), decoder.ReadVariant());
        Assert.Equal(5, decoder.Position);
    }

    [Fact]
    public void Decoder_NumericDataValues_AllocateNothing()
    {
        var value = new DataValue(new Variant(21.5), StatusCodes.Good, UaDateTime.FromTicks(1000), UaDateTime.FromTicks(2000));
        var bytes = Codec.Encode(e =>
        {
            for (var i = 0; i < 1000; i++)
            {
                e.WriteDataValue(value);
            }
        });
        var decoder = new BinaryDecoder(bytes);
        decoder.ReadDataValue();
        var sum = 0.0;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < 1000; i++)
        {
            decoder.ReadDataValue().Value.TryGetValue(out double number);
            sum += number;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(999 * 21.5, sum);
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
