namespace SmartShop.Core.Machines;

/// <summary>The PLC signals the MES reads from a machine (the plant file's signal map).</summary>
public enum MachineSignal
{
    State,

    /// <summary>PackML unit mode or Machinery operation mode, read with the state.</summary>
    Mode,

    GoodCount,
    RejectCount,
    StopReason,
    CycleTime,
    EnergyKwh,

    /// <summary>The job or order the PLC is running (text; empty: none).</summary>
    JobId,

    /// <summary>The product of that job (text).</summary>
    Product,

    /// <summary>Starved flag (Boolean).</summary>
    Starved,

    /// <summary>Blocked flag (Boolean).</summary>
    Blocked,
}

/// <summary>
/// One value of one signal, as the OPC UA connector hands it to the machine grain: plain numbers and text, no OPC UA
/// types. <paramref name="SourceTime"/> is the PLC's timestamp (when the value changed); <paramref name="ReceivedAt"/>
/// the MES's clock when it arrived. A sample with a bad status has <paramref name="Good"/> false and no usable value.
/// <paramref name="CounterMaximum"/> is the largest value the PLC's counter type holds (from the value's data type:
/// 4294967295 for UInt32, 2147483647 for Int32), where it wraps; 0 when not a counter or not known (UInt32 assumed).
/// </summary>
public readonly record struct MachineSample(
    MachineSignal Signal,
    double Number,
    string? Text,
    DateTimeOffset SourceTime,
    DateTimeOffset ReceivedAt,
    bool Good = true,
    ulong CounterMaximum = 0);
