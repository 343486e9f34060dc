using System.Globalization;

namespace SmartShop.Core.Downtime;

/// <summary>Where a stop part's reason comes from; a manual classification wins over the PLC, which wins over none.</summary>
public enum ReasonSource
{
    /// <summary>Unclassified.</summary>
    None,

    /// <summary>The PLC's stop-reason code, mapped by the plant file (to a tree reason, or only to a text).</summary>
    Plc,

    /// <summary>A person classified it (or split it off with a reason).</summary>
    Manual,
}

public enum ReasonChangeKind
{
    Classify,
    Split,
}

/// <summary>
/// One entry of a stop's reason ledger (OEE.md rule 7): who changed what, when, from what to what, and why. Entries are
/// appended, never changed; a stop's parts and their reasons are derived from them (<see cref="StopClassification.Parts"/>).
/// </summary>
/// <param name="Sequence">1, 2, 3, ... per stop: the order of the entries (two writers cannot both take a number).</param>
/// <param name="Part">Classify: the part classified. Split: the new part, from <paramref name="SplitAt"/> to the end of the part split.</param>
/// <param name="SplitAt">Split only: the boundary (millisecond precision, as stored).</param>
/// <param name="OldReasonId">The part's effective reason before the change (for a split: what the new part had until then).</param>
/// <param name="OldSource">Where that reason came from; <see cref="ReasonSource.Plc"/> with a null id is a code mapped only to a text.</param>
/// <param name="At">When the change was recorded (server clock).</param>
/// <param name="By">Who made it: the signed-in user's name (an API key's is <c>api:NAME</c>).</param>
/// <param name="Why">The reason for the change, as written.</param>
public sealed record ReasonChange(
    int Sequence,
    ReasonChangeKind Kind,
    int Part,
    DateTimeOffset? SplitAt,
    string? OldReasonId,
    ReasonSource OldSource,
    string NewReasonId,
    DateTimeOffset At,
    string By,
    string Why)
{
    /// <summary>Who signed the change electronically (a reclassification of a person's choice is signed).</summary>
    public string? SignedBy { get; init; }

    /// <summary>What the signature means.</summary>
    public string? SignatureMeaning { get; init; }
}

/// <summary>A stop as the machine recorded it, with the tree reason the plant file maps its PLC code to.</summary>
/// <param name="End">Null while the stop lasts.</param>
/// <param name="PlcReasonId">The tree reason of <paramref name="PlcCode"/>; null when none is mapped.</param>
public sealed record StopFacts(long StopId, DateTimeOffset Start, DateTimeOffset? End, bool MicroStop, int? PlcCode, string? PlcReasonId);

/// <summary>A part of a stop with its effective reason. An unsplit stop has one part, 0, spanning it.</summary>
/// <param name="Part">0 for the part that starts with the stop; n for the part the n-th split created. Never renumbered.</param>
/// <param name="End">Null while the stop lasts.</param>
/// <param name="ReasonId">The effective tree reason; null when unclassified, or when the PLC code maps only to a text.</param>
/// <param name="LastChange">The ledger entry that set the reason; null when it comes from the PLC or there is none.</param>
public sealed record StopPart(int Part, DateTimeOffset Start, DateTimeOffset? End, string? ReasonId, ReasonSource Source, ReasonChange? LastChange)
{
    public bool IsClassified => Source != ReasonSource.None;

    public TimeSpan DurationAt(DateTimeOffset now) => (End ?? now) - Start;
}

/// <summary>Classify a part of a stop (<paramref name="Part"/> may be omitted while the stop is not split).</summary>
public sealed record ClassifyStop(int? Part, string ReasonId, string By, string Why);

/// <summary>Split the stop at <paramref name="At"/>: the part containing it ends there and a new part with <paramref name="ReasonIdAfter"/> begins.</summary>
public sealed record SplitStop(DateTimeOffset At, string ReasonIdAfter, string By, string Why);

public enum RejectionKind
{
    /// <summary>The request names something that cannot be (an unknown or not offered reason): 400.</summary>
    Invalid,

