using SmartShop.Core.Machines;
using SmartShop.Core.Oee;
using SmartShop.Core.Shifts;

namespace SmartShop.Core.Tests.Oee;

public sealed class TimeClassifierTests
{
    [Theory]
    // OEE.md rule 1: the same stop is ADET during an order and ADOT without one.
    [InlineData(MachineState.Down, true, CalendarTimeKind.Operating, TimeElement.UnitDelayTime)]
    [InlineData(MachineState.Down, false, CalendarTimeKind.Operating, TimeElement.UnitDownTime)]
    [InlineData(MachineState.Idle, true, CalendarTimeKind.Operating, TimeElement.UnitDelayTime)]
    [InlineData(MachineState.Idle, false, CalendarTimeKind.Operating, TimeElement.UnitDownTime)]
    [InlineData(MachineState.Starved, true, CalendarTimeKind.Operating, TimeElement.UnitDelayTime)]
    [InlineData(MachineState.Blocked, false, CalendarTimeKind.Operating, TimeElement.UnitDownTime)]
    [InlineData(MachineState.Setup, true, CalendarTimeKind.Operating, TimeElement.SetupTime)]
    [InlineData(MachineState.Setup, false, CalendarTimeKind.Operating, TimeElement.UnitDownTime)]
    [InlineData(MachineState.Running, true, CalendarTimeKind.Operating, TimeElement.ProductionTime)]
    [InlineData(MachineState.Running, false, CalendarTimeKind.Operating, TimeElement.ProductionTime)]
    [InlineData(MachineState.PlannedDown, true, CalendarTimeKind.Operating, TimeElement.PlannedDownTime)]
    [InlineData(MachineState.Disconnected, true, CalendarTimeKind.Operating, TimeElement.NoData)]
    [InlineData(MachineState.Unknown, false, CalendarTimeKind.Operating, TimeElement.NoData)]
    // Breaks and planned downtime from the calendar.
    [InlineData(MachineState.Down, true, CalendarTimeKind.Break, TimeElement.PlannedDownTime)]
    [InlineData(MachineState.Idle, false, CalendarTimeKind.PlannedDowntime, TimeElement.PlannedDownTime)]
    [InlineData(MachineState.Disconnected, true, CalendarTimeKind.Break, TimeElement.PlannedDownTime)]
    [InlineData(MachineState.Running, true, CalendarTimeKind.Break, TimeElement.ProductionTime)]
    [InlineData(MachineState.Running, false, CalendarTimeKind.Break, TimeElement.PlannedDownTime)]
    // Outside planned operation time nothing counts.
    [InlineData(MachineState.Running, true, CalendarTimeKind.NoShift, TimeElement.NotPlanned)]
    [InlineData(MachineState.Down, true, CalendarTimeKind.Holiday, TimeElement.NotPlanned)]
    public void Classify_StateOrderCalendar_IsoElement(MachineState state, bool orderActive, CalendarTimeKind calendar, TimeElement expected)
    {
        Assert.Equal(expected, TimeClassifier.Classify(state, orderActive, calendar));
    }
}
