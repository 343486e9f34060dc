namespace SmartShop.Core.Machines;

/// <summary>
/// The MES's view of what a machine is doing, independent of how its PLC encodes it (PackML, Machinery item state,
/// or a plant-specific code table). Whether a state counts as ADOT or ADET depends on the job context (OEE.md rule 1),
/// so this enum deliberately says nothing about OEE time elements.
/// </summary>
public enum MachineState
{
    /// <summary>No information yet (never connected, never reported).</summary>
    Unknown,

    /// <summary>Producing.</summary>
    Running,

    /// <summary>Available and ready, not producing.</summary>
    Idle,

    /// <summary>Changeover or setup.</summary>
    Setup,

    /// <summary>Stopped by a failure or any other unplanned interruption.</summary>
    Down,

    /// <summary>Stopped on purpose (planned maintenance, break, no shift).</summary>
    PlannedDown,

    /// <summary>The MES has lost its connection to the machine's controller.</summary>
    Disconnected,

    /// <summary>Stopped for want of input (material or parts from upstream): the PLC's starved flag on a stop.</summary>
    Starved,

    /// <summary>Stopped because output cannot leave (downstream full): the PLC's blocked flag on a stop.</summary>
    Blocked,
}

/// <summary>Where the current state came from.</summary>
public enum MachineStateSource
{
    None,

    /// <summary>Reported by a person (operator terminal, supervisor, API) for a machine without a PLC connection.</summary>
    Manual,

    /// <summary>Read from the machine's controller over OPC UA.</summary>
    Plc,
}
