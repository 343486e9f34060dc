using static SmartShop.Server.Tests.Oee.Scenarios.ScenarioRig;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>
/// A normal early shift, driven through plc-sim and read back through the API: idle before the order, a setup, production
/// with scrap, a failure, the calendar's break, and idle after the order. Every expected figure is worked out by hand.
/// </summary>
public sealed class NormalShiftScenarioTests
{
    private static readonly ScenarioPlant Plant = new("""
        productionDay: { start: "06:00", shiftsBelongTo: StartDay }
        shifts:
          - { id: early, name: Early shift, start: "06:00", end: "14:00", breaks: [{ start: "10:00", end: "10:30", label: Break }] }
        """);

    [Fact]
    public async Task EarlyShift_SetupFailureBreakScrap_ElementsQuantitiesAndKpisAsComputedByHand()
    {
        await using var rig = await StartAsync(Plant, At(5, 45));

        // 06:10 order J-1 (P-30, ideal 30 s) starts with a setup: unit mode Manual.
        await rig.AdvanceToAsync(At(6, 10));
        await rig.ActAsync("startJob: { jobOrderId: J-1, product: P-30 }", "setUnitMode: Manual");
        await rig.ExpectStateAsync("Setup", At(6, 10), order: "J-1");

        // 06:30 setup done, producing.
        await rig.AdvanceToAsync(At(6, 30));
        await rig.ForceStateAsync(PackMl.Execute);
        await rig.SetUnitModeAsync(UnitMode.Production);
        await rig.ExpectStateAsync("Running", At(6, 30));

        // 07:55 the PLC has counted 170 good and 2 rejects.
        await rig.CountAsync(At(7, 55), 170, 2, since: At(6, 0), good: 170, scrap: 2);

        // 08:00-08:45 spindle alarm (fault 301), then production again.
        await rig.AdvanceToAsync(At(8, 0));
        await rig.InjectFaultAsync(301);
        var down = await rig.ExpectStateAsync("Down", At(8, 0));
        Assert.Equal("Spindle alarm", down.Status.Reason);
        await rig.AdvanceToAsync(At(8, 45));
        await rig.RepairAsync();
        await rig.ExpectStateAsync("Running", At(8, 45));

        // 10:00-10:30 the crew takes the calendar's break; the machine stands.
        await rig.AdvanceToAsync(At(10, 0));
        await rig.ForceStateAsync(PackMl.Stopped);
        await rig.ExpectStateAsync("Idle", At(10, 0));
        await rig.AdvanceToAsync(At(10, 30));
        await rig.ForceStateAsync(PackMl.Execute);
        await rig.ExpectStateAsync("Running", At(10, 30));

        await rig.CountAsync(At(12, 0), 500, 5, since: At(6, 0), good: 500, scrap: 5);
        await rig.CountAsync(At(13, 45), 650, 7, since: At(6, 0), good: 650, scrap: 7);

        // 13:50 the order ends; the machine waits without one to the end of the shift.
        await rig.AdvanceToAsync(At(13, 50));
        await rig.ActAsync("stopJob: true", $"forceState: {{ state: {PackMl.Stopped} }}");
        await rig.WaitAsync(l => l.Status.State == "Idle" && l.Status.Since == At(13, 50) && l.OrderId is null, "idle without an order");

        // After the shift: a change that closes it.
        await rig.AdvanceToAsync(At(14, 5));
        await rig.ForceStateAsync(PackMl.Held);
        await rig.ExpectStateAsync("Down", At(14, 5));

        var shifts = await rig.HistoryAsync(At(6, 0), At(14, 0), groupBy: "shift");
        var early = Assert.Single(shifts.Groups);
        Assert.Equal($"{DayKey()}/early", early.Key);
        var f = early.Figure;

        // POT  06:00-14:00                                   = 28800 s
        // PDOT break 10:00-10:30 (stopped, order J-1)         =  1800 s
        // ADOT idle without order 06:00-06:10 + 13:50-14:00  =   600 + 600 = 1200 s
        // AUST setup 06:10-06:30                              =  1200 s
        // ADET failure 08:00-08:45                            =  2700 s
        // APT  06:30-08:00 + 08:45-10:00 + 10:30-13:50        =  5400 + 4500 + 12000 = 21900 s
        // PBT  28800 - 1800 = 27000 = 1200 + 1200 + 2700 + 21900
        FigureAssert.Elements(f, pot: 28800, pdot: 1800, adot: 1200, adet: 2700, aust: 1200, apt: 21900);

        // GQ 650, SQ 7, PQ 657; sum PRU x PQ = 30 s x 657 = 19710 s.
        FigureAssert.Quantities(f, good: 650, scrap: 7, idealSeconds: 19710, failures: 1);

        // No minor stops: both conventions agree.
        foreach (var k in new[] { f.Iso, f.Threshold })
        {
            FigureAssert.Ratio(0.811111, k.Availability, "availability");        // 21900 / 27000
            FigureAssert.Ratio(0.900000, k.Effectiveness, "effectiveness");      // 19710 / 21900
            FigureAssert.Ratio(0.989346, k.Quality, "quality");                  // 650 / 657 = 0.9893455
            FigureAssert.Ratio(0.722222, k.Oee, "OEE");                          // 0.811111 x 0.9 x 0.989346 = 19710/27000 x 650/657 = 474.5 / 657
            FigureAssert.Ratio(0.761796, k.Nee, "NEE");                          // 23100/27000 x 0.9 x 650/657 = 0.77 x 650/657 = 500.5 / 657
            FigureAssert.Ratio(0.890244, k.TechnicalEfficiency, "technical");    // 21900 / (21900 + 2700)
            FigureAssert.Ratio(0.051948, k.SetupRate, "setup rate");             // 1200 / 23100
            FigureAssert.Ratio(0.010654, k.ScrapRatio, "scrap ratio");           // 7 / 657 = 0.0106545
            FigureAssert.Seconds(21900, k.MtbfSeconds, "MTBF");                  // APT / 1 failure
            FigureAssert.Seconds(2700, k.MttrSeconds, "MTTR");                   // 2700 s / 1 failure
        }

        Assert.Empty(f.Health.Issues);

        // The stored timeline: one interval per state, order and calendar stretch, units where they were counted.
        var timeline = await rig.TimelineAsync(At(6, 0), At(14, 0));
        (DateTimeOffset, DateTimeOffset, string, string, string?, long, long)[] expectedTimeline =
        [
            (At(6, 0), At(6, 10), "Idle", "UnitDownTime", null, 0, 0),
            (At(6, 10), At(6, 30), "Setup", "SetupTime", "J-1", 0, 0),
            (At(6, 30), At(8, 0), "Running", "ProductionTime", "J-1", 170, 2),
            (At(8, 0), At(8, 45), "Down", "UnitDelayTime", "J-1", 0, 0),
            (At(8, 45), At(10, 0), "Running", "ProductionTime", "J-1", 0, 0),
            (At(10, 0), At(10, 30), "Idle", "PlannedDownTime", "J-1", 0, 0),
            (At(10, 30), At(13, 50), "Running", "ProductionTime", "J-1", 480, 5),
            (At(13, 50), At(14, 0), "Idle", "UnitDownTime", null, 0, 0),
        ];
        Assert.Equal(expectedTimeline, timeline.Select(t => (t.Start, t.End, t.State, t.Element, t.OrderId, t.Good, t.Scrap)).ToArray());

        // The stops, with the PLC's reason where it gave one (seconds clipped to the window).
        var stops = await rig.DowntimeAsync(At(6, 0), At(14, 0));
        (DateTimeOffset, DateTimeOffset?, double, string, string?, int?)[] expectedStops =
        [
            (At(5, 45), At(6, 10), 600, "Idle", null, null),
            (At(6, 10), At(6, 30), 1200, "Setup", "J-1", null),
            (At(8, 0), At(8, 45), 2700, "Down", "J-1", 301),
            (At(10, 0), At(10, 30), 1800, "Idle", "J-1", null),
            (At(13, 50), At(14, 5), 600, "Idle", null, null),
        ];
        Assert.Equal(expectedStops, stops.Select(s => (s.Start, s.End, s.Seconds, s.State, s.OrderId, s.Code)).ToArray());
        Assert.Equal("Spindle alarm", stops[2].Reason);
    }
}
