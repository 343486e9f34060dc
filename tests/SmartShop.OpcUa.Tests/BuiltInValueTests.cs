namespace SmartShop.OpcUa.Tests;

/// <summary>QualifiedName, LocalizedText, StatusCode, ByteString: text forms, equality, null versus empty.</summary>
public sealed class BuiltInValueTests
{
    [Theory]
    [InlineData("2:Name", 2, "Name")]
    [InlineData("Name", 0, "Name")]
    [InlineData("0:Name", 0, "Name")]
    [InlineData("x:Name", 0, "x:Name")]
    [InlineData("7:a:b", 7, "a:b")]
    public void QualifiedName_Parse_SplitsNumericPrefix(string text, int ns, string name)
    {
        Assert.Equal(new QualifiedName(name, (ushort)ns), QualifiedName.Parse(text));
    }

    [Fact]
    public void QualifiedName_ToString_OmitsNamespaceZero()
    {
        Assert.Equal(("2:Speed", "Speed"), (new QualifiedName("Speed", 2).ToString(), new QualifiedName("Speed").ToString()));
    }

    [Fact]
    public void StatusCode_KnownCode_PrintsNameAndHex()
    {
        Assert.Equal("BadNodeIdUnknown (0x80340000)", new StatusCode(StatusCodes.BadNodeIdUnknown).ToString());
        Assert.Equal("Good (0x00000000)", StatusCode.Good.ToString());
    }

    [Fact]
    public void StatusCode_InfoBits_AreIgnoredForTheName()
    {
        Assert.Equal("UncertainLastUsableValue (0x40900400)", new StatusCode(0x40900400).ToString());
    }

    [Fact]
    public void StatusCode_UnknownCode_PrintsHexOnly()
    {
        Assert.Equal("0x81FF0000", new StatusCode(0x81FF0000).ToString());
    }

    [Fact]
    public void StatusCode_NameWithUnderscoresInTheSpecification_KeepsThem()
    {
        Assert.Equal("GoodEdited_DependentValueChanged", new StatusCode(StatusCodes.GoodEditedDependentValueChanged).SymbolicName);
    }

    [Theory]
    [InlineData(0x00000000u, StatusSeverity.Good)]
    [InlineData(0x002F0000u, StatusSeverity.Good)]
    [InlineData(0x40900000u, StatusSeverity.Uncertain)]
    [InlineData(0x80340000u, StatusSeverity.Bad)]
    [InlineData(0xC0000000u, StatusSeverity.Bad)]
    public void StatusCode_Severity_FollowsTopTwoBits(uint code, StatusSeverity severity)
    {
        var status = new StatusCode(code);

        Assert.Equal(severity, status.Severity);
        Assert.Equal(severity == StatusSeverity.Good, status.IsGood);
        Assert.Equal(severity == StatusSeverity.Bad, status.IsBad);
    }

    [Fact]
    public void ByteString_NullAndEmpty_AreDistinct()
    {
        Assert.True(ByteString.Null.IsNull);
        Assert.False(ByteString.Empty.IsNull);
        Assert.NotEqual(ByteString.Null, ByteString.Empty);
        Assert.Equal(0, ByteString.Null.Length);
    }

    [Fact]
    public void ByteString_Constructor_CopiesTheBytes()
    {
        var bytes = new byte[] { 1, 2 };
        var value = new ByteString(bytes);
        bytes[0] = 9;

        Assert.Equal(new ByteString([1, 2]), value);
        Assert.Equal("AQI=", value.ToString());
    }

    [Fact]
    public void LocalizedText_NullAndEmptyLocale_AreDistinct()
    {
        Assert.NotEqual(new LocalizedText(null, "x"), new LocalizedText(string.Empty, "x"));
        Assert.Equal("x", new LocalizedText("en", "x").ToString());
    }
}
