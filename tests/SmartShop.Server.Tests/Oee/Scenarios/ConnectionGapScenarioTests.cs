using static SmartShop.Server.Tests.Oee.Scenarios.ScenarioRig;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>
/// The PLC goes away for an hour (plc-sim killed, the MES left running) and comes back with its retentive counters
/// further on: the hour is no data, planned busy time without a state, reported as a connection gap; the first readings
/// after the gap reconcile what was made meanwhile (OEE.md rules 5 and 6): no unit lost, none counted twice.
/// </summary>
public sealed class ConnectionGapScenarioTests
{
    private static readonly ScenarioPlant Plant = new("""
        productionDay: { start: "06:00", shiftsBelongTo: StartDay }
        shifts:
          - { id: early, name: Early shift, start: "06:00", end: "14:00" }
        """);

    // The PLC after its restart at 09:00: still on order J-1, producing, its counters where production took them
    // (220 good and 2 scrap at 08:00, then 180 good and 3 scrap during the gap).
    private const string BackAt0900 = """
        scenario: the PLC back after the outage
        steps:
          - { at: 0, machine: m1, startJob: { jobOrderId: J-1, product: P-30 } }
          - { at: 0, machine: m1, forceState: { state: 6 } }
          - { at: 0, machine: m1, setCounters: { good: 400, reject: 5 } }
        """;

    [Fact]
    public async Task PlcUnreachableForAnHour_GapIsNoData_CountsReconciledOnReturn()
    {
        await using var rig = await StartAsync(Plant, At(5, 45));
        await rig.AdvanceToAsync(At(5, 50));
        await rig.StartJobRunningAsync("J-1", "P-30");
        await rig.ExpectStateAsync("Running", At(5, 50), order: "J-1");
        await rig.CountAsync(At(7, 0), 100, 1, since: At(6, 0), good: 100, scrap: 1);
        await rig.CountAsync(At(8, 0), 220, 2, since: At(6, 0), good: 220, scrap: 2);

        // 08:00 (plus the moment it takes the MES to notice) the PLC is gone; it is back at 09:00.
        await rig.KillPlcAsync();
        await rig.RestartPlcAsync(At(9, 0), BackAt0900);
        await rig.ExpectStateAsync("Running", At(9, 0), order: "J-1");
        await rig.ExpectTotalsAsync(since: At(6, 0), good: 400, scrap: 5); // 180 good and 3 scrap reconciled
        Assert.Equal(1, (await rig.EndpointAsync()).Reconnects);

        await rig.CountAsync(At(12, 0), 700, 7, since: At(6, 0), good: 700, scrap: 7);
        await rig.AdvanceToAsync(At(14, 5));
        await rig.ForceStateAsync(PackMl.Stopped);
        await rig.ExpectStateAsync("Idle", At(14, 5));

        var f = await rig.FigureAsync(At(6, 0), At(14, 0));

        // No data from the loss (08:00 + the MES's detection delay, a real-time moment: the only figure not fixed to the
        // millisecond) to 09:00: at most 3600 s. Everything else of the shift is production: APT + no data = PBT = 28800 s.
        var noData = f.Elements.NoData;
        Assert.InRange(noData, 3600 - 15, 3600);
        FigureAssert.Elements(f, pot: 28800, pdot: 0, adot: 0, adet: 0, aust: 0, apt: 28800 - noData, noData: noData);

        // 100 + 120 before, 180 reconciled, 300 after = 700 good; 1 + 1 + 3 + 2 = 7 scrap; 30 s x 707 = 21210 s.
        FigureAssert.Quantities(f, good: 700, scrap: 7, idealSeconds: 21210);
        FigureAssert.Ratio(0.990099, f.Iso.Quality, "quality");   // 700 / 707
        FigureAssert.Ratio(0.729167, f.Iso.Oee, "OEE");           // 21210 / 28800 x 700 / 707, whatever the split of the gap
        Assert.InRange(f.Iso.Availability!.Value, 0.875000, 0.875521);  // APT 25200 .. 25215 s: 25200 / 28800 .. 25215 / 28800
        Assert.InRange(f.Iso.Effectiveness!.Value, 0.841166, 0.841667); // 21210 / 25215 .. 21210 / 25200

        Assert.Equal(["connectionGap"], f.Health.Issues);
        Assert.Equal(noData, f.Health.NoDataSeconds);

        var timeline = await rig.TimelineAsync(At(6, 0), At(14, 0));
        Assert.Equal(["Running", "Disconnected", "Running"], timeline.Select(t => t.State));
        var gap = Assert.Single(timeline, t => t.State == "Disconnected");
        Assert.Equal((At(9, 0), "NoData"), (gap.End, gap.Element));
        Assert.Equal(noData, (gap.End - gap.Start).TotalSeconds, 3);
        Assert.Equal((700L, 7L), (timeline.Sum(t => t.Good), timeline.Sum(t => t.Scrap)));
    }
}
