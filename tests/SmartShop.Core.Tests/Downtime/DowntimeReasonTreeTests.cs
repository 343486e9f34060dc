using SmartShop.Core.Downtime;
using SmartShop.Core.Plant;

namespace SmartShop.Core.Tests.Downtime;

public sealed class DowntimeReasonTreeTests
{
    /// <summary>Unplanned &gt; Equipment &gt; Spindle / Tooling, Unplanned &gt; Material &gt; Starved; Planned &gt; Changeover.</summary>
    internal static DowntimeReasonTree Sample() => new(
    [
        new DowntimeReason("unplanned", "Unplanned",
        [
            new DowntimeReason("unplanned.equipment", "Equipment failure",
            [
                new DowntimeReason("unplanned.equipment.spindle", "Spindle"),
                new DowntimeReason("unplanned.equipment.tooling", "Tooling"),
            ]),
            new DowntimeReason("unplanned.material", "Material", [new DowntimeReason("unplanned.material.starved", "Starved")]),
        ]),
        new DowntimeReason("planned", "Planned", [new DowntimeReason("planned.changeover", "Changeover")]),
    ]);

    [Fact]
    public void PathTo_LeafReason_GivesNodesFromTheTop()
    {
        var tree = Sample();

        var path = tree.PathTo("unplanned.material.starved");

        Assert.Equal(["Unplanned", "Material", "Starved"], path.Select(r => r.Name));
        Assert.Equal(3, path[^1].Depth);
        Assert.Equal("starved", path[^1].Segment);
    }

    [Fact]
    public void PathTo_UnknownOrPrefixOnlyId_IsEmpty()
    {
        var tree = Sample();

        Assert.Empty(tree.PathTo("unplanned.mat"));
        Assert.Null(tree.Find("unplanned.material.starved.x"));
    }

    [Theory]
    [InlineData("unplanned.equipment.spindle", 1, "unplanned")]
    [InlineData("unplanned.equipment.spindle", 2, "unplanned.equipment")]
    [InlineData("unplanned.equipment.spindle", 3, "unplanned.equipment.spindle")]
    [InlineData("planned.changeover", 5, "planned.changeover")]
    public void RollUp_Depth_GivesAncestorAtThatLevelOrTheReasonItself(string id, int depth, string expected)
    {
        Assert.Equal(expected, Sample().RollUp(id, depth)?.Id);
    }

    [Fact]
    public void Ids_Tree_AreDepthFirstInFileOrder()
    {
        Assert.Equal(
            ["unplanned", "unplanned.equipment", "unplanned.equipment.spindle", "unplanned.equipment.tooling", "unplanned.material",
             "unplanned.material.starved", "planned", "planned.changeover"],
            Sample().Ids);
    }

