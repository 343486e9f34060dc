using SmartShop.Core.Machines;

namespace SmartShop.Core.Plant;

/// <summary>
/// A class of machine declared once in the plant file (e.g. "cnc-lathe"). It gives the defaults its machines
/// inherit unless they override them: state model, micro-stop threshold and stop-reason codes (the codes usually
/// come with the PLC program, which is shared by machines of one type).
/// </summary>
/// <remarks>
/// There is deliberately no default ideal cycle time: it depends on the product, and a guessed default would
/// silently distort OEE effectiveness instead of showing up as a missing value.
/// </remarks>
public sealed record MachineType(
    string Id,
    string Name,
    StateModel StateModel,
    TimeSpan MicroStopThreshold,
    IReadOnlyDictionary<int, string> StopReasons)
{
    /// <summary>PLC stop-reason code to the downtime reason (full id in the plant's reason tree) it stands for.</summary>
    public IReadOnlyDictionary<int, string> StopReasonIds { get; init; } = new Dictionary<int, string>();

    /// <summary>
    /// The downtime reasons (subtrees of the plant's tree) operators of this type's machines pick from; null offers the
    /// whole tree.
    /// </summary>
    public IReadOnlyList<string>? OfferedReasons { get; init; }
}

public enum StateModelKind
{
    /// <summary>ISA-TR88.00.02 PackML state machine (StateCurrent as an integer).</summary>
    PackML,

    /// <summary>OPC 40001-1 MachineryItemState (NotAvailable, OutOfService, Executing, NotExecuting).</summary>
    MachineryItemState,

    /// <summary>A plant-specific table from raw integer codes to machine states.</summary>
    Custom,
}

/// <summary>How a machine's raw state signal is read. <see cref="CustomCodes"/> is empty unless the kind is Custom.</summary>
public sealed record StateModel
{
    private StateModel(StateModelKind kind, IReadOnlyDictionary<int, MachineState> customCodes)
    {
        Kind = kind;
        CustomCodes = customCodes;
    }

    public static StateModel PackML { get; } = new(StateModelKind.PackML, new Dictionary<int, MachineState>());

    public static StateModel MachineryItemState { get; } =
        new(StateModelKind.MachineryItemState, new Dictionary<int, MachineState>());

    public StateModelKind Kind { get; }

    public IReadOnlyDictionary<int, MachineState> CustomCodes { get; }

    /// <summary>The states a PLC code can stand for; Unknown and Disconnected describe the connection, not the machine.</summary>
    public static IReadOnlyList<MachineState> CodableStates { get; } =
        [MachineState.Running, MachineState.Idle, MachineState.Setup, MachineState.Down, MachineState.PlannedDown];

    public static StateModel Custom(IReadOnlyDictionary<int, MachineState> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Count == 0)
        {
            throw new ArgumentException("A custom state model needs at least one code.", nameof(codes));
        }

        foreach (var state in codes.Values)
        {
            if (!CodableStates.Contains(state))
            {
                throw new ArgumentException($"A PLC code cannot stand for {state}.", nameof(codes));
            }
        }

        return new StateModel(StateModelKind.Custom, codes);
    }

    /// <summary>The state a raw code stands for under a custom table; null for an unmapped code or another kind.</summary>
    public MachineState? MapCustomCode(int code) =>
        CustomCodes.TryGetValue(code, out var state) ? state : null;
}
