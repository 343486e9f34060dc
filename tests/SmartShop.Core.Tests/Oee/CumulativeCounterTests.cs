using SmartShop.Core.Oee;

namespace SmartShop.Core.Tests.Oee;

public sealed class CumulativeCounterTests
{
    [Fact]
    public void Apply_FirstReading_BaselineWithoutUnits()
    {
        var (next, delta) = new CumulativeCounter(null).Apply(1234);

        Assert.Equal(new CounterDelta(0, CounterChange.Baseline), delta);
        Assert.Equal(1234ul, next.Last);
    }

    [Fact]
    public void Apply_Increase_DeltaIsTheDifference()
    {
        var (_, delta) = new CumulativeCounter(100).Apply(107);

        Assert.Equal(new CounterDelta(7, CounterChange.Increase), delta);
    }

    [Fact]
    public void Apply_SameReading_ZeroIncrease()
    {
        Assert.Equal(new CounterDelta(0, CounterChange.Increase), new CumulativeCounter(100).Apply(100).Delta);
    }

    [Fact]
    public void Apply_AfterGap_ReconcilesEverythingCountedMeanwhile()
    {
        var (_, delta) = new CumulativeCounter(100).Apply(160, afterGap: true);

        Assert.Equal(new CounterDelta(60, CounterChange.Reconciled), delta);
    }

    [Fact]
    public void Apply_Decrease_ResetCountsTheNewReading()
    {
        var (next, delta) = new CumulativeCounter(5000).Apply(3);

        Assert.Equal(new CounterDelta(3, CounterChange.Reset), delta);
        Assert.Equal(3ul, next.Last);
    }

    [Fact]
    public void Apply_UInt32Wrap_RolloverCountsAcrossTheMaximum()
    {
        // 4294967290 → 4294967295 is 5 units, → 0 is a 6th, → 4 four more.
        var (_, delta) = new CumulativeCounter(4_294_967_290).Apply(4);

        Assert.Equal(new CounterDelta(10, CounterChange.Rollover), delta);
    }

    [Fact]
    public void Apply_Int32Counter_RolloverAtItsOwnMaximum()
    {
        var (_, delta) = new CumulativeCounter(int.MaxValue - 1, int.MaxValue).Apply(1);

        Assert.Equal(new CounterDelta(3, CounterChange.Rollover), delta);
    }

    [Fact]
    public void Apply_DropFromHighToMiddle_ResetNotRollover()
    {
        // From near the top to a value in the bottom half but far away: no counter jumps a quarter of its range.
        var (_, delta) = new CumulativeCounter(4_000_000_000).Apply(2_000_000_000);

        Assert.Equal(CounterChange.Reset, delta.Change);
        Assert.Equal(2_000_000_000, delta.Delta);
    }

    [Fact]
    public void Apply_ReadingAboveMaximum_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CumulativeCounter(1, int.MaxValue).Apply((ulong)int.MaxValue + 1));
    }

    [Fact]
    public void Apply_Sequence_SumsToTheUnitsReallyMade()
    {
        // 10 made, reset by the PLC, 7 made, 3 more: 20 units.
        var counter = new CumulativeCounter(null);
        long total = 0;
        foreach (var reading in new ulong[] { 50, 55, 60, 2, 7, 10 })
        {
            (counter, var delta) = counter.Apply(reading);
            total += delta.Delta;
        }

        Assert.Equal(20, total);
    }
}
