using SmartShop.Core.Machines;

namespace SmartShop.Core.Oee;

/// <summary>
/// Intervals that count the same way in <see cref="OeeTotals"/>, summed: one interval, or many added up by the database
/// (same element, state, minor-stop flag and whether an order was active). Everything a figure needs of them is a sum,
/// so adding the sum is the same as adding each interval (OEE.md rule 3).
/// </summary>
/// <param name="Element">The ISO 22400 element.</param>
/// <param name="State">The machine state (starved and blocked time are counted apart).</param>
/// <param name="MicroStop">Minor-stop pieces.</param>
/// <param name="WithoutOrder">No order was active.</param>
/// <param name="Duration">Σ duration.</param>
/// <param name="StopStarts">How many of the intervals are the first piece of their stop.</param>
/// <param name="Good">Σ good units.</param>
/// <param name="Scrap">Σ scrap units.</param>
/// <param name="IdealTime">Σ PRU × PQ over the intervals with a known PRU.</param>
/// <param name="ProducedWithoutIdealTime">Σ PQ over the intervals without one.</param>
public readonly record struct LedgerSum(
    TimeElement Element,
    MachineState State,
    bool MicroStop,
    bool WithoutOrder,
    TimeSpan Duration,
    long StopStarts,
    long Good,
    long Scrap,
    TimeSpan IdealTime,
    long ProducedWithoutIdealTime)
{
    public long Produced => Good + Scrap;

    public static LedgerSum Of(LedgerInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        return new LedgerSum(
            interval.Element,
            interval.State,
            interval.MicroStop,
            interval.OrderId is null,
            interval.Duration,
            interval.StopStart ? 1 : 0,
            interval.Good,
            interval.Scrap,
            interval.IdealCycleTime is { } pru ? pru * interval.Produced : TimeSpan.Zero,
            interval.IdealCycleTime is null ? interval.Produced : 0);
    }
}
