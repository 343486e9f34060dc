using SmartShop.Core.Machines;
using SmartShop.Core.Plant;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Tests.Plant;

public sealed class PlantLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private PlantLoadResult Load(string content, string fileName = "plant.yaml") =>
        PlantLoader.LoadFile(_dir.Write(fileName, content), fileName);

    /// <summary>Asserts the load failed, with no plant, and with an error naming this file, this path and this problem.</summary>
    private static PlantConfigurationError AssertError(PlantLoadResult result, string path, string message, string file = "plant.yaml")
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Plant);
        var error = result.Errors.FirstOrDefault(e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(error is not null, $"expected an error at '{path}' containing '{message}'; got:\n{string.Join("\n", result.Errors)}");
        Assert.Equal(file, error.File);
        return error;
    }

    [Fact]
    public void LoadFile_DemoPlant_HasOneSiteTwoLinesEightMachines()
    {
        var file = PlantFileLocator.Find(PlantSetup.DefaultPlantFile, AppContext.BaseDirectory);
        Assert.NotNull(file);

        var result = PlantLoader.LoadFile(file);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var plant = result.Plant;
        var site = Assert.Single(plant.Sites);
        Assert.Equal("Asia/Shanghai", site.TimeZone.Id);
        Assert.Equal(2, plant.Lines.Count());
        Assert.Equal(8, plant.Machines.Count);
        Assert.All(plant.Lines, line => Assert.NotNull(line.ConstraintMachine));
        Assert.Contains(plant.Lines, line => line.WorkCells.Count > 0);
        Assert.All(plant.Machines, m => Assert.Equal("opc.tcp://127.0.0.1:4840", m.Endpoint.Url));
        Assert.All(plant.Machines, m => Assert.StartsWith("nsu=urn:smartshop:plc-sim;s=", m.Signals.State?.Text, StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromSeconds(52), plant.FindMachine("l2-leaktest")?.IdealCycleTimeFor("VALVE-CV25-HP"));
        Assert.Equal(64, result.Sha256?.Length);
    }

    [Fact]
    public void LoadFile_MinimalYaml_MapsHierarchyAndInheritsTypeDefaults()
    {
        var result = Load(PlantYaml.Minimal);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var plant = result.Plant;
        Assert.Equal(new Enterprise("acme", "ACME Precision"), plant.Enterprise);
        Assert.Equal(["l1-lathe", "l1-leak", "l2-lathe"], plant.Machines.Select(m => m.Id));
        Assert.Equal("cell-a", plant.LocateMachine("l1-lathe")?.WorkCell?.Id);

        var lathe = plant.FindMachine("l1-lathe")!;
        Assert.Equal(TimeSpan.FromSeconds(20), lathe.MicroStopThreshold);
        Assert.Equal(StateModelKind.PackML, lathe.StateModel.Kind);
        Assert.Equal(TimeSpan.FromSeconds(12.5), lathe.IdealCycleTimeFor("SHAFT-20"));
        Assert.Equal("Tool breakage", lathe.StopReasonText(101));
        Assert.Equal("Chip jam at the bar feeder", lathe.StopReasonText(102));
        Assert.Equal("Bar feeder empty", lathe.StopReasonText(205));
        Assert.Equal(SignalAddressKind.NodeId, lathe.Signals.State?.Kind);
        Assert.Equal(SignalAddressKind.BrowsePath, lathe.Signals.GoodCount?.Kind);
        Assert.Null(lathe.Signals.EnergyKwh);

        var leakTester = plant.FindMachine("l1-leak")!;
        Assert.Equal(TimeSpan.FromSeconds(25), leakTester.MicroStopThreshold);
        Assert.Equal(MachineState.Down, leakTester.StateModel.MapCustomCode(5));
        Assert.Equal("/sim", leakTester.Endpoint.Path);
        Assert.Equal(TimeSpan.FromSeconds(30), plant.FindMachine("l2-lathe")!.MicroStopThreshold);
    }

    [Fact]
    public void LoadFile_Json_LoadsLikeYaml()
    {
        const string Json = """
            {
              "enterprise": { "id": "acme", "name": "ACME Precision" },
              "machineTypes": [
                { "id": "press", "name": "Servo press", "stateModel": "MachineryItemState", "microStopThresholdSeconds": 10,
                  "stopReasons": { "101": "Force out of window" } }
              ],
              "sites": [ { "id": "bj", "name": "Beijing", "timeZone": "Asia/Shanghai", "areas": [ { "id": "assembly", "name": "Assembly",
                "lines": [ { "id": "line-2", "name": "Valve line", "constraintMachineId": null, "machines": [
                  { "id": "l2-press", "name": "Press 2", "type": "press", "endpoint": "opc.tcp://127.0.0.1:4840",
                    "idealCycleTimes": [ { "product": "VALVE-CV20", "seconds": 12 } ],
                    "signals": { "state": "nsu=urn:smartshop:plc-sim;s=line-2/l2-press/State", "jobStart": null } }
                ] } ] } ] } ]
            }
            """;

        var result = Load(Json, "plant.json");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var press = result.Plant.FindMachine("l2-press")!;
        Assert.Equal(StateModelKind.MachineryItemState, press.StateModel.Kind);
        Assert.Equal(TimeSpan.FromSeconds(10), press.MicroStopThreshold);
        Assert.Equal("Force out of window", press.StopReasonText(101));
        Assert.Equal(TimeSpan.FromSeconds(12), press.IdealCycleTimeFor("VALVE-CV20"));
        Assert.Null(result.Plant.FindLine("line-2")!.ConstraintMachineId);
    }

    [Fact]
    public void LoadFile_JsonSyntaxError_ReportsJsonErrorWithLineAndColumn()
    {
        var result = Load("{\n  \"enterprise\": { \"id\": \"acme\", },\n  \"sites\": []\n}\n", "plant.json");

        var error = Assert.Single(result.Errors);
        Assert.Equal("plant.json", error.File);
        Assert.StartsWith("JSON syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
        Assert.NotNull(error.Column);
        Assert.Null(result.Plant);
    }

    [Fact]
    public void LoadFile_JsonStringWhereNumberBelongs_ReportsExpectedNumber()
    {
        var json = """{ "enterprise": { "id": "acme", "name": "ACME" }, "machineTypes": [ { "id": "t", "name": "T", "stateModel": "PackML", "microStopThresholdSeconds": "30" } ], "sites": [] }""";

        var result = Load(json, "plant.json");

        AssertError(result, "machineTypes[0] (id 't').microStopThresholdSeconds", "expected a number, found '30'", "plant.json");
    }

    [Fact]
    public void LoadFile_YamlSyntaxError_ReportsLineAndColumn()
    {
        var yaml = PlantYaml.With("    name: Shaft line 1\n", "    name: Shaft line 1\n   bad-indent: x\n");

        var result = Load(yaml);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal(30, error.Line);
        Assert.StartsWith("plant.yaml:30:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_UnclosedFlowSequence_ReportsSyntaxErrorNotCrash()
    {
        var result = Load("enterprise: { id: acme, name: ACME }\nmachineTypes: [\nsites: []\n");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void LoadFile_MisspeltKey_ReportsUnknownKeyWithSuggestion()
    {
        var result = Load(PlantYaml.With("name: Lathe 2", "name: Lathe 2\n                idealCycleTime:\n                  - product: SHAFT-20\n                    seconds: 30"));

        var error = AssertError(result, "sites[0].areas[0].lines[1].machines[0] (id 'l2-lathe').idealCycleTime", "unknown key 'idealCycleTime'; did you mean 'idealCycleTimes'?");
        Assert.Equal(64, error.Line);
        Assert.Equal(17, error.Column);
    }

    [Fact]
    public void LoadFile_UnrelatedUnknownKey_ListsAllowedKeys()
    {
        var result = Load(PlantYaml.With("  name: ACME Precision\n", "  name: ACME Precision\n  country: CN\n"));

        AssertError(result, "enterprise.country", "unknown key 'country'; expected one of id, name");
    }

    [Fact]
    public void LoadFile_UnknownMachineType_ReportsTypeWithSuggestion()
    {
        var result = Load(PlantYaml.With("type: leak-tester", "type: leak-testers"));

        AssertError(result, $"{PlantYaml.LeakTesterPath}.type", "unknown machine type 'leak-testers'; did you mean 'leak-tester'?");
    }

    [Fact]
    public void LoadFile_MachineIdOnTwoLines_ReportsDuplicateWithFirstPlace()
    {
        var result = Load(PlantYaml.With("- id: l2-lathe", "- id: l1-lathe"));

        AssertError(result, "sites[0].areas[0].lines[1].machines[0] (id 'l1-lathe').id", $"duplicate machine id 'l1-lathe' (already used at {PlantYaml.LathePath})");
    }

    [Fact]
    public void LoadFile_DuplicateLineId_ReportsDuplicate()
    {
        var result = Load(PlantYaml.With("- id: line-2", "- id: line-1"));

        AssertError(result, "sites[0].areas[0].lines[1] (id 'line-1').id", "duplicate line id 'line-1'");
    }

    [Fact]
    public void LoadFile_InvalidIdCharacters_ReportsId()
    {
        var result = Load(PlantYaml.With("- id: l2-lathe", "- id: l2 lathe"));

        AssertError(result, "sites[0].areas[0].lines[1].machines[0] (id 'l2 lathe').id", "'l2 lathe' is not a valid machine id");
    }

    [Theory]
    [InlineData("http://127.0.0.1:4841", "not an OPC UA TCP endpoint")]
    [InlineData("opc.tcp://127.0.0.1", "names no port")]
    [InlineData("opc.tcp://:4841", "no valid host")]
    public void LoadFile_MalformedEndpoint_ReportsEndpoint(string endpoint, string problem)
    {
        var result = Load(PlantYaml.With("endpoint: opc.tcp://127.0.0.1:4841", $"endpoint: {endpoint}"));

        AssertError(result, "sites[0].areas[0].lines[1].machines[0] (id 'l2-lathe').endpoint", problem);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void LoadFile_CycleTimeNotPositive_ReportsSeconds(string seconds)
    {
        var result = Load(PlantYaml.With("seconds: 12.5", $"seconds: {seconds}"));

        var error = AssertError(result, $"{PlantYaml.LathePath}.idealCycleTimes[0].seconds", "must be greater than 0 seconds");
        Assert.Equal(45, error.Line);
    }

    [Fact]
    public void LoadFile_CycleTimeQuoted_ReportsNumberExpectedOnce()
    {
        var result = Load(PlantYaml.With("seconds: 12.5", "seconds: \"12.5\""));

        var error = Assert.Single(result.Errors);
        Assert.Equal($"{PlantYaml.LathePath}.idealCycleTimes[0].seconds", error.Path);
        Assert.Contains("expected a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_SameProductTwice_ReportsDuplicateProduct()
    {
        var result = Load(PlantYaml.With("product: SHAFT-25", "product: SHAFT-20"));

        AssertError(result, $"{PlantYaml.LathePath}.idealCycleTimes[1].product", "product 'SHAFT-20' already has an ideal cycle time");
    }

    [Fact]
    public void LoadFile_NegativeMicroStopThreshold_ReportsMachineAndType()
    {
        var yaml = PlantYaml.With("microStopThresholdSeconds: 20", "microStopThresholdSeconds: -5");
        yaml = PlantYaml.With("microStopThresholdSeconds: 25", "microStopThresholdSeconds: -1", yaml);

        var result = Load(yaml);

        AssertError(result, $"{PlantYaml.LathePath}.microStopThresholdSeconds", "must be 0 seconds or more, got -5");
        AssertError(result, "machineTypes[1] (id 'leak-tester').microStopThresholdSeconds", "must be 0 seconds or more, got -1");
    }

    [Fact]
    public void LoadFile_UnknownTimeZone_ReportsTimeZone()
    {
        var result = Load(PlantYaml.With("timeZone: Asia/Shanghai", "timeZone: Asia/Beijing"));

        AssertError(result, "sites[0] (id 'bj').timeZone", "unknown time zone 'Asia/Beijing'");
    }

    [Fact]
    public void LoadFile_MissingRequiredFields_ReportsEachKey()
    {
        var yaml = PlantYaml.With("    timeZone: Asia/Shanghai\n", string.Empty);
        yaml = PlantYaml.With("                name: Lathe 2\n", string.Empty, yaml);

        var result = Load(yaml);

        AssertError(result, "sites[0] (id 'bj').timeZone", "required key 'timeZone' is missing");
        AssertError(result, "sites[0].areas[0].lines[1].machines[0] (id 'l2-lathe').name", "required key 'name' is missing");
    }

    [Fact]
    public void LoadFile_EmptyName_ReportsEmpty()
    {
        var result = Load(PlantYaml.With("name: Lathe 2", "name: \"  \""));

        AssertError(result, "sites[0].areas[0].lines[1].machines[0] (id 'l2-lathe').name", "is empty");
    }

    [Fact]
    public void LoadFile_MalformedNodeIdAndBrowsePath_ReportsEachSignal()
    {
        var yaml = PlantYaml.With("state: ns=2;s=Line1.Lathe.State", "state: ns=two;s=Line1.Lathe.State");
        yaml = PlantYaml.With("goodCount: /Objects/2:Plant/2:Lathe1/2:Good", "goodCount: /Objects//2:Good", yaml);

        var result = Load(yaml);

        AssertError(result, $"{PlantYaml.LathePath}.signals.state", "malformed signal address: 'ns=two;s=Line1.Lathe.State' is not a NodeId");
        AssertError(result, $"{PlantYaml.LathePath}.signals.goodCount", "is not a browse path");
    }

    [Fact]
    public void LoadFile_ConstraintMachineOnAnotherLine_ReportsConstraint()
    {
        var result = Load(PlantYaml.With("constraintMachineId: l1-lathe", "constraintMachineId: l2-lathe"));

        AssertError(result, "sites[0].areas[0].lines[0] (id 'line-1').constraintMachineId", "constraint machine 'l2-lathe' is on line 'line-2', not on this line");
    }

    [Fact]
    public void LoadFile_ConstraintMachineUnknown_ListsLineMachines()
    {
        var result = Load(PlantYaml.With("constraintMachineId: l1-lathe", "constraintMachineId: l1-grinder"));

        AssertError(result, "sites[0].areas[0].lines[0] (id 'line-1').constraintMachineId", "its machines: l1-lathe, l1-leak");
    }

    [Fact]
    public void LoadFile_CustomStateCodeWithConnectionState_ReportsCode()
    {
        var result = Load(PlantYaml.With("5: Down", "5: Disconnected"));

        AssertError(result, "machineTypes[1] (id 'leak-tester').stateCodes[5]", "'Disconnected' is not a machine state a PLC code can stand for");
    }

    [Fact]
    public void LoadFile_CustomStateModelWithoutCodes_ReportsStateCodes()
    {
        var result = Load(PlantYaml.With("    stateCodes:\n      0: Idle\n      1: Running\n      5: Down\n", string.Empty));

        AssertError(result, "machineTypes[1] (id 'leak-tester').stateCodes", "'stateModel: Custom' needs stateCodes");
    }

    [Fact]
    public void LoadFile_UnknownStateModel_ReportsStateModel()
    {
        var result = Load(PlantYaml.With("stateModel: PackML", "stateModel: Simple"));

        AssertError(result, "machineTypes[0] (id 'cnc-lathe').stateModel", "unknown state model 'Simple'; expected PackML, MachineryItemState or Custom");
    }

    [Fact]
    public void LoadFile_DuplicateKeyInMapping_ReportsSecondKey()
    {
        var result = Load(PlantYaml.With("name: Lathe 2\n", "name: Lathe 2\n                name: Lathe two\n"));

        var error = Assert.Single(result.Errors);
        Assert.Contains("duplicate key 'name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_StopReasonCodeNotInteger_ReportsCode()
    {
        var result = Load(PlantYaml.With("101: Tool breakage", "E101: Tool breakage"));

        AssertError(result, "machineTypes[0] (id 'cnc-lathe').stopReasons.E101", "'E101' is not an integer code");
    }

    [Fact]
    public void LoadFile_StopReasonWithoutText_ReportsCode()
    {
        var result = Load(PlantYaml.With("205: Bar feeder empty", "205: \"\""));

        AssertError(result, $"{PlantYaml.LathePath}.stopReasons[205]", "stop reason 205 has no text");
    }

    [Fact]
    public void LoadFile_SeveralProblems_ReportsAllInFileOrderAndNoPlant()
    {
        var yaml = PlantYaml.With("timeZone: Asia/Shanghai", "timeZone: Mars/Olympus");
        yaml = PlantYaml.With("seconds: 12.5", "seconds: 0", yaml);
        yaml = PlantYaml.With("type: leak-tester", "type: leak-testers", yaml);
        yaml = PlantYaml.With("endpoint: opc.tcp://127.0.0.1:4841", "endpoint: tcp://127.0.0.1:4841", yaml);
        yaml = PlantYaml.With("name: Lathe 2", "name: Lathe 2\n                idealCycleTime:\n                  - product: SHAFT-20\n                    seconds: 30", yaml);

        var result = Load(yaml);

        Assert.Null(result.Plant);
        Assert.Equal(5, result.Errors.Count);
        Assert.Equal(result.Errors.OrderBy(e => e.Line).ToList(), result.Errors);
        Assert.All(result.Errors, e => Assert.Equal("plant.yaml", e.File));
    }

    [Fact]
    public void LoadFile_EmptyFile_ReportsEmpty()
    {
        var error = Assert.Single(Load("# nothing yet\n").Errors);

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_NoSites_ReportsSitesRequired()
    {
        var result = Load("enterprise: { id: acme, name: ACME }\nmachineTypes: []\nsites: []\n");

        AssertError(result, "sites", "at least one site is required");
    }

    [Fact]
    public void LoadFile_UnsupportedExtensionOrMissingFile_ReportsFile()
    {
        var wrongExtension = PlantLoader.LoadFile(_dir.Write("plant.txt", PlantYaml.Minimal), "plant.txt");
        var missing = PlantLoader.LoadFile(Path.Combine(_dir.FullName, "nope.yaml"), "nope.yaml");

        Assert.Contains("unsupported file extension '.txt'", Assert.Single(wrongExtension.Errors).Message, StringComparison.Ordinal);
        Assert.Equal("nope.yaml: file not found", Assert.Single(missing.Errors).ToString());
    }

    [Fact]
    public void ErrorToString_WithPosition_IsFileLineColumnPathMessage()
    {
        var error = new PlantConfigurationError("deploy/plants/demo.yaml", "sites[0] (id 'bj').timeZone", "unknown time zone 'X'", 12, 15);

        Assert.Equal("deploy/plants/demo.yaml:12:15: sites[0] (id 'bj').timeZone: unknown time zone 'X'", error.ToString());
    }

    [Fact]
    public void GetPlantOrThrow_InvalidFile_ThrowsWithEveryError()
    {
        var result = Load(PlantYaml.With("seconds: 12.5", "seconds: 0"));

        var exception = Assert.Throws<PlantConfigurationException>(() => result.GetPlantOrThrow());
        Assert.Equal(result.Errors, exception.Errors);
        Assert.Contains($"{PlantYaml.LathePath}.idealCycleTimes[0].seconds", exception.Message, StringComparison.Ordinal);
    }
}