    /// <summary>The request names a part the stop does not have: 404.</summary>
    NotFound,

    /// <summary>The request does not fit the stop as it is now (open stop, instant outside it, already so classified): 409.</summary>
    Conflict,
}

/// <param name="Field">The request field at fault.</param>
public sealed record ReasonRejection(RejectionKind Kind, string Field, string Message);

/// <summary>Either the ledger entry to append or why there is none.</summary>
public sealed record ReasonDecision(ReasonChange? Change, ReasonRejection? Rejection)
{
    public static ReasonDecision Accept(ReasonChange change) => new(change, null);

    public static ReasonDecision Reject(RejectionKind kind, string field, string message) => new(null, new ReasonRejection(kind, field, message));
}

/// <summary>
/// The reasons of a stop, derived from its PLC code and its append-only reason ledger, and the decisions to classify
/// or split it. Pure: the caller loads the stop and its ledger and appends the entry decided here. Splitting never
/// rewrites the ledger intervals: a part's duration comes from the stop's times and the stored boundaries.
/// </summary>
public static class StopClassification
{
    /// <summary>
    /// The parts of a stop in time order, each with its effective reason: its latest manual classification (a split
    /// counts as one for the part it creates), else the PLC's mapped reason, else none. Entries that no longer fit the
    /// stop's recorded times (a boundary outside it) are ignored rather than trusted.
    /// </summary>
    public static IReadOnlyList<StopPart> Parts(StopFacts stop, IReadOnlyList<ReasonChange> history)
    {
        ArgumentNullException.ThrowIfNull(stop);
        ArgumentNullException.ThrowIfNull(history);
        var (plcReason, plcSource) = stop.PlcCode is null ? ((string?)null, ReasonSource.None) : (stop.PlcReasonId, ReasonSource.Plc);
        var parts = new List<StopPart> { new(0, stop.Start, stop.End, plcReason, plcSource, null) };
        foreach (var change in history.OrderBy(c => c.Sequence))
        {
            if (change.Kind == ReasonChangeKind.Classify)
            {
                var index = parts.FindIndex(p => p.Part == change.Part);
                if (index >= 0)
                {
                    parts[index] = parts[index] with { ReasonId = change.NewReasonId, Source = ReasonSource.Manual, LastChange = change };
                }
            }
            else if (change.SplitAt is { } at && parts.FindIndex(p => Inside(p, at)) is var split and >= 0 && parts.All(p => p.Part != change.Part))
            {
                var old = parts[split];
                parts[split] = old with { End = at };
                parts.Add(new StopPart(change.Part, at, old.End, change.NewReasonId, ReasonSource.Manual, change));
            }
        }

        parts.Sort((a, b) => a.Start.CompareTo(b.Start));
        return parts;
    }

    /// <summary>Decides the ledger entry for classifying a part of a stop with a reason the machine's type offers.</summary>
    public static ReasonDecision Classify(StopFacts stop, IReadOnlyList<ReasonChange> history, ClassifyStop command, DowntimeReasonMenu menu, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(menu);
        if (CheckReason(menu, command.ReasonId, "reasonId") is { } invalid)
        {
            return invalid;
        }

        var parts = Parts(stop, history);
        StopPart? target;
        if (command.Part is { } part)
        {
            target = parts.FirstOrDefault(p => p.Part == part);
            if (target is null)
            {
                return ReasonDecision.Reject(RejectionKind.NotFound, "part",
                    $"Stop {stop.StopId} has no part {part}; its parts: {PartList(parts)}.");
            }
        }
        else if (parts.Count > 1)
        {
            return ReasonDecision.Reject(RejectionKind.Conflict, "part",
                $"Stop {stop.StopId} is split into parts {PartList(parts)}; name the part to classify.");
        }
        else
        {
            target = parts[0];
        }

        if (target.Source == ReasonSource.Manual && target.ReasonId == command.ReasonId)
        {
            return ReasonDecision.Reject(RejectionKind.Conflict, "reasonId",
                $"Part {target.Part} of stop {stop.StopId} is already classified as '{command.ReasonId}' " +
                $"(by {target.LastChange!.By} at {target.LastChange.At.ToString("O", CultureInfo.InvariantCulture)}).");
        }

        return ReasonDecision.Accept(new ReasonChange(
            NextSequence(history), ReasonChangeKind.Classify, target.Part, null, target.ReasonId, target.Source, command.ReasonId, now, command.By, command.Why));
    }

