using SmartShop.Core.Machines;
using SmartShop.Core.Shifts;

namespace SmartShop.Core.Oee;

/// <summary>
/// One closed stretch of a machine's time in which nothing that matters to OEE changed: the same machine state,
/// job, calendar period and stop. The machine's time ledger is the sequence of these, contiguous and without overlap;
/// every figure is a sum over them (OEE.md rule 3). Quantities are those counted while the interval was open.
/// </summary>
/// <param name="MachineId">The machine.</param>
/// <param name="Start">Start (inclusive).</param>
/// <param name="End">End (exclusive); the duration is <c>End - Start</c> in real time.</param>
/// <param name="State">The machine state.</param>
/// <param name="Element">The ISO 22400 element the state, job and calendar make of it.</param>
/// <param name="Calendar">What the shift calendar says of this time.</param>
/// <param name="ShiftId">The shift (null outside shifts).</param>
/// <param name="ProductionDay">The production day the calendar assigns it to.</param>
/// <param name="OrderId">The active order, if any.</param>
/// <param name="ProductId">The product of the active order, if any.</param>
/// <param name="IdealCycleTime">PRU of that product on this machine, if known.</param>
/// <param name="StopId">The stop this interval is part of (a stop may be split at shift boundaries); null while running.</param>
/// <param name="StopStart">Whether this interval is the first piece of its stop (counting stops counts these).</param>
/// <param name="MicroStop">Part of a stop, during an order, shorter than the machine's minor-stop threshold.</param>
/// <param name="Good">Good units counted in the interval.</param>
/// <param name="Scrap">Scrap units counted in the interval.</param>
public sealed record LedgerInterval(
    string MachineId,
    DateTimeOffset Start,
    DateTimeOffset End,
    MachineState State,
    TimeElement Element,
    CalendarTimeKind Calendar,
    string? ShiftId,
    DateOnly ProductionDay,
    string? OrderId,
    string? ProductId,
    TimeSpan? IdealCycleTime,
    long? StopId,
    bool StopStart,
    bool MicroStop,
    long Good,
    long Scrap)
{
    public TimeSpan Duration => End - Start;

    /// <summary>PQ: produced units, good and scrap.</summary>
    public long Produced => Good + Scrap;
}