    [Fact]
    public void Constructor_ChildIdNotBelowItsParent_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new DowntimeReasonTree(
            [new DowntimeReason("unplanned", "Unplanned", [new DowntimeReason("planned.starved", "Starved")])]));

        Assert.Contains("'unplanned.<segment>'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unplanned")]
    [InlineData("un planned")]
    [InlineData("-unplanned")]
    [InlineData("")]
    public void Constructor_InvalidSegment_Throws(string id)
    {
        Assert.Throws<ArgumentException>(() => new DowntimeReasonTree([new DowntimeReason(id, "Unplanned")]));
    }

    [Fact]
    public void Constructor_SameIdTwice_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new DowntimeReasonTree(
            [new DowntimeReason("planned", "Planned"), new DowntimeReason("planned", "Planned again")]));

        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DeeperThanMaxDepth_Throws()
    {
        var id = string.Join('.', Enumerable.Range(1, DowntimeReasonTree.MaxDepth + 1).Select(i => $"l{i}"));
        var node = new DowntimeReason(id, "Deepest");
        for (var cut = id.LastIndexOf('.'); cut > 0; cut = id.LastIndexOf('.', cut - 1))
        {
            node = new DowntimeReason(id[..cut], "Level", [node]);
        }

        Assert.Throws<ArgumentException>(() => new DowntimeReasonTree([node]));
    }

    [Theory]
    [InlineData("unplanned.material", "unplanned.material", true)]
    [InlineData("unplanned.material.starved", "unplanned.material", true)]
    [InlineData("unplanned.materials", "unplanned.material", false)]
    [InlineData("unplanned", "unplanned.material", false)]
    public void IsWithin_Ids_ComparesWholeSegments(string id, string ancestor, bool expected)
    {
        Assert.Equal(expected, DowntimeReasonTree.IsWithin(id, ancestor));
    }

    [Fact]
    public void Menu_Subset_OffersNamedSubtreesOnly()
    {
        var menu = Sample().MenuFor(["unplanned.equipment", "planned.changeover"]);

        Assert.True(menu.Offers("unplanned.equipment"));
        Assert.True(menu.Offers("unplanned.equipment.spindle"));
        Assert.True(menu.Offers("planned.changeover"));
        Assert.False(menu.Offers("unplanned"));
        Assert.False(menu.Offers("unplanned.material.starved"));
        Assert.False(menu.Offers("planned.nope"));
    }

    [Fact]
    public void Choices_Subset_KeepsAncestorsAsGroupsThatCannotBePicked()
    {
        var menu = Sample().MenuFor(["unplanned.material", "planned"]);

        var choices = menu.Choices();

        var unplanned = Assert.Single(choices, c => c.Reason.Id == "unplanned");
        Assert.False(unplanned.Selectable);
        var material = Assert.Single(unplanned.Children);
        Assert.Equal(("unplanned.material", true), (material.Reason.Id, material.Selectable));
        Assert.Equal(["unplanned.material.starved"], material.Children.Select(c => c.Reason.Id));
        var planned = Assert.Single(choices, c => c.Reason.Id == "planned");
        Assert.True(planned.Selectable);
        Assert.True(Assert.Single(planned.Children).Selectable);
    }

    [Fact]
    public void Choices_WholeTree_EveryNodeSelectable()
    {
        var choices = Sample().MenuFor(null).Choices();

        Assert.Equal(2, choices.Count);
        Assert.All(Flatten(choices), c => Assert.True(c.Selectable));
        Assert.Equal(8, Flatten(choices).Count());
    }

    [Fact]
    public void MenuFor_UnknownId_Throws()
    {
        Assert.Throws<ArgumentException>(() => Sample().MenuFor(["unplanned.nope"]));
    }

    [Fact]
    public void PlantDefinition_CodeMappedToUnknownReason_Throws()
    {
        var type = new MachineType("lathe", "Lathe", StateModel.PackML, TimeSpan.FromSeconds(30), new Dictionary<int, string> { [101] = "Tool wear" })
        {
            StopReasonIds = new Dictionary<int, string> { [101] = "unplanned.equipment.nope" },
        };

        var error = Assert.Throws<ArgumentException>(() => new PlantDefinition(new Enterprise("acme", "ACME"), [type], [], Sample()));

        Assert.Contains("unplanned.equipment.nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReasonMenuFor_MachineOfTypeWithSubset_UsesTheTypesSubset()
    {
        var type = new MachineType("lathe", "Lathe", StateModel.PackML, TimeSpan.FromSeconds(30), new Dictionary<int, string>())
        {
            OfferedReasons = ["unplanned.material"],
        };
        var machine = new MachineDefinition("m1", "M1", type, OpcUaEndpoint.Parse("opc.tcp://127.0.0.1:4840"), SignalMap.Empty,
            type.StateModel, type.MicroStopThreshold, [], type.StopReasons);
        var site = new Site("bj", "Beijing", TimeZoneInfo.Utc, [new Area("a", "A", [new Line("l1", "L1", null, [], [machine])])]);

        var plant = new PlantDefinition(new Enterprise("acme", "ACME"), [type], [site], Sample());

        Assert.True(plant.ReasonMenuFor("m1")!.Offers("unplanned.material.starved"));
        Assert.False(plant.ReasonMenuFor("m1")!.Offers("planned.changeover"));
        Assert.Null(plant.ReasonMenuFor("m2"));
    }

    private static IEnumerable<DowntimeReasonChoice> Flatten(IEnumerable<DowntimeReasonChoice> choices) =>
        choices.SelectMany(c => Flatten(c.Children).Prepend(c));
}
