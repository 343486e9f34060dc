namespace SmartShop.Core.Machines;

/// <summary>A machine's current state, since when (UTC), why (free text or reason name) and who said so.</summary>
public sealed record MachineStatus(string MachineId, MachineState State, DateTimeOffset Since, string? Reason, MachineStateSource Source)
{
    public static MachineStatus Initial(string machineId, DateTimeOffset now) =>
        new(machineId, MachineState.Unknown, now, null, MachineStateSource.None);

    /// <summary>
    /// Applies a reported state. Repeating the current state and reason changes nothing (reports are idempotent and
    /// <see cref="Since"/> keeps the start of the state); a new state or reason starts at <paramref name="at"/>.
    /// A report older than the current state's start is ignored, so late or replayed reports cannot rewind history.
    /// </summary>
    public MachineStatus Apply(MachineState state, string? reason, MachineStateSource source, DateTimeOffset at)
    {
        var normalisedReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (at < Since)
        {
            return this;
        }

        if (state == State && normalisedReason == Reason && source == Source)
        {
            return this;
        }

        return this with { State = state, Since = at, Reason = normalisedReason, Source = source };
    }
}
