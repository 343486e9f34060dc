using SmartShop.Core.Machines;
using SmartShop.Core.Plant;

namespace SmartShop.Core.Tests.Plant;

public class PlantDefinitionTests
{
    private static readonly MachineType Lathe = new("cnc-lathe", "CNC lathe", StateModel.PackML, TimeSpan.FromSeconds(30),
        new Dictionary<int, string> { [101] = "Tool breakage" });

    private static MachineDefinition Machine(string id, params IdealCycleTime[] cycleTimes) => new(
        id,
        $"Machine {id}",
        Lathe,
        OpcUaEndpoint.Parse("opc.tcp://127.0.0.1:4840"),
        SignalMap.Empty,
        Lathe.StateModel,
        Lathe.MicroStopThreshold,
        cycleTimes,
        Lathe.StopReasons);

    // Two sites; line-1 has a work cell (l1-a, l1-b) and a machine directly on the line (l1-c).
    private static PlantDefinition TwoSitePlant()
    {
        var line1 = new Line("line-1", "Line 1", "l1-b", [new WorkCell("cell-a", "Cell A", [Machine("l1-a"), Machine("l1-b")])], [Machine("l1-c")]);
        var line2 = new Line("line-2", "Line 2", null, [], [Machine("l2-a")]);
        var line3 = new Line("line-3", "Line 3", null, [], [Machine("sh-a")]);
        return new PlantDefinition(
            new Enterprise("acme", "ACME"),
            [Lathe],
            [
                new Site("bj", "Beijing", TimeZoneInfo.Utc, [new Area("machining", "Machining", [line1]), new Area("assembly", "Assembly", [line2])]),
                new Site("sh", "Shanghai", TimeZoneInfo.Utc, [new Area("sh-machining", "Machining", [line3])]),
            ]);
    }

    [Fact]
    public void Machines_TwoSites_ListsEveryMachineInHierarchyOrder()
    {
        var plant = TwoSitePlant();

        Assert.Equal(["l1-a", "l1-b", "l1-c", "l2-a", "sh-a"], plant.Machines.Select(m => m.Id));
        Assert.Equal(["line-1", "line-2", "line-3"], plant.Lines.Select(l => l.Id));
        Assert.Equal(["machining", "assembly", "sh-machining"], plant.Areas.Select(a => a.Id));
    }

    [Fact]
    public void FindMachine_KnownId_ReturnsMachine()
    {
        var plant = TwoSitePlant();

        Assert.Equal("l2-a", plant.FindMachine("l2-a")?.Id);
    }

    [Fact]
    public void FindMachine_UnknownOrDifferentlyCasedId_ReturnsNull()
    {
        var plant = TwoSitePlant();

        Assert.Null(plant.FindMachine("nope"));
        Assert.Null(plant.FindMachine("L2-A"));
    }

    [Fact]
    public void LocateMachine_MachineInWorkCell_ReturnsSiteAreaLineAndCell()
    {
        var location = TwoSitePlant().LocateMachine("l1-b");

        Assert.NotNull(location);
        Assert.Equal("l1-b", location.Machine.Id);
        Assert.Equal("bj", location.Site.Id);
        Assert.Equal("machining", location.Area.Id);
        Assert.Equal("line-1", location.Line.Id);
        Assert.Equal("cell-a", location.WorkCell?.Id);
    }

    [Fact]
    public void LocateMachine_MachineDirectlyOnLine_HasNoWorkCell()
    {
        var location = TwoSitePlant().LocateMachine("sh-a");

        Assert.NotNull(location);
        Assert.Equal("sh", location.Site.Id);
        Assert.Equal("line-3", location.Line.Id);
        Assert.Null(location.WorkCell);
    }

    [Fact]
    public void LocateMachine_UnknownId_ReturnsNull()
    {
        Assert.Null(TwoSitePlant().LocateMachine("nope"));
    }

    [Fact]
    public void FindLineAndMachineType_KnownIds_ReturnThem()
    {
        var plant = TwoSitePlant();

        Assert.Equal("Line 2", plant.FindLine("line-2")?.Name);
        Assert.Same(Lathe, plant.FindMachineType("cnc-lathe"));
        Assert.Null(plant.FindLine("line-9"));
        Assert.Null(plant.FindMachineType("press"));
    }

    [Fact]
    public void Line_WithWorkCell_AllMachinesIncludesCellMachinesAndConstraintResolves()
    {
        var line = TwoSitePlant().FindLine("line-1")!;

        Assert.Equal(["l1-c"], line.Machines.Select(m => m.Id));
        Assert.Equal(["l1-a", "l1-b", "l1-c"], line.AllMachines.Select(m => m.Id));
        Assert.Equal("l1-b", line.ConstraintMachine?.Id);
    }

    [Fact]
    public void Constructor_SameMachineIdOnTwoLines_Throws()
    {
        var site = new Site("bj", "Beijing", TimeZoneInfo.Utc,
        [
            new Area("a", "A", [new Line("line-1", "1", null, [], [Machine("m1")]), new Line("line-2", "2", null, [], [Machine("m1")])]),
        ]);

        var error = Assert.Throws<ArgumentException>(() => new PlantDefinition(new Enterprise("acme", "ACME"), [Lathe], [site]));
        Assert.Contains("'m1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdealCycleTimeFor_ConfiguredProduct_ReturnsItsTime()
    {
        var machine = Machine("m1", new IdealCycleTime("SHAFT-20", TimeSpan.FromSeconds(12.5)), new IdealCycleTime("SHAFT-25", TimeSpan.FromSeconds(14)));

        Assert.Equal(TimeSpan.FromSeconds(14), machine.IdealCycleTimeFor("SHAFT-25"));
        Assert.Null(machine.IdealCycleTimeFor("FLANGE-40"));
    }

    [Fact]
    public void StopReasonText_KnownAndUnknownCode_ReturnsTextOrNull()
    {
        var machine = Machine("m1");

        Assert.Equal("Tool breakage", machine.StopReasonText(101));
        Assert.Null(machine.StopReasonText(999));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void IdealCycleTime_NotPositive_Throws(double seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdealCycleTime("SHAFT-20", TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void StateModelCustom_MappedCode_ReturnsState()
    {
        var model = StateModel.Custom(new Dictionary<int, MachineState> { [0] = MachineState.Idle, [1] = MachineState.Running });

        Assert.Equal(StateModelKind.Custom, model.Kind);
        Assert.Equal(MachineState.Running, model.MapCustomCode(1));
        Assert.Null(model.MapCustomCode(7));
        Assert.Null(StateModel.PackML.MapCustomCode(1));
    }

    [Fact]
    public void StateModelCustom_ConnectionStateOrNoCodes_Throws()
    {
        Assert.Throws<ArgumentException>(() => StateModel.Custom(new Dictionary<int, MachineState> { [0] = MachineState.Disconnected }));
        Assert.Throws<ArgumentException>(() => StateModel.Custom(new Dictionary<int, MachineState>()));
    }
}
