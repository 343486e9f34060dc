namespace SmartShop.OpcUa.Tests;

public sealed class NodeIdTests
{
    [Theory]
    [InlineData("i=85")]
    [InlineData("ns=2;s=Line1.Lathe;Speed")]
    [InlineData("ns=2;s=")]
    [InlineData("ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a")]
    [InlineData("ns=1;b=M/RbKBsRVkePCePcx24oRA==")]
    [InlineData("ns=65535;i=4294967295")]
    [InlineData("s=Hello:World")]
    public void Parse_StandardTextForm_ToStringGivesItBack(string text)
    {
        Assert.Equal(text, NodeId.Parse(text).ToString());
    }

    [Fact]
    public void Parse_ExplicitNamespaceZero_PrintsWithoutNamespace()
    {
        Assert.Equal("i=5", NodeId.Parse("ns=0;i=5").ToString());
    }

    [Fact]
    public void Parse_StringIdentifierWithSemicolons_KeepsTheRestOfTheText()
    {
        var nodeId = NodeId.Parse("ns=3;s=a;b=c;i=4");

        Assert.Equal((IdType.String, (ushort)3, "a;b=c;i=4"), (nodeId.IdType, nodeId.NamespaceIndex, nodeId.StringIdentifier));
    }

    [Theory]
    [InlineData("")]
    [InlineData("85")]
    [InlineData("x=1")]
    [InlineData("i=-1")]
    [InlineData("i=4294967296")]
    [InlineData("ns=70000;i=1")]
    [InlineData("ns=1")]
    [InlineData("ns=;i=1")]
    [InlineData("ns=1;g=not-a-guid")]
    [InlineData("ns=1;b=!!!")]
    [InlineData("nsu=urn:acme;s=x")]
    public void TryParse_MalformedText_ReturnsFalse(string text)
    {
        Assert.False(NodeId.TryParse(text, out _));
    }

    [Fact]
    public void Parse_NamespaceUriForm_SaysToUseExpandedNodeId()
    {
        var error = Assert.Throws<FormatException>(() => NodeId.Parse("nsu=urn:acme;s=x"));

        Assert.Contains("ExpandedNodeId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsNull_EachNullForm_IsTrue()
    {
        Assert.True(NodeId.Null.IsNull);
        Assert.True(new NodeId(0).IsNull);
        Assert.True(new NodeId(string.Empty, 0).IsNull);
        Assert.True(new NodeId(Guid.Empty, 0).IsNull);
        Assert.True(new NodeId(ByteString.Empty, 0).IsNull);
        Assert.False(new NodeId(0, 1).IsNull);
        Assert.False(new NodeId(1).IsNull);
    }

    [Fact]
    public void Equals_SameIdentifierOfOtherType_IsFalse()
    {
        Assert.NotEqual(NodeId.Parse("ns=1;i=7"), NodeId.Parse("ns=1;s=7"));
        Assert.NotEqual(NodeId.Parse("ns=1;i=7"), NodeId.Parse("ns=2;i=7"));
    }

    [Fact]
    public void Equals_OpaqueIdentifiers_CompareByContent()
    {
        var left = new NodeId(new ByteString([1, 2, 3]), 4);
        var right = new NodeId(new ByteString([1, 2, 3]), 4);

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
        Assert.NotEqual(left, new NodeId(new ByteString([1, 2]), 4));
    }

    [Fact]
    public void WithNamespaceIndex_StringId_KeepsIdentifier()
    {
        Assert.Equal(NodeId.Parse("ns=7;s=Pump"), NodeId.Parse("ns=2;s=Pump").WithNamespaceIndex(7));
    }
}
