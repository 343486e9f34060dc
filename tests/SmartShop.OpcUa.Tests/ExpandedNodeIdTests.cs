namespace SmartShop.OpcUa.Tests;

public sealed class ExpandedNodeIdTests
{
    [Fact]
    public void Parse_UriWithReservedCharacters_UnescapesThemAndToStringEscapesBack()
    {
        var id = ExpandedNodeId.Parse("svr=2;nsu=urn:acme%3Bplant%25x;s=Line1");

        Assert.Equal("urn:acme;plant%x", id.NamespaceUri);
        Assert.Equal(2u, id.ServerIndex);
        Assert.Equal(NodeId.Parse("s=Line1"), id.NodeId);
        Assert.Equal("svr=2;nsu=urn:acme%3Bplant%25x;s=Line1", id.ToString());
    }

    [Fact]
    public void Parse_NamespaceIndexForm_IsALocalNodeId()
    {
        var id = ExpandedNodeId.Parse("ns=2;i=7");

        Assert.Equal((NodeId.Parse("ns=2;i=7"), (string?)null, 0u), (id.NodeId, id.NamespaceUri, id.ServerIndex));
        Assert.Equal("ns=2;i=7", id.ToString());
    }

    [Theory]
    [InlineData("nsu=urn:x")]
    [InlineData("svr=x;i=1")]
    [InlineData("nsu=urn:x;q=1")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(ExpandedNodeId.TryParse(text, out _));
    }

    [Fact]
    public void TryToNodeId_UriInTable_UsesItsIndex()
    {
        var table = new NamespaceTable([NamespaceTable.OpcUaNamespaceUri, "urn:a", "urn:acme:plc"]);

        Assert.True(ExpandedNodeId.Parse("nsu=urn:acme:plc;s=Speed").TryToNodeId(table, out var nodeId));
        Assert.Equal(NodeId.Parse("ns=2;s=Speed"), nodeId);
    }

    [Fact]
    public void TryToNodeId_UriNotInTableOrOtherServer_IsFalse()
    {
        Assert.False(ExpandedNodeId.Parse("nsu=urn:other;s=Speed").TryToNodeId(NamespaceTable.Default, out _));
        Assert.False(ExpandedNodeId.Parse("svr=1;i=5").TryToNodeId(NamespaceTable.Default, out _));
    }

    [Fact]
    public void NamespaceTable_WithoutOpcUaNamespace_PutsItFirst()
    {
        var table = new NamespaceTable(["urn:acme"]);

        Assert.Equal([NamespaceTable.OpcUaNamespaceUri, "urn:acme"], table.Uris);
        Assert.Equal(1, table.IndexOf("urn:acme"));
        Assert.Null(table.GetUri(5));
    }
}
