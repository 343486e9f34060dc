using static SmartShop.Server.Tests.Oee.Scenarios.ScenarioRig;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>
/// Minor stops against the machine's 60 s threshold, read under both conventions from the same ledger (OEE.md rule 2):
/// ISO 22400 keeps them in ADET (an availability loss), the threshold convention moves them into production time (a
/// performance loss). OEE itself is the same under both.
/// </summary>
public sealed class MicroStopScenarioTests
{
    private static readonly ScenarioPlant Plant = new(
        """
        productionDay: { start: "06:00", shiftsBelongTo: StartDay }
        shifts:
          - { id: a, name: Short shift, start: "06:00", end: "08:00" }
        """,
        MicroStopThresholdSeconds: 60);

    [Fact]
    public async Task ShortStopsAroundThreshold_BothConventions_MinorStopsMoveFromAvailabilityToPerformance()
    {
        await using var rig = await StartAsync(Plant, At(5, 45));
        await rig.AdvanceToAsync(At(5, 50));
        await rig.StartJobRunningAsync("J-1", "P-30");
        await rig.ExpectStateAsync("Running", At(5, 50), order: "J-1");

        // Held 20 s, Held 45 s, stopped (idle) 30 s: minor. A 90 s fault and a 60 s hold: not shorter than 60 s.
        await StopAsync(rig, At(6, 20, 0), PackMl.Held, "Down", At(6, 20, 20));
        await StopAsync(rig, At(6, 40, 0), PackMl.Held, "Down", At(6, 40, 45));
        await StopAsync(rig, At(7, 0, 0), PackMl.Stopped, "Idle", At(7, 0, 30));
        await rig.AdvanceToAsync(At(7, 20));
        await rig.InjectFaultAsync(302);
        await rig.ExpectStateAsync("Down", At(7, 20));
        await rig.AdvanceToAsync(At(7, 21, 30));
        await rig.RepairAsync();
        await rig.ExpectStateAsync("Running", At(7, 21, 30));
        await StopAsync(rig, At(7, 40, 0), PackMl.Held, "Down", At(7, 41, 0));

        await rig.CountAsync(At(7, 50), 200, 4, since: At(6, 0), good: 200, scrap: 4);
        await rig.AdvanceToAsync(At(8, 5));
        await rig.ForceStateAsync(PackMl.Stopped);
        await rig.ExpectStateAsync("Idle", At(8, 5));

        var f = await rig.FigureAsync(At(6, 0), At(8, 0));

        // POT = PBT = 7200 s. Stops: 20 + 45 + 30 (minor) + 90 + 60 = 245 s, all during order J-1: ADET.
        // APT = 7200 - 245 = 6955 s. The elements are ISO's; minor-stop time 95 s is reported beside them.
        FigureAssert.Elements(f, pot: 7200, pdot: 0, adot: 0, adet: 245, aust: 0, apt: 6955, microStopTime: 95);
        // PQ 204, sum PRU x PQ = 30 x 204 = 6120 s; 3 minor stops; 2 failures (the 90 s fault and the 60 s hold).
        FigureAssert.Quantities(f, good: 200, scrap: 4, idealSeconds: 6120, microStops: 3, failures: 2);

        // ISO: APT 6955, ADET 245.
        FigureAssert.Ratio(0.965972, f.Iso.Availability, "iso availability");          // 6955 / 7200
        FigureAssert.Ratio(0.879942, f.Iso.Effectiveness, "iso effectiveness");        // 6120 / 6955
        FigureAssert.Ratio(0.965972, f.Iso.TechnicalEfficiency, "iso technical");      // 6955 / (6955 + 245)
        FigureAssert.Seconds(3477.5, f.Iso.MtbfSeconds, "iso MTBF");                   // 6955 / 2
        // Threshold: the 95 s of minor stops are production time: APT 7050, ADET 150.
        FigureAssert.Ratio(0.979167, f.Threshold.Availability, "threshold availability");   // 7050 / 7200
        FigureAssert.Ratio(0.868085, f.Threshold.Effectiveness, "threshold effectiveness"); // 6120 / 7050
        FigureAssert.Ratio(0.979167, f.Threshold.TechnicalEfficiency, "threshold technical"); // 7050 / (7050 + 150)
        FigureAssert.Seconds(3525, f.Threshold.MtbfSeconds, "threshold MTBF");              // 7050 / 2
        foreach (var k in new[] { f.Iso, f.Threshold })
        {
            FigureAssert.Ratio(0.980392, k.Quality, $"{k.Convention} quality");    // 200 / 204
            FigureAssert.Ratio(0.833333, k.Oee, $"{k.Convention} OEE");            // 6120 / 7200 x 200 / 204 = 0.85 x 0.980392, either way
            FigureAssert.Ratio(0.833333, k.Nee, $"{k.Convention} NEE");            // no setup: AUPT = APT
            FigureAssert.Ratio(0.019608, k.ScrapRatio, $"{k.Convention} scrap");   // 4 / 204
            FigureAssert.Ratio(0, k.SetupRate, $"{k.Convention} setup rate");      // 0 / APT
            FigureAssert.Seconds(75, k.MttrSeconds, $"{k.Convention} MTTR");       // (90 + 60) / 2
        }

        Assert.Empty(f.Health.Issues);

        var stops = await rig.DowntimeAsync(At(6, 0), At(8, 0));
        (DateTimeOffset, double, string, bool, int?)[] expectedStops =
        [
            (At(6, 20, 0), 20, "Down", true, null),
            (At(6, 40, 0), 45, "Down", true, null),
            (At(7, 0, 0), 30, "Idle", true, null),
            (At(7, 20, 0), 90, "Down", false, 302),
            (At(7, 40, 0), 60, "Down", false, null),
        ];
        Assert.Equal(expectedStops, stops.Select(s => (s.Start, s.Seconds, s.State, s.MicroStop, s.Code)).ToArray());
        Assert.All(stops, s => Assert.Equal("J-1", s.OrderId));
    }

    /// <summary>The machine stops (PackML <paramref name="state"/>) at <paramref name="at"/> and runs again at <paramref name="until"/>.</summary>
    private static async Task StopAsync(ScenarioRig rig, DateTimeOffset at, int state, string mesState, DateTimeOffset until)
    {
        await rig.AdvanceToAsync(at);
        await rig.ForceStateAsync(state);
        await rig.ExpectStateAsync(mesState, at);
        await rig.AdvanceToAsync(until);
        await rig.ForceStateAsync(PackMl.Execute);
        await rig.ExpectStateAsync("Running", until);
    }
}
