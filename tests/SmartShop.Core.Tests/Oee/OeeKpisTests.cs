using SmartShop.Core.Machines;
using SmartShop.Core.Oee;
using SmartShop.Core.Shifts;

namespace SmartShop.Core.Tests.Oee;

public sealed class OeeKpisTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static LedgerInterval Interval(string machine, double minutes, TimeElement element, long good = 0, long scrap = 0, double? pruSeconds = null, MachineState state = MachineState.Running) =>
        new(machine, T0, T0.AddMinutes(minutes), state, element, CalendarTimeKind.Operating, "early", default, "O-1", "P-1",
            pruSeconds is { } s ? TimeSpan.FromSeconds(s) : null, null, false, false, good, scrap);

    [Fact]
    public void RollUp_SumsElementsThenDivides_NeverAveragesPercentages()
    {
        // Machine A: available 90 of 100 min; machine B: 1 of 10 min. Averaging would say 50 %.
        var a = OeeTotals.Sum([Interval("a", 90, TimeElement.ProductionTime), Interval("a", 10, TimeElement.UnitDelayTime, state: MachineState.Down)]);
        var b = OeeTotals.Sum([Interval("b", 1, TimeElement.ProductionTime), Interval("b", 9, TimeElement.UnitDelayTime, state: MachineState.Down)]);

        var line = OeeKpis.From(a.Add(b), MicroStopConvention.Iso);

        Assert.Equal(91.0 / 110, line.Availability!.Value, 12);
    }

    [Fact]
    public void NothingPlanned_RatiosNull_NotZero()
    {
        var kpis = OeeKpis.From(OeeTotals.Empty, MicroStopConvention.Iso);

        Assert.Null(kpis.Availability);
        Assert.Null(kpis.Effectiveness);
        Assert.Null(kpis.Quality);
        Assert.Null(kpis.Oee);
        Assert.Null(kpis.Mtbf);
    }

    [Fact]
    public void EffectivenessAboveOne_KeptRaw()
    {
        // 10 min of production time, 12 units of a 60 s part: the PRU in the plant file is too slow.
        var kpis = OeeKpis.From(OeeTotals.Sum([Interval("a", 10, TimeElement.ProductionTime, good: 12, pruSeconds: 60)]), MicroStopConvention.Iso);

        Assert.Equal(1.2, kpis.Effectiveness!.Value, 12);
    }

    [Fact]
    public void UnitsWithoutIdealCycleTime_LeftOutOfEffectiveness_Reported()
    {
        var totals = OeeTotals.Sum([Interval("a", 10, TimeElement.ProductionTime, good: 5, pruSeconds: 60), Interval("a", 10, TimeElement.ProductionTime, good: 7)]);

        Assert.Equal(7, totals.ProducedWithoutIdealTime);
        Assert.Equal(5.0 / 20, OeeKpis.From(totals, MicroStopConvention.Iso).Effectiveness!.Value, 12);
        Assert.Equal(12, totals.Good);
    }

    [Fact]
    public void ProductionWithoutOrder_Reported()
    {
        var interval = Interval("a", 10, TimeElement.ProductionTime) with { OrderId = null };

        Assert.Equal(TimeSpan.FromMinutes(10), OeeTotals.Sum([interval]).ProductionWithoutOrder);
    }
}
