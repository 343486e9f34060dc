namespace SmartShop.Core.Oee;

/// <summary>How a counter reading was turned into a delta.</summary>
public enum CounterChange
{
    /// <summary>The first reading: the baseline, no units counted.</summary>
    Baseline,

    /// <summary>Up by the delta (or unchanged).</summary>
    Increase,

    /// <summary>The reading after a connection gap: the delta is everything counted meanwhile.</summary>
    Reconciled,

    /// <summary>Went down: the PLC reset its counter; the delta is the new reading (counted since the reset).</summary>
    Reset,

    /// <summary>Passed the type's maximum and started again at 0.</summary>
    Rollover,
}

/// <summary>A counter reading turned into units counted.</summary>
public readonly record struct CounterDelta(long Delta, CounterChange Change);

/// <summary>
/// A PLC's cumulative counter turned into deltas (OEE.md rule 5). A reading below the last one is a rollover when the
/// last reading was in the top half of the counter's range, the new one in the bottom half, and the wrapped distance is
/// under a quarter of the range (a counter of parts cannot jump further between two readings); otherwise it is a reset,
/// and the units counted since the reset are the new reading. After a connection gap the next reading reconciles what
/// happened meanwhile: its delta is what the PLC counted while the MES could not see it, no unit lost or counted twice.
/// A value type so the grain stores it with its state.
/// </summary>
/// <param name="Last">The last reading; null before the first.</param>
/// <param name="Maximum">The counter type's maximum: <see cref="uint.MaxValue"/> for UInt32, <see cref="int.MaxValue"/> for PackML's Int32 counts.</param>
public readonly record struct CumulativeCounter(ulong? Last, ulong Maximum = uint.MaxValue)
{
    /// <summary>The delta for <paramref name="reading"/>, and the counter to keep.</summary>
    /// <param name="afterGap">The first reading after the connection was lost (or the server restarted).</param>
    public (CumulativeCounter Next, CounterDelta Delta) Apply(ulong reading, bool afterGap = false)
    {
        if (reading > Maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(reading), reading, $"A counter reading above the counter's maximum {Maximum}.");
        }

        var next = this with { Last = reading };
        if (Last is not { } last)
        {
            return (next, new CounterDelta(0, CounterChange.Baseline));
        }

        if (reading >= last)
        {
            return (next, new CounterDelta((long)(reading - last), afterGap ? CounterChange.Reconciled : CounterChange.Increase));
        }

        var half = Maximum / 2;
        var wrapped = Maximum - last + reading + 1;
        if (last > half && reading <= half && wrapped < Maximum / 4)
        {
            return (next, new CounterDelta((long)wrapped, CounterChange.Rollover));
        }

        return (next, new CounterDelta((long)reading, CounterChange.Reset));
    }
}
