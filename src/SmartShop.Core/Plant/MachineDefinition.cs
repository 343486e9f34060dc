namespace SmartShop.Core.Plant;

/// <summary>
/// One machine (ISA-95 work unit) as configured: how to reach it, which PLC signals mean what, how to read its
/// state, and the ideal cycle times that OEE effectiveness is measured against.
/// </summary>
/// <param name="StateModel">The effective state model (the machine's own, else its type's).</param>
/// <param name="MicroStopThreshold">Stops shorter than this are micro-stops (the machine's own, else its type's).</param>
/// <param name="StopReasons">PLC stop-reason code to text: the type's table overlaid with the machine's entries.</param>
public sealed record MachineDefinition(
    string Id,
    string Name,
    MachineType Type,
    OpcUaEndpoint Endpoint,
    SignalMap Signals,
    StateModel StateModel,
    TimeSpan MicroStopThreshold,
    IReadOnlyList<IdealCycleTime> IdealCycleTimes,
    IReadOnlyDictionary<int, string> StopReasons)
{
    /// <summary>The ideal cycle time (ISO 22400 PRU) for a product on this machine, or null when none is configured.</summary>
    public TimeSpan? IdealCycleTimeFor(string product) =>
        IdealCycleTimes.FirstOrDefault(c => string.Equals(c.Product, product, StringComparison.Ordinal))?.Duration;

    /// <summary>The configured text for a PLC stop-reason code, or null for a code the tables do not know.</summary>
    public string? StopReasonText(int code) => StopReasons.GetValueOrDefault(code);

    /// <summary>
    /// PLC stop-reason code to downtime reason id (the type's mapping overlaid with the machine's entries: a code the
    /// machine redefines keeps no mapping of the type's).
    /// </summary>
    public IReadOnlyDictionary<int, string> StopReasonIds { get; init; } = new Dictionary<int, string>();

    /// <summary>The downtime reason the plant file maps a PLC stop-reason code to, or null.</summary>
    public string? StopReasonId(int code) => StopReasonIds.GetValueOrDefault(code);
}

/// <summary>Ideal (planned) time for one unit of a product on one machine; strictly positive.</summary>
public sealed record IdealCycleTime(string Product, TimeSpan Duration)
{
    // The initializer runs for the positional constructor, the init accessor for `with`: both check.
    public TimeSpan Duration { get; init => field = Positive(value); } = Positive(Duration);

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero
        ? value
        : throw new ArgumentOutOfRangeException(nameof(Duration), value, "An ideal cycle time must be positive.");
}
