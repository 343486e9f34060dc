using static SmartShop.Server.Tests.Oee.Scenarios.ScenarioRig;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>
/// The PLC's cumulative UInt32 counters wrap past 4,294,967,295 and are reset (OEE.md rule 5): the MES counts deltas,
/// a wrap as a rollover, a decrease as a reset (the new reading is what was counted since), no unit lost or doubled.
/// </summary>
public sealed class CounterScenarioTests
{
    private static readonly ScenarioPlant Plant = new("""
        productionDay: { start: "06:00", shiftsBelongTo: StartDay }
        shifts:
          - { id: early, name: Early shift, start: "06:00", end: "14:00" }
        """);

    // The counters stand near the maximum before the MES's first reading (its baseline: nothing counted).
    private const string NearMaximum = """
        scenario: counters near the UInt32 maximum
        steps:
          - { at: 0, machine: m1, setCounters: { good: 4294967000, reject: 20 } }
        """;

    [Fact]
    public async Task CountersWrapAndReset_DeltasCountEveryUnitOnce()
    {
        await using var rig = await StartAsync(Plant, At(5, 45), NearMaximum);
        await rig.AdvanceToAsync(At(5, 50));
        await rig.StartJobRunningAsync("J-1", "P-30");
        await rig.ExpectStateAsync("Running", At(5, 50), order: "J-1");

        // 4294967000 -> 4294967290: +290 good; 20 -> 25: +5 scrap.
        await rig.CountAsync(At(7, 0), 4294967290, 25, since: At(6, 0), good: 290, scrap: 5);

        // 4294967290 -> 100 wraps: 4294967295 - 4294967290 + 1 + 100 = 106 good; 25 -> 30: +5.
        await rig.CountAsync(At(8, 0), 100, 30, since: At(6, 0), good: 396, scrap: 10);

        // 09:00 the PLC resets its counters to 0; at 10:00 it has counted 60 good and 2 scrap since. Whether or not the
        // MES read the 0 in between, 60 < 100 and 2 < 30 are decreases: resets, with 60 and 2 counted since.
        await rig.AdvanceToAsync(At(9, 0));
        await rig.ResetCountersAsync();
        await rig.CountAsync(At(10, 0), 60, 2, since: At(6, 0), good: 456, scrap: 12);

        // Reset again and 13 good, 1 scrap counted before the MES's next reading: 60 -> 13, 2 -> 1.
        await rig.CountAsync(At(12, 0), 13, 1, since: At(6, 0), good: 469, scrap: 13);

        // Counting on: 13 -> 400 = +387, 1 -> 6 = +5.
        await rig.CountAsync(At(13, 0), 400, 6, since: At(6, 0), good: 856, scrap: 18);

        await rig.AdvanceToAsync(At(14, 5));
        await rig.ForceStateAsync(PackMl.Stopped);
        await rig.ExpectStateAsync("Idle", At(14, 5));

        // Running the whole shift: APT = POT = 28800 s. PQ 856 + 18 = 874, sum PRU x PQ = 30 x 874 = 26220 s.
        var f = await rig.FigureAsync(At(6, 0), At(14, 0));
        FigureAssert.Elements(f, pot: 28800, pdot: 0, adot: 0, adet: 0, aust: 0, apt: 28800);
        FigureAssert.Quantities(f, good: 856, scrap: 18, idealSeconds: 26220);
        FigureAssert.Ratio(1, f.Iso.Availability, "availability");                // 28800 / 28800
        FigureAssert.Ratio(0.910417, f.Iso.Effectiveness, "effectiveness");       // 26220 / 28800
        FigureAssert.Ratio(0.979405, f.Iso.Quality, "quality");                   // 856 / 874
        FigureAssert.Ratio(0.891667, f.Iso.Oee, "OEE");                           // 26220 / 28800 x 856 / 874 = 0.910417 x 0.979405
        FigureAssert.Ratio(0.020595, f.Iso.ScrapRatio, "scrap ratio");            // 18 / 874
        Assert.Empty(f.Health.Issues);
    }
}
