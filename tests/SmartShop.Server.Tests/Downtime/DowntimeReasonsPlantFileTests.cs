using SmartShop.Server.Plant;
using SmartShop.Server.Tests.Plant;

namespace SmartShop.Server.Tests.Downtime;

/// <summary>The downtimeReasons section of the plant file, machine types' reasons, and stop-reason codes mapped to reasons.</summary>
public sealed class DowntimeReasonsPlantFileTests
{
    private const string Tree = """
        downtimeReasons:
          - id: unplanned
            name: Unplanned
            children:
              - id: equipment
                name: Equipment failure
                children:
                  - { id: spindle, name: Spindle }
                  - { id: tooling, name: Tooling }
              - id: material
                name: Material
                children:
                  - { id: starved, name: Starved }
          - id: planned
            name: Planned
            children:
              - { id: changeover, name: Changeover }
        machineTypes:
        """;

    private const string TypePath = "machineTypes[0] (id 'cnc-lathe')";

    /// <summary>The minimal plant with the tree above, the lathe type offering two subtrees and two codes mapped.</summary>
    private static string WithReasons(string offered = "[unplanned.equipment, planned]", string code101 = "{ text: Tool breakage, reason: unplanned.equipment.tooling }")
    {
        var yaml = PlantYaml.With("machineTypes:\n", Tree + "\n");
        yaml = PlantYaml.With("    microStopThresholdSeconds: 30\n", $"    microStopThresholdSeconds: 30\n    reasons: {offered}\n", yaml);
        yaml = PlantYaml.With("      101: Tool breakage\n      102: Chip entanglement\n",
            $"      101: {code101}\n      102: {{ reason: unplanned.material.starved }}\n", yaml);
        return yaml;
    }

    private static PlantLoadResult Load(string yaml) => PlantLoader.Parse(yaml, PlantFileFormat.Yaml, "plant.yaml");

