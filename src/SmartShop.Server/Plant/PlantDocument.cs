namespace SmartShop.Server.Plant;

// The plant file as written (YAML or JSON, camelCase keys). Every property is nullable: "missing" is a validation
// error reported with its path, not a deserializer exception. The binder maps keys to these properties by camelCase
// name, so adding a property here is all it takes to accept a new key; any other key is reported as unknown.

internal sealed class PlantDocument : DocumentObject
{
    public EnterpriseDocument? Enterprise { get; set; }

    /// <summary>The plant's downtime reason tree (see PlantDocument.DowntimeReasons.cs).</summary>
    public List<DowntimeReasonDocument>? DowntimeReasons { get; set; }

    public List<MachineTypeDocument>? MachineTypes { get; set; }

    public List<SiteDocument>? Sites { get; set; }
}

internal sealed class EnterpriseDocument : DocumentObject
{
    public string? Id { get; set; }

    public string? Name { get; set; }
}

internal sealed class MachineTypeDocument : DocumentObject
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>PackML, MachineryItemState or Custom.</summary>
    public string? StateModel { get; set; }

    /// <summary>Raw state code to Running/Idle/Setup/Down/PlannedDown; required with (and only with) Custom.</summary>
    public CodeTableDocument? StateCodes { get; set; }

    public double? MicroStopThresholdSeconds { get; set; }

    public StopReasonTableDocument? StopReasons { get; set; }

    /// <summary>Full ids of the downtime reasons (with their subtrees) operators pick from; the whole tree when missing.</summary>
    public List<DocumentText>? Reasons { get; set; }
}

internal sealed class SiteDocument : DocumentObject
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>IANA time zone id, e.g. Asia/Shanghai.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The site's shift calendar; none means 24/7.</summary>
    public ShiftCalendarDocument? ShiftCalendar { get; set; }

    public List<AreaDocument>? Areas { get; set; }
}

internal sealed class AreaDocument : DocumentObject
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>An override of the site's calendar (no productionDay).</summary>
    public ShiftCalendarDocument? ShiftCalendar { get; set; }

    public List<LineDocument>? Lines { get; set; }
}

internal sealed class LineDocument : DocumentObject
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? ConstraintMachineId { get; set; }

    /// <summary>An override of the area's (or site's) calendar (no productionDay).</summary>
    public ShiftCalendarDocument? ShiftCalendar { get; set; }

    public List<WorkCellDocument>? WorkCells { get; set; }

    public List<MachineDocument>? Machines { get; set; }
}

internal sealed class WorkCellDocument : DocumentObject
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public List<MachineDocument>? Machines { get; set; }
}

internal sealed class MachineDocument : DocumentObject
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    public string? Endpoint { get; set; }

    /// <summary>Overrides the type's state model (with its own stateCodes when Custom).</summary>
    public string? StateModel { get; set; }

    public CodeTableDocument? StateCodes { get; set; }

    /// <summary>Overrides the type's threshold, in seconds.</summary>
    public double? MicroStopThresholdSeconds { get; set; }

    /// <summary>Added to (and overriding codes of) the type's stop-reason table.</summary>
    public StopReasonTableDocument? StopReasons { get; set; }

    public List<IdealCycleTimeDocument>? IdealCycleTimes { get; set; }

    public SignalMapDocument? Signals { get; set; }
}

internal sealed class IdealCycleTimeDocument : DocumentObject
{
    public string? Product { get; set; }

    public double? Seconds { get; set; }
}

internal sealed class SignalMapDocument : DocumentObject
{
    public string? State { get; set; }

    public string? GoodCount { get; set; }

    public string? RejectCount { get; set; }

    public string? StopReason { get; set; }

    public string? CycleTime { get; set; }

    public string? EnergyKwh { get; set; }

    public string? JobStart { get; set; }

    public string? JobStop { get; set; }

    public string? Mode { get; set; }

    public string? JobId { get; set; }

    public string? Product { get; set; }

    public string? Starved { get; set; }

    public string? Blocked { get; set; }

    public string? JobControl { get; set; }
}

/// <summary>A mapping from integer PLC codes to text (stop reasons, custom state codes), in file order.</summary>
internal class CodeTableDocument
{
    public required DocumentPath Path { get; init; }

    public List<CodeTableEntry> Entries { get; } = [];
}

/// <param name="Detail">The <c>{ text, reason }</c> form of a stop-reason entry; null for plain text.</param>
internal sealed record CodeTableEntry(int Code, string? Text, DocumentPath Path, SourcePosition Position, StopReasonCodeDocument? Detail = null);

/// <summary>Where a DTO came from: its path, its position, and the position of each key's value.</summary>
internal abstract class DocumentObject
{
    internal DocumentPath Path = DocumentPath.Root;

    internal SourcePosition Position;

    internal readonly Dictionary<string, SourcePosition> ValuePositions = new(StringComparer.Ordinal);

    /// <summary>Keys present in the file whose value could not be read (already reported by the binder).</summary>
    internal readonly HashSet<string> FailedKeys = new(StringComparer.Ordinal);

    internal SourcePosition PositionOf(string key) => ValuePositions.GetValueOrDefault(key, Position);
}

/// <summary>
/// A path inside the plant file, e.g. <c>sites[0].areas[1].lines[0].machines[2] (id 'l1-press').idealCycleTimes[1].seconds</c>.
/// Indexes locate the entry; the id of the innermost list entry that has one is shown because people search for ids.
/// </summary>
internal sealed class DocumentPath
{
    private readonly DocumentPath? _parent;
    private readonly string _segment;
    private readonly string? _id;

    private DocumentPath(DocumentPath? parent, string segment, string? id)
    {
        _parent = parent;
        _segment = segment;
        _id = id;
    }

    public static DocumentPath Root { get; } = new(null, string.Empty, null);

    public DocumentPath Property(string name) => new(this, name, null);

    public DocumentPath Index(int index, string? id = null) => new(this, $"[{index}]", string.IsNullOrEmpty(id) ? null : id);

    public DocumentPath Key(int code) => new(this, $"[{code}]", null);

    public override string ToString()
    {
        var segments = new List<DocumentPath>();
        for (var p = this; p._parent is not null; p = p._parent)
        {
            segments.Add(p);
        }

        segments.Reverse();
        var labelled = segments.FindLastIndex(s => s._id is not null);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (text.Length > 0 && segment._segment[0] != '[')
            {
                text.Append('.');
            }

            text.Append(segment._segment);
            if (i == labelled)
            {
                text.Append(" (id '").Append(segment._id).Append("')");
            }
        }

        return text.ToString();
    }
}
