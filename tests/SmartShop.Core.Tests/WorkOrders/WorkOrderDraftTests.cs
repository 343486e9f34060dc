using SmartShop.Core.Plant;
using SmartShop.Core.WorkOrders;

namespace SmartShop.Core.Tests.WorkOrders;

public sealed class WorkOrderDraftTests
{
    private static readonly MachineType Lathe = new("cnc-lathe", "CNC lathe", StateModel.PackML, TimeSpan.FromSeconds(30), new Dictionary<int, string>());

    private static MachineDefinition Machine(string id, params string[] products) => new(
        id,
        $"Machine {id}",
        Lathe,
        OpcUaEndpoint.Parse("opc.tcp://127.0.0.1:4840"),
        SignalMap.Empty,
        Lathe.StateModel,
        Lathe.MicroStopThreshold,
        products.Select(p => new IdealCycleTime(p, TimeSpan.FromSeconds(20))).ToList(),
        Lathe.StopReasons);

    // line-1 makes SPOOL-20 on both machines; SPOOL-25 only on l1-a. line-2 makes VALVE.
    internal static PlantDefinition Plant() => new(
        new Enterprise("acme", "ACME"),
        [Lathe],
        [
            new Site("bj", "Beijing", TimeZoneInfo.Utc,
            [
                new Area("machining", "Machining",
                [
                    new Line("line-1", "Line 1", "l1-b", [], [Machine("l1-a", "SPOOL-20", "SPOOL-25"), Machine("l1-b", "SPOOL-20")]),
                    new Line("line-2", "Line 2", null, [], [Machine("l2-a", "VALVE")]),
                ]),
            ]),
        ]);

    private static WorkOrderDraft Good() => new(
        " WO-1001 ",
        "SPOOL-20",
        500,
        "pcs",
        new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.FromHours(8)),
        null,
        "Spools for customer 42",
        [new OperationDraft(null, "Turn and mill", "line-1", null)],
        [new BomItemDraft("BAR-20", 0.25m, "m", 10), new BomItemDraft("INSERT-A", 1, "pcs", null)]);

    [Fact]
    public void Validate_CompleteOrder_GivesTheSpecTrimmedWithDefaults()
    {
        var spec = Good().Validate(Plant(), out var problems);

        Assert.Empty(problems);
        Assert.NotNull(spec);
        Assert.Equal("WO-1001", spec.Id);
        Assert.Equal(500m, spec.Quantity);
        Assert.Equal(5, spec.Priority);
        Assert.Equal(TimeSpan.Zero, spec.DueAt!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), spec.DueAt);
        var operation = Assert.Single(spec.Operations);
        Assert.Equal(10, operation.Sequence);
        Assert.Equal("line-1", operation.Target);
        Assert.Equal(["l1-a", "l1-b"], WorkOrderSpec.MachinesOf(operation, Plant()).Select(m => m.Id));
        Assert.Equal(2, spec.Bom.Count);
    }

    [Fact]
    public void Validate_EmptyDraft_ListsEveryMissingFieldAtOnce()
    {
        var spec = new WorkOrderDraft(null, null, null, null, null, null, null, null, null).Validate(Plant(), out var problems);

        Assert.Null(spec);
        Assert.Equal(["id", "product", "unit", "quantity", "operations"], problems.Select(p => p.Field));
    }

    [Theory]
    [InlineData("WO 1001", "id")]
    [InlineData("-WO1", "id")]
    [InlineData("WO/1", "id")]
    public void Validate_BadOrderNumber_NamesTheField(string id, string field)
    {
        (Good() with { Id = id }).Validate(Plant(), out var problems);

        var problem = Assert.Single(problems);
        Assert.Equal(field, problem.Field);
        Assert.Contains($"'{id.Trim()}'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "pcs", "outside")]
    [InlineData(-3, "pcs", "outside")]
    [InlineData(12.5, "pcs", "not a whole number of pcs")]
    [InlineData(12.5, "件", "not a whole number")]
    public void Validate_BadQuantity_SaysWhy(decimal quantity, string unit, string expected)
    {
        (Good() with { Quantity = quantity, Unit = unit }).Validate(Plant(), out var problems);

        var problem = Assert.Single(problems);
        Assert.Equal("quantity", problem.Field);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FractionalQuantityOfAMassUnit_IsFine()
    {
        var spec = Good() with { Quantity = 12.5m, Unit = "kg" };

        Assert.NotNull(spec.Validate(Plant(), out _));
    }

    [Fact]
    public void Validate_UnknownLine_ListsTheLines()
    {
        (Good() with { Operations = [new OperationDraft(10, null, "line-9", null)] }).Validate(Plant(), out var problems);

        var problem = Assert.Single(problems);
        Assert.Equal("operations[0].lineId", problem.Field);
        Assert.Equal("There is no line 'line-9' in the plant; lines: line-1, line-2.", problem.Message);
    }

    [Fact]
    public void Validate_ProductNotSetUpOnEveryMachineOfTheLine_NamesTheMachines()
    {
        (Good() with { Product = "SPOOL-25" }).Validate(Plant(), out var problems);

        var problem = Assert.Single(problems);
        Assert.Equal("operations[0].lineId", problem.Field);
        Assert.Equal("Product 'SPOOL-25' is not set up on l1-b of line-1: the plant file gives no ideal cycle time for it there.", problem.Message);
    }

    [Fact]
    public void Validate_OperationOnOneMachineThatMakesTheProduct_IsFine()
    {
        var spec = (Good() with { Product = "SPOOL-25", Operations = [new OperationDraft(10, "Turn", null, "l1-a")] }).Validate(Plant(), out var problems);

        Assert.Empty(problems);
        Assert.Equal("l1-a", Assert.Single(spec!.Operations).MachineId);
        Assert.Equal("Turn", spec.Operations[0].Name);
    }

    [Fact]
    public void Validate_OperationWithBothOrNeitherTarget_IsRefused()
    {
        (Good() with
        {
            Operations = [new OperationDraft(10, null, "line-1", "l1-a"), new OperationDraft(20, null, null, null)],
            Bom = null,
        }).Validate(Plant(), out var problems);

        Assert.Equal(["operations[0]", "operations[1]"], problems.Select(p => p.Field));
        Assert.All(problems, p => Assert.Equal("An operation names exactly one of lineId and machineId.", p.Message));
    }

    [Fact]
    public void Validate_DuplicateSequence_IsRefused()
    {
        (Good() with
        {
            Operations = [new OperationDraft(10, null, null, "l1-a"), new OperationDraft(10, null, null, "l1-b")],
        }).Validate(Plant(), out var problems);

        Assert.Equal("operations[1].sequence", Assert.Single(problems).Field);
    }

    [Fact]
    public void Validate_BomProblems_NameTheItem()
    {
        (Good() with
        {
            Bom =
            [
                new BomItemDraft("BAR-20", 0, "m", null),
                new BomItemDraft("BAR-21", 1, "m", 30),
                new BomItemDraft("INSERT-A", 1, null, null),
                new BomItemDraft("BAR-22", 1, "m", null),
                new BomItemDraft("BAR-22", 2, "m", null),
            ],
        }).Validate(Plant(), out var problems);

        Assert.Equal(["bom[0].quantityPerUnit", "bom[1].operationSequence", "bom[2].unit", "bom[4].material"], problems.Select(p => p.Field));
        Assert.Contains("listed twice", problems[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PriorityOutOfRange_IsRefused()
    {
        (Good() with { Priority = 0 }).Validate(Plant(), out var problems);

        Assert.Equal("priority", Assert.Single(problems).Field);
    }
}