    private static PlantConfigurationError AssertError(PlantLoadResult result, string path, string message)
    {
        Assert.False(result.Succeeded);
        var error = result.Errors.FirstOrDefault(e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(error is not null, $"expected an error at '{path}' containing '{message}'; got:\n{string.Join("\n", result.Errors)}");
        Assert.NotNull(error.Line);
        return error;
    }

    [Fact]
    public void Load_TreeSubsetAndMappedCodes_MapToThePlant()
    {
        var result = Load(WithReasons());

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var plant = result.Plant;
        Assert.Equal(
            ["unplanned", "unplanned.equipment", "unplanned.equipment.spindle", "unplanned.equipment.tooling", "unplanned.material", "unplanned.material.starved", "planned", "planned.changeover"],
            plant.DowntimeReasons.Ids);
        Assert.Equal(["unplanned.equipment", "planned"], plant.FindMachineType("cnc-lathe")!.OfferedReasons);
        Assert.Null(plant.FindMachineType("leak-tester")!.OfferedReasons);

        // l2-lathe takes the type's table; l1-lathe redefines 102 as plain text, which drops the type's mapping.
        var l2 = plant.FindMachine("l2-lathe")!;
        Assert.Equal(("unplanned.equipment.tooling", "Tool breakage"), (l2.StopReasonId(101), l2.StopReasonText(101)));
        Assert.Equal(("unplanned.material.starved", "Starved"), (l2.StopReasonId(102), l2.StopReasonText(102)));
        var l1 = plant.FindMachine("l1-lathe")!;
        Assert.Equal((null, "Chip jam at the bar feeder"), (l1.StopReasonId(102), l1.StopReasonText(102)));
        Assert.Equal("unplanned.equipment.tooling", l1.StopReasonId(101));

        Assert.True(plant.ReasonMenuFor("l1-lathe")!.Offers("unplanned.equipment.spindle"));
        Assert.False(plant.ReasonMenuFor("l1-lathe")!.Offers("unplanned.material.starved"));
        Assert.True(plant.ReasonMenuFor("l1-leak")!.Offers("unplanned.material.starved"));
    }

    [Fact]
    public void Load_NoReasonsSection_PlainStopReasonsStillValidAndTreeEmpty()
    {
        var result = Load(PlantYaml.Minimal);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.True(result.Plant.DowntimeReasons.IsEmpty);
        Assert.Null(result.Plant.FindMachine("l2-lathe")!.StopReasonId(101));
        Assert.Equal("Tool breakage", result.Plant.FindMachine("l2-lathe")!.StopReasonText(101));
    }

    [Fact]
    public void Load_DemoPlant_MapsCodesAndOffersSubsets()
    {
        var file = PlantFileLocator.Find(PlantSetup.DefaultPlantFile, AppContext.BaseDirectory)!;

        var result = PlantLoader.LoadFile(file);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var lathe = result.Plant.FindMachine("l1-lathe")!;
        Assert.Equal(("unplanned.equipment.spindle", "Spindle alarm"), (lathe.StopReasonId(301), lathe.StopReasonText(301)));
        Assert.Equal(("unplanned.equipment.handling", "Bar feeder jam"), (lathe.StopReasonId(205), lathe.StopReasonText(205)));
        Assert.Equal(("planned.maintenance", "Planned maintenance"), (lathe.StopReasonId(601), lathe.StopReasonText(601)));
        Assert.Null(lathe.StopReasonId(401));
        Assert.All(result.Plant.Machines, m => Assert.All(m.StopReasonIds.Values, id => Assert.True(result.Plant.DowntimeReasons.Contains(id))));
    }

    [Fact]
    public void Load_OfferedReasonMisspelt_SuggestsTheFullId()
    {
        var result = Load(WithReasons(offered: "[unplanned.equipmnt, planned]"));

        var error = AssertError(result, $"{TypePath}.reasons[0]", "unknown downtime reason 'unplanned.equipmnt'; did you mean 'unplanned.equipment'?");
        Assert.Equal(15, error.Column);
    }

    [Fact]
    public void Load_OnlyTheLastSegmentWritten_SuggestsTheFullId()
    {
        var result = Load(WithReasons(code101: "{ text: Tool breakage, reason: tooling }"));

        AssertError(result, $"{TypePath}.stopReasons[101].reason", "did you mean 'unplanned.equipment.tooling'?");
    }

    [Fact]
    public void Load_UnknownReasonWithNoNearName_ListsTheReasonsAtTheDeepestKnownLevel()
    {
        var result = Load(WithReasons(offered: "[unplanned.equipment, planned.holiday-shutdown]"));

        AssertError(result, $"{TypePath}.reasons[1]", "under 'planned' there are: planned.changeover");
    }

    [Fact]
    public void Load_ReasonsWithoutATree_SaysTheFileDeclaresNone()
    {
        var yaml = PlantYaml.With("    microStopThresholdSeconds: 30\n", "    microStopThresholdSeconds: 30\n    reasons: [planned]\n");

        var result = Load(yaml);

        AssertError(result, $"{TypePath}.reasons[0]", "the plant file declares no downtimeReasons");
    }

    [Theory]
    [InlineData("[unplanned.equipment, unplanned.equipment.spindle]", "reasons[1]", "already offered with 'unplanned.equipment'")]
    [InlineData("[unplanned.equipment.spindle, unplanned]", "reasons[1]", "includes 'unplanned.equipment.spindle'")]
    [InlineData("[]", "reasons", "is empty")]
    public void Load_OfferedReasonsOverlappingOrEmpty_AreErrors(string offered, string key, string message)
    {
        AssertError(Load(WithReasons(offered: offered)), $"{TypePath}.{key}", message);
    }

    [Fact]
    public void Load_TreeIdWithDot_SaysIdsAreSegments()
    {
        var result = Load(WithReasons().Replace("{ id: starved, name: Starved }", "{ id: material.starved, name: Starved }", StringComparison.Ordinal));

        AssertError(result, "downtimeReasons[0].children[1].children[0] (id 'material.starved').id", "one segment");
    }

    [Fact]
    public void Load_TreeIdUpperCase_IsInvalid()
    {
        var result = Load(WithReasons().Replace("{ id: changeover, name: Changeover }", "{ id: Changeover, name: Changeover }", StringComparison.Ordinal));

        AssertError(result, "downtimeReasons[1].children[0] (id 'Changeover').id", "lower-case");
    }

    [Fact]
    public void Load_SiblingsWithTheSameIdOrName_AreErrors()
    {
        var yaml = WithReasons().Replace(
            "          - { id: tooling, name: Tooling }\n",
            "          - { id: tooling, name: Tooling }\n          - { id: tooling, name: Tool wear }\n          - { id: tool-wear, name: TOOLING }\n",
            StringComparison.Ordinal);

        var result = Load(yaml);

        AssertError(result, "downtimeReasons[0].children[0].children[2] (id 'tooling').id", "duplicate downtime reason id 'unplanned.equipment.tooling'");
        AssertError(result, "downtimeReasons[0].children[0].children[3] (id 'tool-wear').name", "already named 'TOOLING'");
    }

    [Fact]
    public void Load_TreeNodeWithoutNameOrWithUnknownKey_AreErrors()
    {
        var yaml = WithReasons().Replace("  - id: planned\n    name: Planned\n    children:\n", "  - id: planned\n    childen: []\n    children:\n", StringComparison.Ordinal);

        var result = Load(yaml);

        AssertError(result, "downtimeReasons[1] (id 'planned').childen", "did you mean 'children'?");
        AssertError(result, "downtimeReasons[1] (id 'planned').name", "required key 'name' is missing");
    }

    [Fact]
    public void Load_StopReasonMappingWithMisspeltKeyOrNoReason_AreErrors()
    {
        var misspelt = Load(WithReasons(code101: "{ text: Tool breakage, reasn: unplanned.equipment.tooling }"));
        var textOnly = Load(WithReasons(code101: "{ text: Tool breakage }"));

        AssertError(misspelt, $"{TypePath}.stopReasons[101].reasn", "did you mean 'reason'?");
        AssertError(textOnly, $"{TypePath}.stopReasons[101].reason", "for text alone write '101: <text>'");
    }

    [Fact]
    public void Load_MappingInStateCodes_IsNotAccepted()
    {
        var yaml = PlantYaml.With("      0: Idle\n", "      0: { text: Idle, reason: planned }\n");

        var result = Load(yaml);

        AssertError(result, "machineTypes[1] (id 'leak-tester').stateCodes[0]", "expected text, found a mapping");
    }
}
