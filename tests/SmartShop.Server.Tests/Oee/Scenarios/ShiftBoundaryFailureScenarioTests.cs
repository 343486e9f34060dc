using static SmartShop.Server.Tests.Oee.Scenarios.ScenarioRig;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>
/// A failure that begins in the early shift and is repaired in the late one: its time is split at the shift change
/// (each shift carries the ADET it saw), and it is one failure, counted in the shift where it began.
/// </summary>
public sealed class ShiftBoundaryFailureScenarioTests
{
    private static readonly ScenarioPlant Plant = new("""
        productionDay: { start: "06:00", shiftsBelongTo: StartDay }
        shifts:
          - { id: early, name: Early shift, start: "06:00", end: "14:00" }
          - { id: late, name: Late shift, start: "14:00", end: "22:00" }
        """);

    [Fact]
    public async Task FailureAcrossShiftChange_TimeSplitAtBoundary_CountedOnceInShiftItBegan()
    {
        await using var rig = await StartAsync(Plant, At(5, 45));
        await rig.AdvanceToAsync(At(5, 50));
        await rig.StartJobRunningAsync("J-1", "P-30");
        await rig.ExpectStateAsync("Running", At(5, 50), order: "J-1");

        await rig.CountAsync(At(13, 0), 800, 10, since: At(6, 0), good: 800, scrap: 10);

        // 13:30 spindle alarm; repaired at 14:45, 45 minutes into the late shift.
        await rig.AdvanceToAsync(At(13, 30));
        await rig.InjectFaultAsync(301);
        await rig.ExpectStateAsync("Down", At(13, 30));
        await rig.AdvanceToAsync(At(14, 45));
        await rig.RepairAsync();
        await rig.ExpectStateAsync("Running", At(14, 45));

        await rig.CountAsync(At(21, 0), 1580, 13, since: At(14, 0), good: 780, scrap: 3);
        await rig.AdvanceToAsync(At(22, 5));
        await rig.ForceStateAsync(PackMl.Stopped);
        await rig.ExpectStateAsync("Idle", At(22, 5));

        var shifts = await rig.HistoryAsync(At(6, 0), At(22, 0), groupBy: "shift");
        Assert.Equal([$"{DayKey()}/early", $"{DayKey()}/late"], shifts.Groups.Select(g => g.Key));
        var early = shifts.Groups[0].Figure;
        var late = shifts.Groups[1].Figure;

        // Early: APT 06:00-13:30 = 27000 s, ADET 13:30-14:00 = 1800 s; the failure began here: 1 failure.
        // PQ 800 + 10 = 810, sum PRU x PQ = 30 x 810 = 24300 s.
        FigureAssert.Elements(early, pot: 28800, pdot: 0, adot: 0, adet: 1800, aust: 0, apt: 27000);
        FigureAssert.Quantities(early, good: 800, scrap: 10, idealSeconds: 24300, failures: 1);
        FigureAssert.Ratio(0.937500, early.Iso.Availability, "early availability");   // 27000 / 28800
        FigureAssert.Ratio(0.900000, early.Iso.Effectiveness, "early effectiveness");  // 24300 / 27000
        FigureAssert.Ratio(0.987654, early.Iso.Quality, "early quality");              // 800 / 810
        FigureAssert.Ratio(0.833333, early.Iso.Oee, "early OEE");                      // 24300 / 28800 x 800 / 810
        FigureAssert.Seconds(27000, early.Iso.MtbfSeconds, "early MTBF");              // 27000 / 1
        FigureAssert.Seconds(1800, early.Iso.MttrSeconds, "early MTTR");               // the early shift's 1800 s of it / 1

        // Late: ADET 14:00-14:45 = 2700 s (the same failure, not a new one), APT 14:45-22:00 = 26100 s.
        // PQ (1580 - 800) + (13 - 10) = 783, sum PRU x PQ = 30 x 783 = 23490 s.
        FigureAssert.Elements(late, pot: 28800, pdot: 0, adot: 0, adet: 2700, aust: 0, apt: 26100);
        FigureAssert.Quantities(late, good: 780, scrap: 3, idealSeconds: 23490, failures: 0);
        FigureAssert.Ratio(0.906250, late.Iso.Availability, "late availability");      // 26100 / 28800
        FigureAssert.Ratio(0.900000, late.Iso.Effectiveness, "late effectiveness");    // 23490 / 26100
        FigureAssert.Ratio(0.996169, late.Iso.Quality, "late quality");                // 780 / 783
        FigureAssert.Ratio(0.812500, late.Iso.Oee, "late OEE");                        // 23490 / 28800 x 780 / 783
        FigureAssert.Ratio(0.906250, late.Iso.TechnicalEfficiency, "late technical");  // 26100 / (26100 + 2700)
        FigureAssert.Seconds(null, late.Iso.MtbfSeconds, "late MTBF");                 // no failure began in the late shift
        FigureAssert.Seconds(null, late.Iso.MttrSeconds, "late MTTR");

        // The day sums the shifts, then divides: one failure of 1800 + 2700 = 4500 s.
        var day = Assert.Single((await rig.HistoryAsync(At(6, 0), At(22, 0), groupBy: "day")).Groups);
        Assert.Equal(DayKey(), day.Key);
        FigureAssert.Elements(day.Figure, pot: 57600, pdot: 0, adot: 0, adet: 4500, aust: 0, apt: 53100);
        FigureAssert.Quantities(day.Figure, good: 1580, scrap: 13, idealSeconds: 47790, failures: 1);
        FigureAssert.Ratio(0.921875, day.Figure.Iso.Availability, "day availability");   // 53100 / 57600
        FigureAssert.Ratio(0.900000, day.Figure.Iso.Effectiveness, "day effectiveness"); // 47790 / 53100
        FigureAssert.Ratio(0.822917, day.Figure.Iso.Oee, "day OEE");                     // 47790 / 57600 x 1580 / 1593
        FigureAssert.Seconds(53100, day.Figure.Iso.MtbfSeconds, "day MTBF");             // 53100 / 1
        FigureAssert.Seconds(4500, day.Figure.Iso.MttrSeconds, "day MTTR");              // 4500 / 1

        // The timeline splits the failure at 14:00; the downtime list shows it once, whole, with its reason.
        var timeline = await rig.TimelineAsync(At(13, 0), At(15, 0));
        (DateTimeOffset, DateTimeOffset, string, string?)[] expectedTimeline =
        [
            (At(13, 0), At(13, 30), "Running", "early"),
            (At(13, 30), At(14, 0), "Down", "early"),
            (At(14, 0), At(14, 45), "Down", "late"),
            (At(14, 45), At(15, 0), "Running", "late"),
        ];
        Assert.Equal(expectedTimeline, timeline.Select(t => (t.Start, t.End, t.State, t.ShiftId)).ToArray());

        var stop = Assert.Single(await rig.DowntimeAsync(At(6, 0), At(22, 0)));
        Assert.Equal((At(13, 30), (DateTimeOffset?)At(14, 45), 4500.0, "Down", false, (int?)301, "Spindle alarm"), (stop.Start, stop.End, stop.Seconds, stop.State, stop.MicroStop, stop.Code, stop.Reason));
    }
}
