namespace SmartShop.OpcUa.Tests;

public sealed class VariantTests
{
    [Fact]
    public void TryGetValue_ExactType_ReturnsValue()
    {
        Assert.True(new Variant(42u).TryGetValue(out uint value));
        Assert.Equal(42u, value);
    }

    [Fact]
    public void TryGetValue_OtherType_ReturnsFalse()
    {
        Assert.False(new Variant(42u).TryGetValue(out int _));
        Assert.False(new Variant(new[] { 1.0 }).TryGetValue(out double _));
    }

    [Theory]
    [MemberData(nameof(Numbers))]
    public void TryGetNumber_AnyNumericScalar_ConvertsToDouble(Variant value, double expected)
    {
        Assert.True(value.TryGetNumber(out var number));
        Assert.Equal(expected, number);
    }

    public static TheoryData<Variant, double> Numbers => new()
    {
        { new Variant((sbyte)-3), -3 },
        { new Variant((byte)250), 250 },
        { new Variant((ushort)65535), 65535 },
        { new Variant(uint.MaxValue), uint.MaxValue },
        { new Variant(-7L), -7 },
        { new Variant(ulong.MaxValue), ulong.MaxValue },
        { new Variant(1.5f), 1.5 },
        { new Variant(2.25), 2.25 },
    };

    [Fact]
    public void TryGetNumber_String_ReturnsFalse()
    {
        Assert.False(new Variant("12").TryGetNumber(out _));
    }

    [Fact]
    public void TryGetArray_SameSizedOtherType_IsNotConfused()
    {
        var value = new Variant(new[] { 1, 2 });

        Assert.True(value.TryGetArray<int>(out var ints));
        Assert.Equal([1, 2], ints);
        Assert.False(value.TryGetArray<uint>(out _));
    }

    [Fact]
    public void Equals_SameNaNBits_IsTrue_SignedZeros_AreDifferent()
    {
        Assert.Equal(new Variant(double.NaN), new Variant(double.NaN));
        Assert.NotEqual(new Variant(0.0), new Variant(-0.0));
        Assert.Equal(new Variant(new[] { double.NaN }), new Variant(new[] { double.NaN }));
    }

    [Fact]
    public void Equals_ArraysAndMatrices_CompareByValue()
    {
        Assert.Equal(new Variant(new[] { "a", null }), new Variant(new[] { "a", null }));
        Assert.NotEqual(new Variant(new[] { "a" }), new Variant("a"));
        Assert.Equal(new Variant(new Matrix(new[] { 1, 2, 3, 4, 5, 6 }, 2, 3)), new Variant(new Matrix(new[] { 1, 2, 3, 4, 5, 6 }, 2, 3)));
        Assert.NotEqual(new Variant(new Matrix(new[] { 1, 2, 3, 4, 5, 6 }, 2, 3)), new Variant(new Matrix(new[] { 1, 2, 3, 4, 5, 6 }, 3, 2)));
    }

    [Fact]
    public void Equals_NullAndEmptyString_AreDifferent()
    {
        Assert.NotEqual(new Variant((string?)null), new Variant(string.Empty));
        Assert.NotEqual(new Variant(ByteString.Null), new Variant(ByteString.Empty));
        Assert.NotEqual(Variant.Null, new Variant((string?)null));
    }

    [Fact]
    public void ToString_ScalarsArraysMatrices_AreReadable()
    {
        Assert.Equal("1.5", new Variant(1.5).ToString());
        Assert.Equal("[1, 2, 3]", new Variant(new[] { 1, 2, 3 }).ToString());
        Assert.Equal("Double[2x1]", new Variant(new Matrix(new[] { 1.0, 2.0 }, 2, 1)).ToString());
        Assert.Equal("Null", Variant.Null.ToString());
        Assert.Equal("i=85", new Variant(new NodeId(85)).ToString());
    }

    [Fact]
    public void Matrix_DimensionsNotMatchingElements_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Matrix(new[] { 1, 2, 3 }, 2, 2));
        Assert.Throws<ArgumentException>(() => new Matrix(new[] { 1, 2 }, 2));
        Assert.Throws<ArgumentException>(() => new Matrix(new object[] { 1, 2 }, 1, 2));
    }

    [Fact]
    public void Matrix_TryGetElements_TypedFlatArray()
    {
        var matrix = new Matrix(new[] { 1.0, 2.0, 3.0, 4.0 }, 2, 2);

        Assert.True(matrix.TryGetElements<double>(out var elements));
        Assert.Equal(4, elements.Length);
        Assert.Equal([2, 2], matrix.Dimensions.ToArray());
        Assert.False(matrix.TryGetElements<float>(out _));
    }

    [Fact]
    public void Value_Scalar_IsBoxedInItsClrType()
    {
        Assert.IsType<ushort>(new Variant((ushort)3).Value);
        Assert.IsType<UaDateTime>(new Variant(UaDateTime.MaxValue).Value);
        Assert.IsType<ByteString>(new Variant(ByteString.Empty).Value);
        Assert.IsType<double[]>(new Variant(new[] { 1.0 }).Value);
    }

    [Fact]
    public void DataValue_PicosecondsAboveMaximum_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataValue(Variant.Null, sourcePicoseconds: 10000));
    }
}
