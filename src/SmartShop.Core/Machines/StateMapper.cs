using SmartShop.Core.Plant;

namespace SmartShop.Core.Machines;

/// <summary>
/// A PLC's raw state turned into a <see cref="MachineState"/> through the machine's state model. The mode signal, where
/// the plant file maps one, decides setup and planned down first: PackML unit mode (2 Maintenance, 3 Manual) or
/// Machinery operation mode (1 Maintenance, 2 Setup). A code the model does not know is <see cref="MachineState.Unknown"/>
/// (shown as data health, never guessed).
/// </summary>
public static class StateMapper
{
    /// <param name="starved">The PLC's starved flag (PackML Status/EquipmentStarved), where mapped: makes a stop <see cref="MachineState.Starved"/>.</param>
    /// <param name="blocked">The PLC's blocked flag (EquipmentBlocked): makes a stop <see cref="MachineState.Blocked"/>.</param>
    public static MachineState Map(StateModel model, int raw, int? mode = null, bool starved = false, bool blocked = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var state = model.Kind switch
        {
            StateModelKind.PackML => PackMl(raw, mode),
            StateModelKind.MachineryItemState => Machinery(raw, mode),
            _ => model.CustomCodes.TryGetValue(raw, out var custom) ? custom : MachineState.Unknown,
        };

        // Only an unplanned stop can be starved or blocked; a machine in setup or maintenance is that, flags or not.
        if (state is MachineState.Down or MachineState.Idle)
        {
            return starved ? MachineState.Starved : blocked ? MachineState.Blocked : state;
        }

        return state;
    }

    /// <summary>
    /// PackML StateCurrent (ISA-TR88.00.02): Execute and the transitions into it are running; the resting and
    /// winding-down states are idle; Held/Holding (an internal stop), Aborting/Aborted/Clearing (a fault) and
    /// Suspended/Suspending (starved or blocked from outside) are down.
    /// </summary>
    private static MachineState PackMl(int state, int? unitMode) => unitMode switch
    {
        2 => MachineState.PlannedDown, // Maintenance
        3 => MachineState.Setup,       // Manual
        _ => state switch
        {
            3 or 6 or 12 or 14 => MachineState.Running,              // Starting, Execute, Unholding, Unsuspending
            2 or 4 or 7 or 15 or 16 or 17 => MachineState.Idle,      // Stopped, Idle, Stopping, Resetting, Completing, Complete
            1 or 5 or 8 or 9 or 10 or 11 or 13 => MachineState.Down, // Clearing, Suspended, Aborting, Aborted, Holding, Held, Suspending
            _ => MachineState.Unknown,
        },
    };

    /// <summary>OPC 40001-1 MachineryItemState: 1 OutOfService, 2 NotExecuting, 3 Executing; 0 NotAvailable says nothing.</summary>
    private static MachineState Machinery(int state, int? operationMode) => operationMode switch
    {
        1 => MachineState.PlannedDown, // Maintenance
        2 => MachineState.Setup,       // Setup
        _ => state switch
        {
            1 => MachineState.Down,
            2 => MachineState.Idle,
            3 => MachineState.Running,
            _ => MachineState.Unknown,
        },
    };
}
