using static SmartShop.Server.Tests.Oee.Scenarios.ScenarioRig;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>
/// A night shift from 22:00 to 06:00 across midnight, on a calendar whose production day starts at 00:00 and whose
/// shifts count on the day they end (OEE.md rule 4): all of the night shift, the two hours before midnight too,
/// belongs to the next production day; a failure across midnight is one failure of that shift.
/// </summary>
public sealed class NightShiftScenarioTests
{
    private static readonly ScenarioPlant Plant = new("""
        productionDay: { start: "00:00", shiftsBelongTo: EndDay }
        shifts:
          - { id: late, name: Late shift, start: "14:00", end: "22:00" }
          - { id: night, name: Night shift, start: "22:00", end: "06:00", breaks: [{ start: "02:00", end: "02:30", label: Night meal }] }
        """);

    [Fact]
    public async Task NightShiftAcrossMidnight_EndDayRule_WholeShiftOnNextProductionDay()
    {
        await using var rig = await StartAsync(Plant, At(20, 50));

        // Day D, late shift: idle without an order until 21:20, then order J-7.
        await rig.AdvanceToAsync(At(21, 20));
        await rig.StartJobRunningAsync("J-7", "P-30");
        await rig.ExpectStateAsync("Running", At(21, 20), order: "J-7");
        await rig.CountAsync(At(21, 50), 50, 0, since: At(21, 0), good: 50, scrap: 0);

        // Night shift: hydraulic pressure low from 23:50 to 00:20, across midnight.
        await rig.AdvanceToAsync(At(23, 50));
        await rig.InjectFaultAsync(302);
        await rig.ExpectStateAsync("Down", At(23, 50));
        await rig.AdvanceToAsync(At(0, 20, day: 1));
        await rig.RepairAsync();
        await rig.ExpectStateAsync("Running", At(0, 20, day: 1));

        // The night meal break 02:00-02:30: the machine stands.
        await rig.AdvanceToAsync(At(2, 0, day: 1));
        await rig.ForceStateAsync(PackMl.Stopped);
        await rig.ExpectStateAsync("Idle", At(2, 0, day: 1));
        await rig.AdvanceToAsync(At(2, 30, day: 1));
        await rig.ForceStateAsync(PackMl.Execute);
        await rig.ExpectStateAsync("Running", At(2, 30, day: 1));

        await rig.CountAsync(At(5, 30, day: 1), 810, 8, since: At(22, 0), good: 760, scrap: 8);
        await rig.AdvanceToAsync(At(6, 5, day: 1));
        await rig.ForceStateAsync(PackMl.Stopped);
        await rig.ExpectStateAsync("Idle", At(6, 5, day: 1));

        var from = At(21, 0);
        var to = At(6, 0, day: 1);
        var shifts = await rig.HistoryAsync(from, to, groupBy: "shift");
        Assert.Equal([$"{DayKey(0)}/late", $"{DayKey(1)}/night"], shifts.Groups.Select(g => g.Key));
        Assert.Equal([DayKey(0), DayKey(1)], shifts.Groups.Select(g => g.ProductionDay));

        var days = await rig.HistoryAsync(from, to, groupBy: "day");
        Assert.Equal([DayKey(0), DayKey(1)], days.Groups.Select(g => g.Key));
        var lateD = days.Groups[0].Figure;
        var nightD1 = days.Groups[1].Figure;

        // Day D holds only the last hour of its late shift: ADOT 21:00-21:20 = 1200 s (no order), APT 21:20-22:00 = 2400 s;
        // 50 good, sum PRU x PQ = 30 x 50 = 1500 s.
        FigureAssert.Elements(lateD, pot: 3600, pdot: 0, adot: 1200, adet: 0, aust: 0, apt: 2400);
        FigureAssert.Quantities(lateD, good: 50, scrap: 0, idealSeconds: 1500);
        FigureAssert.Ratio(0.666667, lateD.Iso.Availability, "D availability");     // 2400 / 3600
        FigureAssert.Ratio(0.625000, lateD.Iso.Effectiveness, "D effectiveness");   // 1500 / 2400
        FigureAssert.Ratio(0.416667, lateD.Iso.Oee, "D OEE");                       // 1500 / 3600 x 50 / 50

        // Day D+1 holds the whole night shift, 22:00 (on D) to 06:00: POT 28800 s, PDOT break 1800 s,
        // ADET 23:50-00:20 = 1800 s, APT 28800 - 1800 - 1800 = 25200 s; PQ 760 + 8 = 768, 30 x 768 = 23040 s.
        FigureAssert.Elements(nightD1, pot: 28800, pdot: 1800, adot: 0, adet: 1800, aust: 0, apt: 25200);
        FigureAssert.Quantities(nightD1, good: 760, scrap: 8, idealSeconds: 23040, failures: 1);
        FigureAssert.Ratio(0.933333, nightD1.Iso.Availability, "D+1 availability");   // 25200 / 27000
        FigureAssert.Ratio(0.914286, nightD1.Iso.Effectiveness, "D+1 effectiveness"); // 23040 / 25200
        FigureAssert.Ratio(0.989583, nightD1.Iso.Quality, "D+1 quality");             // 760 / 768
        FigureAssert.Ratio(0.844444, nightD1.Iso.Oee, "D+1 OEE");                     // 23040 / 27000 x 760 / 768
        FigureAssert.Seconds(25200, nightD1.Iso.MtbfSeconds, "D+1 MTBF");             // 25200 / 1
        FigureAssert.Seconds(1800, nightD1.Iso.MttrSeconds, "D+1 MTTR");              // 1800 / 1, although split at midnight

        // Both together: elements and quantities summed, then divided (OEE.md rule 3), not the mean of the ratios.
        // PBT 3600 + 27000 = 30600 s, APT 2400 + 25200 = 27600 s, Σ PRU x PQ 1500 + 23040 = 24540 s, PQ 818, GQ 810.
        var both = await rig.FigureAsync(from, to);
        FigureAssert.Elements(both, pot: 32400, pdot: 1800, adot: 1200, adet: 1800, aust: 0, apt: 27600);
        FigureAssert.Ratio(0.901961, both.Iso.Availability, "availability");   // 27600 / 30600; the mean of 0.666667 and 0.933333 would be 0.8
        FigureAssert.Ratio(0.889130, both.Iso.Effectiveness, "effectiveness"); // 24540 / 27600
        FigureAssert.Ratio(0.794118, both.Iso.Oee, "OEE");                     // 24540 / 30600 x 810 / 818

        // The hours before midnight are the night shift's too: a window of 22:00-00:00 is all day D+1.
        var beforeMidnight = Assert.Single((await rig.HistoryAsync(At(22, 0), At(0, 0, day: 1), groupBy: "day")).Groups);
        Assert.Equal(DayKey(1), beforeMidnight.Key);
        FigureAssert.Elements(beforeMidnight.Figure, pot: 7200, pdot: 0, adot: 0, adet: 600, aust: 0, apt: 6600); // fault from 23:50

        var stop = Assert.Single(await rig.DowntimeAsync(At(22, 0), to), s => s.State == "Down");
        Assert.Equal((At(23, 50), (DateTimeOffset?)At(0, 20, day: 1), 1800.0, (int?)302, "Hydraulic pressure low"), (stop.Start, stop.End, stop.Seconds, stop.Code, stop.Reason));
        Assert.All(await rig.TimelineAsync(At(22, 0), to), t => Assert.Equal("night", t.ShiftId));
    }
}
