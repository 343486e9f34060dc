using SmartShop.Core.Machines;
using SmartShop.Core.Shifts;

namespace SmartShop.Core.Oee;

/// <summary>
/// Which ISO 22400 element a machine's time is: from its state, whether an order is active (OEE.md rule 1: the same
/// stop is ADET during an order and ADOT without one) and what the shift calendar says. Minor stops are decided when
/// a stop ends (<see cref="MachineLedger"/>), not here.
/// </summary>
public static class TimeClassifier
{
    /// <summary>
    /// The rules, in order:
    /// <list type="number">
    /// <item>Outside a shift (no shift, holiday): <see cref="TimeElement.NotPlanned"/>, whatever the machine does.</item>
    /// <item>Unknown or disconnected: <see cref="TimeElement.NoData"/> (a break or planned downtime stays PDOT).</item>
    /// <item>Planned down (maintenance, break declared at the machine): PDOT.</item>
    /// <item>A calendar break or planned downtime: PDOT, unless the machine is producing for an order (then the time
    /// is used, and counts as below).</item>
    /// <item>No active order: running is APT (flagged as production without an order, since no PRU is known), any
    /// other state is ADOT.</item>
    /// <item>Active order: running is APT, setup is AUST, down, idle, starved and blocked are ADET.</item>
    /// </list>
    /// </summary>
    public static TimeElement Classify(MachineState state, bool orderActive, CalendarTimeKind calendar)
    {
        if (calendar is CalendarTimeKind.NoShift or CalendarTimeKind.Holiday)
        {
            return TimeElement.NotPlanned;
        }

        var plannedByCalendar = calendar is CalendarTimeKind.Break or CalendarTimeKind.PlannedDowntime;
        if (state is MachineState.Unknown or MachineState.Disconnected)
        {
            return plannedByCalendar ? TimeElement.PlannedDownTime : TimeElement.NoData;
        }

        if (state == MachineState.PlannedDown)
        {
            return TimeElement.PlannedDownTime;
        }

        if (plannedByCalendar && !(state == MachineState.Running && orderActive))
        {
            return TimeElement.PlannedDownTime;
        }

        if (!orderActive)
        {
            return state == MachineState.Running ? TimeElement.ProductionTime : TimeElement.UnitDownTime;
        }

        return state switch
        {
            MachineState.Running => TimeElement.ProductionTime,
            MachineState.Setup => TimeElement.SetupTime,
            _ => TimeElement.UnitDelayTime,
        };
    }

    /// <summary>Whether a state is a stop: a downtime event is opened for it (running, unknown and disconnected are not stops).</summary>
    public static bool IsStop(MachineState state) =>
        state is MachineState.Down or MachineState.Idle or MachineState.Setup or MachineState.PlannedDown or MachineState.Starved or MachineState.Blocked;

    /// <summary>Stops that count as minor stops when shorter than the threshold during an order.</summary>
    public static bool IsMinorStopCandidate(MachineState state) =>
        state is MachineState.Down or MachineState.Idle or MachineState.Starved or MachineState.Blocked;
}
