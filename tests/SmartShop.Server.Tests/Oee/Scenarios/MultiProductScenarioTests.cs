using static SmartShop.Server.Tests.Oee.Scenarios.ScenarioRig;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>
/// One shift making two products with different ideal cycle times: effectiveness is Σ(PRU × PQ) / APT over both, each
/// unit at its own product's PRU, and grouping by product or order gives each its own figure.
/// </summary>
public sealed class MultiProductScenarioTests
{
    private static readonly ScenarioPlant Plant = new("""
        productionDay: { start: "06:00", shiftsBelongTo: StartDay }
        shifts:
          - { id: early, name: Early shift, start: "06:00", end: "14:00", breaks: [{ start: "10:00", end: "10:30", label: Break }] }
        """);

    [Fact]
    public async Task TwoProductsOneShift_EffectivenessSumsEachProductsIdealTime_GroupByProductAndOrder()
    {
        await using var rig = await StartAsync(Plant, At(5, 45));
        await rig.AdvanceToAsync(At(5, 50));
        await rig.StartJobRunningAsync("J-1", "P-30");
        await rig.ExpectStateAsync("Running", At(5, 50), order: "J-1");
        await rig.CountAsync(At(9, 55), 420, 6, since: At(6, 0), good: 420, scrap: 6);

        // 10:00 order J-2 for P-45 (ideal 45 s) takes over; plc-sim changes over at once (no tooling change here), and
        // the machine stands through the break.
        await rig.AdvanceToAsync(At(10, 0));
        await rig.ActAsync("releaseState: true", "startJob: { jobOrderId: J-2, product: P-45 }");
        await rig.WaitSimTextAsync("CurrentJob/JobOrderId", "J-2");
        await rig.ForceStateAsync(PackMl.Stopped);
        await rig.WaitAsync(l => l.Status.State == "Idle" && l.Status.Since == At(10, 0) && l.OrderId == "J-2" && l.ProductId == "P-45", "idle with order J-2");
        await rig.AdvanceToAsync(At(10, 30));
        await rig.ForceStateAsync(PackMl.Execute);
        await rig.ExpectStateAsync("Running", At(10, 30), order: "J-2");
        await rig.CountAsync(At(13, 55), 686, 10, since: At(6, 0), good: 686, scrap: 10);

        await rig.AdvanceToAsync(At(14, 5));
        await rig.ForceStateAsync(PackMl.Stopped);
        await rig.ExpectStateAsync("Idle", At(14, 5));

        // Shift: POT 28800 s, PDOT 1800 s (break), APT 06:00-10:00 + 10:30-14:00 = 14400 + 12600 = 27000 s.
        // P-30: 420 + 6 = 426 units x 30 s = 12780 s; P-45: (686 - 420) + (10 - 6) = 270 units x 45 s = 12150 s.
        // Σ PRU x PQ = 24930 s.
        var f = await rig.FigureAsync(At(6, 0), At(14, 0));
        FigureAssert.Elements(f, pot: 28800, pdot: 1800, adot: 0, adet: 0, aust: 0, apt: 27000);
        FigureAssert.Quantities(f, good: 686, scrap: 10, idealSeconds: 24930);
        FigureAssert.Ratio(1, f.Iso.Availability, "availability");               // 27000 / 27000
        FigureAssert.Ratio(0.923333, f.Iso.Effectiveness, "effectiveness");     // 24930 / 27000 (30 s for all 696 would give 0.773333, 45 s 1.16)
        FigureAssert.Ratio(0.985632, f.Iso.Quality, "quality");                 // 686 / 696
        FigureAssert.Ratio(0.910067, f.Iso.Oee, "OEE");                         // 24930 / 27000 x 686 / 696
        Assert.Empty(f.Health.Issues);

        var byProduct = await rig.HistoryAsync(At(6, 0), At(14, 0), groupBy: "product");
        Assert.Equal(["P-30", "P-45"], byProduct.Groups.Select(g => g.ProductId));
        var p30 = byProduct.Groups[0].Figure;
        var p45 = byProduct.Groups[1].Figure;

        // P-30: 06:00-10:00 running: POT = APT = 14400 s; 426 units, 12780 s ideal.
        FigureAssert.Elements(p30, pot: 14400, pdot: 0, adot: 0, adet: 0, aust: 0, apt: 14400);
        FigureAssert.Quantities(p30, good: 420, scrap: 6, idealSeconds: 12780);
        FigureAssert.Ratio(0.887500, p30.Iso.Effectiveness, "P-30 effectiveness"); // 12780 / 14400
        FigureAssert.Ratio(0.875000, p30.Iso.Oee, "P-30 OEE");                     // 12780 / 14400 x 420 / 426

        // P-45: the break (standing, order J-2) 1800 s PDOT, 10:30-14:00 running 12600 s; 270 units, 12150 s ideal.
        FigureAssert.Elements(p45, pot: 14400, pdot: 1800, adot: 0, adet: 0, aust: 0, apt: 12600);
        FigureAssert.Quantities(p45, good: 266, scrap: 4, idealSeconds: 12150);
        FigureAssert.Ratio(0.964286, p45.Iso.Effectiveness, "P-45 effectiveness"); // 12150 / 12600
        FigureAssert.Ratio(0.950000, p45.Iso.Oee, "P-45 OEE");                     // 12150 / 12600 x 266 / 270

        var byOrder = await rig.HistoryAsync(At(6, 0), At(14, 0), groupBy: "order");
        Assert.Equal(["J-1", "J-2"], byOrder.Groups.Select(g => g.OrderId));
        Assert.Equal([12780.0, 12150.0], byOrder.Groups.Select(g => g.Figure.Quantities.IdealSeconds));
    }
}
