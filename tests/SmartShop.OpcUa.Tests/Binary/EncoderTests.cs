using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Tests.Binary;

public sealed class EncoderTests
{
    [Fact]
    public void WriteString_OverMaxStringLength_ThrowsLimitsExceeded()
    {
        using var encoder = new BinaryEncoder(new EncodingContext(new EncodingLimits { MaxStringLength = 3 }));

        var error = Assert.Throws<UaEncodingException>(() => encoder.WriteString("水水"));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void Write_PastMaxMessageSize_ThrowsLimitsExceeded()
    {
        using var encoder = new BinaryEncoder(new EncodingContext(new EncodingLimits { MaxMessageSize = 100 }), initialCapacity: 16);
        encoder.WriteByteString(new byte[90]);

        var error = Assert.Throws<UaEncodingException>(() => encoder.WriteDouble(1));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
        Assert.Equal(94, encoder.Position);
    }

    [Fact]
    public void WriteArray_OverMaxArrayLength_ThrowsLimitsExceeded()
    {
        using var encoder = new BinaryEncoder(new EncodingContext(new EncodingLimits { MaxArrayLength = 2 }));

        Assert.Throws<UaEncodingException>(() => encoder.WriteVariant(new Variant(new[] { 1, 2, 3 })));
    }

    [Fact]
    public void WriteVariant_NestedDeeperThanLimit_ThrowsLimitsExceeded()
    {
        var value = new Variant(1);
        for (var i = 0; i < 20; i++)
        {
            value = new Variant(new[] { value });
        }

        using var encoder = new BinaryEncoder(new EncodingContext(new EncodingLimits { MaxNestingDepth = 10 }));

        var error = Assert.Throws<UaEncodingException>(() => encoder.WriteVariant(value));

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void Write_ManyValues_GrowsPastInitialCapacity()
    {
        using var encoder = new BinaryEncoder(initialCapacity: 8);
        var values = Enumerable.Range(0, 10_000).Select(i => (double)i).ToArray();

        encoder.WriteDoubleArray(values);

        Assert.Equal(values, new BinaryDecoder(encoder.ToArray()).ReadDoubleArray());
    }

    [Fact]
    public void Reset_ReusedEncoder_WritesWithoutAllocating()
    {
        using var encoder = new BinaryEncoder();
        var value = new DataValue(new Variant(21.5), StatusCodes.UncertainLastUsableValue, UaDateTime.FromTicks(1000));
        encoder.WriteDataValue(value);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            encoder.Reset();
            encoder.WriteDataValue(value);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Codec.Encode(e => e.WriteDataValue(value)), encoder.ToArray());
    }

    [Fact]
    public void PatchInt32_EarlierOffset_OverwritesLengthField()
    {
        using var encoder = new BinaryEncoder();
        encoder.WriteInt32(0);
        encoder.WriteString("body");

        encoder.PatchInt32(0, encoder.Position);

        Assert.Equal("0c 00 00 00 04 00 00 00 62 6f 64 79", Hex.Format(encoder.WrittenSpan));
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.PatchInt32(9, 1));
    }

    [Fact]
    public void BufferWriter_GetSpanAndAdvance_AppendsRawBytes()
    {
        using var encoder = new BinaryEncoder();
        encoder.WriteByte(1);

        var span = encoder.GetSpan(3);
        span[0] = 2;
        span[1] = 3;
        encoder.Advance(2);
        encoder.WriteRaw([4]);

        Assert.Equal("01 02 03 04", Hex.Format(encoder.WrittenSpan));
    }

    [Fact]
    public void WriteExtensionObject_TypeIdFromUnknownNamespaceUri_ThrowsEncodingError()
    {
        using var encoder = new BinaryEncoder();
        var value = new ExtensionObject(ExpandedNodeId.Parse("nsu=urn:not-in-table;i=5"), ByteString.Empty);

        var error = Assert.Throws<UaEncodingException>(() => encoder.WriteExtensionObject(value));

        Assert.Equal(StatusCodes.BadEncodingError, error.StatusCode.Code);
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        var encoder = new BinaryEncoder();
        encoder.WriteInt32(1);
        encoder.Dispose();
        encoder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => encoder.WriteInt32(2));
    }
}
