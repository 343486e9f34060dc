using SmartShop.Core.Traceability;
using SmartShop.Core.WorkOrders;

namespace SmartShop.Core.Tests.Traceability;

public sealed class MaterialCheckTests
{
    private static readonly WorkOrderSpec Order = new("WO-1", "VALVE", 10, "pcs", null, 5, null,
        [new OperationSpec(10, "Press", null, "press"), new OperationSpec(20, "Assemble", null, "assembly")],
        [new BomItem("BODY", 1, "pcs", 10), new BomItem("SPRING", 2, "pcs", 20), new BomItem("GREASE", 0.5m, "g", null)]);

    private static LotFacts Lot(string material, LotStatus status = LotStatus.Released, decimal remaining = 100, string unit = "pcs") =>
        new("LOT-1", material, status, remaining, unit);

    [Fact]
    public void Verify_ReleasedLotOfAMaterialTheOperationNeeds_GivesItsBomLine()
    {
        var (item, refusal) = MaterialCheck.Verify("LOT-1", Lot("SPRING"), Order, 20, 2);

        Assert.Null(refusal);
        Assert.Equal("SPRING", item!.Material);
    }

    [Fact]
    public void Verify_MaterialOfAnotherOperation_NamesWhatThisOneNeeds()
    {
        var (_, refusal) = MaterialCheck.Verify("LOT-1", Lot("SPRING"), Order, 10, 2);

        Assert.Equal("Lot LOT-1 is SPRING, which order WO-1 does not use at operation 10. It needs: BODY, GREASE.", refusal?.Message);
        // The code and values a screen says it with in the operator's language.
        Assert.Equal("lot-not-in-bom", refusal!.Code);
        Assert.Equal(("LOT-1", "SPRING", "WO-1", "10", "BODY, GREASE"), (refusal.Args["lot"], refusal.Args["material"], refusal.Args["order"], refusal.Args["operation"], refusal.Args["needed"]));
    }

    [Theory]
    [InlineData(LotStatus.Quarantined, "Lot LOT-1 (BODY) is in quarantine: do not use it. Put it aside and call quality.")]
    [InlineData(LotStatus.Blocked, "Lot LOT-1 (BODY) is blocked by quality: do not use it. Put it aside and call quality.")]
    [InlineData(LotStatus.Consumed, "Lot LOT-1 (BODY) is used up. Check the label; the material should be in another lot.")]
    public void Verify_LotNotReleased_TellsTheOperatorWhatToDo(LotStatus status, string expected)
    {
        Assert.Equal(expected, MaterialCheck.Verify("LOT-1", Lot("BODY", status), Order, 10, 1).Refusal?.Message);
    }

    [Fact]
    public void Verify_UnknownShortOrOtherUnit_AreRefused()
    {
        Assert.Equal("Lot X-9 is not known. Check the label, or have the lot received first.", MaterialCheck.Verify("X-9", null, Order, 10, 1).Refusal?.Message);
        Assert.Equal("Lot LOT-1 has only 0.4 g left; it cannot give 0.5.", MaterialCheck.Verify("LOT-1", Lot("GREASE", remaining: 0.4m, unit: "g"), Order, 10, 0.5m).Refusal?.Message);
        Assert.StartsWith("Lot LOT-1 is counted in kg, the order's bill of materials in g", MaterialCheck.Verify("LOT-1", Lot("GREASE", unit: "kg"), Order, 10, 0.5m).Refusal?.Message, StringComparison.Ordinal);
    }
}