    /// <summary>
    /// Decides the ledger entry for splitting an ended stop at an instant strictly inside one of its parts; the part
    /// before keeps its reason, the new part after gets <see cref="SplitStop.ReasonIdAfter"/>.
    /// </summary>
    public static ReasonDecision Split(StopFacts stop, IReadOnlyList<ReasonChange> history, SplitStop command, DowntimeReasonMenu menu, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stop);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(menu);
        if (CheckReason(menu, command.ReasonIdAfter, "reasonIdAfter") is { } invalid)
        {
            return invalid;
        }

        if (stop.End is not { } end)
        {
            return ReasonDecision.Reject(RejectionKind.Conflict, "at",
                $"Stop {stop.StopId} is still open; it can be split once it has ended.");
        }

        if (command.At <= stop.Start || command.At >= end)
        {
            return ReasonDecision.Reject(RejectionKind.Conflict, "at",
                $"{Text(command.At)} is not inside stop {stop.StopId} ({Text(stop.Start)} to {Text(end)}).");
        }

        var parts = Parts(stop, history);
        var target = parts.FirstOrDefault(p => Inside(p, command.At));
        if (target is null)
        {
            return ReasonDecision.Reject(RejectionKind.Conflict, "at",
                $"Stop {stop.StopId} is already split at {Text(command.At)}.");
        }

        var newPart = history.Count(c => c.Kind == ReasonChangeKind.Split) + 1;
        return ReasonDecision.Accept(new ReasonChange(
            NextSequence(history), ReasonChangeKind.Split, newPart, command.At, target.ReasonId, target.Source, command.ReasonIdAfter, now, command.By, command.Why));
    }

    /// <summary>
    /// A part to follow up: without any reason, not a minor stop, and lasting (or having lasted) longer than
    /// <paramref name="unclassifiedAfter"/>.
    /// </summary>
    public static bool NeedsFollowUp(StopPart part, bool microStop, DateTimeOffset now, TimeSpan unclassifiedAfter)
    {
        ArgumentNullException.ThrowIfNull(part);
        return !part.IsClassified && !microStop && part.DurationAt(now) > unclassifiedAfter;
    }

    /// <summary>Null when <paramref name="reasonId"/> is in the tree and offered by the menu; otherwise the rejection naming <paramref name="field"/>.</summary>
    public static ReasonDecision? CheckReason(DowntimeReasonMenu menu, string reasonId, string field)
    {
        ArgumentNullException.ThrowIfNull(menu);
        if (!menu.Tree.Contains(reasonId))
        {
            return ReasonDecision.Reject(RejectionKind.Invalid, field, menu.Tree.IsEmpty
                ? $"'{reasonId}' is not a downtime reason: the plant file declares no downtimeReasons."
                : $"'{reasonId}' is not a downtime reason of the plant file.");
        }

        return menu.Offers(reasonId)
            ? null
            : ReasonDecision.Reject(RejectionKind.Invalid, field,
                $"'{reasonId}' is not offered for this machine's type; offered: {string.Join(", ", menu.Offered!)}.");
    }

    private static bool Inside(StopPart part, DateTimeOffset at) => part.Start < at && (part.End is not { } end || at < end);

    private static int NextSequence(IReadOnlyList<ReasonChange> history) => history.Count == 0 ? 1 : history.Max(c => c.Sequence) + 1;

    private static string PartList(IReadOnlyList<StopPart> parts) => string.Join(", ", parts.Select(p => p.Part.ToString(CultureInfo.InvariantCulture)));

    private static string Text(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
