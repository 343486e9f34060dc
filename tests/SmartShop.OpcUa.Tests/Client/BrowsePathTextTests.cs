using SmartShop.OpcUa.Client;

namespace SmartShop.OpcUa.Tests.Client;

public sealed class BrowsePathTextTests
{
    [Fact]
    public void ParseNames_ObjectsThenPrefixedNames_NamespaceZeroWithoutPrefix()
    {
        var names = BrowsePathText.ParseNames("/Objects/2:Plant/2:Lathe1/3:State");

        Assert.Equal([new QualifiedName("Objects"), new QualifiedName("Plant", 2), new QualifiedName("Lathe1", 2), new QualifiedName("State", 3)], names);
    }

    [Fact]
    public void ParseNames_EscapedReservedCharacters_BecomePartOfTheName()
    {
        var names = BrowsePathText.ParseNames("/Objects/2:PLC1&.Counters/4:a&/b&:c&&d");

        Assert.Equal([new QualifiedName("Objects"), new QualifiedName("PLC1.Counters", 2), new QualifiedName("a/b:c&d", 4)], names);
    }

    [Fact]
    public void ParseNames_RootAlone_IsNoElements()
    {
        Assert.Empty(BrowsePathText.ParseNames("/"));
    }

    [Fact]
    public void ParseNames_NameWithDashesAndSpaces_KeptAsWritten()
    {
        var names = BrowsePathText.ParseNames("/Objects/5:line-1/5:l1 lathe");

        Assert.Equal(new QualifiedName("l1 lathe", 5), names[2]);
    }

    [Theory]
    [InlineData("", "must start with '/'")]
    [InlineData("Objects/2:Plant", "must start with '/'")]
    [InlineData("/Objects//2:Plant", "element 2 is empty")]
    [InlineData("/Objects/", "element 2 is empty")]
    [InlineData("/Objects/x:Plant", "'x' before ':' in element 'x:Plant' is not a namespace index")]
    [InlineData("/Objects/70000:Plant", "'70000' before ':' in element '70000:Plant' is not a namespace index")]
    [InlineData("/Objects/2:", "element '2:' has no browse name after ':'")]
    [InlineData("/Objects/2:a:b", "element '2:a:b' has a second ':'")]
    [InlineData("/Objects/2:Plant.Lathe", "'.' in element '2:Plant.Lathe' is reserved")]
    [InlineData("/Objects/2:Plant#", "'#' in element '2:Plant#' is reserved")]
    [InlineData("/Objects/2:Plant&", "'&' at the end of element '2:Plant&' escapes nothing")]
    public void ParseNames_Malformed_FormatExceptionNamingTheElement(string path, string expected)
    {
        var error = Assert.Throws<FormatException>(() => BrowsePathText.ParseNames(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"'{path}' is not a browse path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseNames_Null_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => BrowsePathText.ParseNames(null!));
    }

    [Fact]
    public void Parse_Path_StartsAtRootAndFollowsHierarchicalReferencesWithSubtypes()
    {
        var path = BrowsePathText.Parse("/Objects/2:Lathe1");

        Assert.Equal(new NodeId(84), path.StartingNode);
        Assert.Equal(2, path.RelativePath.Elements!.Length);
        Assert.All(path.RelativePath.Elements, e =>
        {
            Assert.Equal(new NodeId(33), e.ReferenceTypeId);
            Assert.False(e.IsInverse);
            Assert.True(e.IncludeSubtypes);
        });
        Assert.Equal(new QualifiedName("Lathe1", 2), path.RelativePath.Elements[1].TargetName);
    }

    [Theory]
    [InlineData("/Objects/2:Plant/2:Lathe1/2:State")]
    [InlineData("/Objects/2:PLC1&.Counters/4:a&/b&:c&&d")]
    [InlineData("/")]
    public void Format_ParsedPath_GivesTheSameText(string path)
    {
        Assert.Equal(path, BrowsePathText.Format(BrowsePathText.ParseNames(path)));
    }
}
